package answer

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// maxHeadlineWords bounds a derived headline.
const maxHeadlineWords = 12

// titleOf returns the title to show for an article: its own, or one
// derived from its URL's slug ("whats-in-senate-gun-reform-agreement") or
// from the first clause of its lede, at most maxHeadlineWords words cut at
// a word — never its file name or doc id.
func titleOf(a *news.Article) string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return t
	}
	if t := slugHeadline(a.URL); t != "" {
		return t
	}
	return ledeHeadline(a.Body)
}

// slugCodes are the parts of news URLs' slugs that are codes, not words.
var slugCodes = setOf("index", "html", "htm", "intl", "hnk", "scli", "gbr", "spt", "cnnphotos", "story", "article", "amp")

// slugHeadline returns the words of the URL's last meaningful path
// segment, when it holds at least three words; "" otherwise.
func slugHeadline(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		seg := strings.TrimSuffix(strings.TrimSuffix(segs[i], ".html"), ".htm")
		parts := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' })
		var words []string
		for _, p := range parts {
			if slugCodes[strings.ToLower(p)] {
				continue
			}
			if !isSlugWord(p) {
				words = nil
				break
			}
			words = append(words, strings.ToLower(p))
		}
		if len(words) >= 3 {
			return capitalise(strings.Join(words[:min(len(words), maxHeadlineWords)], " "))
		}
	}
	return ""
}

// isSlugWord reports whether a slug part reads as a word: letters (or a
// short number), not a hash or an encoded blob.
func isSlugWord(p string) bool {
	if p == "" || len(p) > 20 {
		return false
	}
	digits := 0
	for _, r := range p {
		switch {
		case unicode.IsDigit(r):
			digits++
		case !unicode.IsLetter(r):
			return false
		}
	}
	return digits == 0 || (digits == len(p) && len(p) <= 4)
}

// clauseEnd ends the lede's first clause.
var clauseEnd = regexp.MustCompile(`[,;:]\s|\s[—–]\s|[.!?](\s|$)`)

// ledeHeadline returns the first clause of the body's first sentence of
// prose, dateline removed, cut to maxHeadlineWords words.
func ledeHeadline(body string) string {
	for _, para := range strings.Split(body, "\n") {
		para = text.StripDateline(text.OneLine(para))
		if len(strings.Fields(para)) < 4 || isBoilerplate(para) {
			continue
		}
		if m := clauseEnd.FindStringIndex(para); m != nil && len(strings.Fields(para[:m[0]])) >= 4 {
			para = para[:m[0]]
		}
		words := strings.Fields(para)
		if len(words) > maxHeadlineWords {
			return capitalise(strings.TrimRight(strings.Join(words[:maxHeadlineWords], " "), ",;:")) + "…"
		}
		return capitalise(strings.TrimRight(para, ".,;: "))
	}
	return ""
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
