package retrieval

import (
	"net/url"
	"strings"
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

// titleTerms returns the terms of an article's title field: its title, and
// the words of its URL slug that the title does not already have. Many
// articles come with a poor title or none; the slug names the story anyway.
func (a *Analyzer) titleTerms(title, rawURL string) []string {
	terms := a.Terms(nil, title)
	n := len(terms)
	for _, t := range a.Terms(nil, urlSlug(rawURL)) {
		if !contains(terms[:n], t) && !contains(terms[n:], t) {
			terms = append(terms, t)
		}
	}
	return terms
}

func contains(terms []string, t string) bool {
	for _, x := range terms {
		if x == t {
			return true
		}
	}
	return false
}
