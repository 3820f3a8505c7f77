package retrieval

import (
	"net/url"
	"strings"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// urlSlug returns the words of the slug of a news article's URL, the
// editor's short headline for the story ("ford-recall" in
// /2022/06/15/business/ford-recall/index.html), or "" when the URL has none.
// The slug is the longest path segment made of several hyphenated words.
func urlSlug(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	best := ""
	for _, seg := range strings.Split(u.Path, "/") {
		seg = strings.TrimSuffix(seg, ".html")
		seg = strings.TrimSuffix(seg, ".htm")
		if strings.Count(seg, "-") > strings.Count(best, "-") && hasLetter(seg) {
			best = seg
		}
	}
	return strings.NewReplacer("-", " ", "_", " ").Replace(best)
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// titleTerms returns the terms of an article's title field: its title (or,
// when it has none, its lede: the first sentence of its first real
// paragraph), and the words of its URL slug that these do not already have.
// Many articles come with a poor title or none; the lede and the slug name
// the story anyway.
func titleTerms(a *text.Analyzer, art *news.Article) []string {
	title := art.Title
	if strings.TrimSpace(title) == "" {
		title = lede(art.Body)
	}
	terms := a.Terms(nil, title)
	n := len(terms)
	for _, t := range a.Terms(nil, urlSlug(art.URL)) {
		if !contains(terms[:n], t) && !contains(terms[n:], t) {
			terms = append(terms, t)
		}
	}
	return terms
}

// Lede bounds: a paragraph of fewer words is a dateline or a caption, and a
// stand-in title is cut to at most ledeWords.
const (
	ledeMinWords = 8
	ledeWords    = 30
)

// lede returns the first sentence of the first paragraph of body that has at
// least ledeMinWords words, cut to ledeWords words.
func lede(body string) string {
	for para := range strings.SplitSeq(body, "\n") {
		if len(strings.Fields(para)) < ledeMinWords {
			continue
		}
		if s := text.Sentences(para); len(s) > 0 {
			para = para[s[0].Start:s[0].End]
		}
		words := strings.Fields(para)
		return strings.Join(words[:min(len(words), ledeWords)], " ")
	}
	return ""
}

func contains(terms []string, t string) bool {
	for _, x := range terms {
		if x == t {
			return true
		}
	}
	return false
}
