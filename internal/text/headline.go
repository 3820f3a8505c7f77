package text

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxHeadlineWords bounds a derived headline.
const MaxHeadlineWords = 12

// Headline returns the title to show for an article: its own (trimmed), or
// else DerivedHeadline. It is never a file name or a doc id.
func Headline(title, rawURL, body string) string {
	if t := strings.TrimSpace(title); t != "" {
		return t
	}
	return DerivedHeadline(rawURL, body)
}

// DerivedHeadline makes a headline for an article without one: the words
// of its URL's slug ("whats-in-senate-gun-reform-agreement"), written as
// the body writes them ("Queen Elizabeth II funeral"), or else the first
// clause of its lede, at most MaxHeadlineWords words cut at a word. A
// round-up's slug ("five-things-august-29") names no story: its lede is
// used. It returns "" when the article gives neither.
func DerivedHeadline(rawURL, body string) string {
	if t := slugHeadline(rawURL, body); t != "" && !IsRoundUp(t) && !roundUpSlug.MatchString(t) {
		return t
	}
	return ledeHeadline(body)
}

// roundUpSlug matches a round-up's slug in words: "Five things august 29".
var roundUpSlug = regexp.MustCompile(`(?i)^(\d+|three|four|five|six|seven|ten) things\b`)

// slugCodes are the parts of news URLs' slugs that are codes, not words.
var slugCodes = map[string]bool{"index": true, "html": true, "htm": true, "intl": true, "hnk": true, "scli": true,
	"gbr": true, "spt": true, "cnnphotos": true, "story": true, "article": true, "amp": true, "trnd": true,
	"scn": true, "vpx": true, "cnn": true, "nr": true}

// slugHeadline returns the words of the URL's last meaningful path
// segment, when it holds at least three words; "" otherwise.
func slugHeadline(raw, body string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		seg := strings.TrimSuffix(strings.TrimSuffix(segs[i], ".html"), ".htm")
		parts := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
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
			words = words[:min(len(words), MaxHeadlineWords)]
			forms := writtenForms(body)
			for k, w := range words {
				if f, ok := forms[w]; ok {
					words[k] = f
				}
			}
			return capitalise(strings.Join(words, " "))
		}
	}
	return ""
}

// formsWords is how much of a body writtenForms reads.
const formsWords = 400

// writtenForms maps the lower-case form of the words the body's start
// writes only with capitals ("Elizabeth", "II", "NASA") to that form.
func writtenForms(body string) map[string]string {
	forms := map[string]string{}
	lower := map[string]bool{}
	n := 0
	for _, f := range strings.Fields(body) {
		if n++; n > formsWords {
			break
		}
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if w == "" {
			continue
		}
		l := strings.ToLower(w)
		if l == w {
			lower[l] = true
		} else if _, ok := forms[l]; !ok {
			forms[l] = w
		}
	}
	for l := range lower {
		delete(forms, l)
	}
	return forms
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
// prose, dateline removed, cut to MaxHeadlineWords words.
func ledeHeadline(body string) string {
	for _, para := range strings.Split(body, "\n") {
		para = StripDateline(OneLine(para))
		if len(strings.Fields(para)) < 4 || IsFurniture(para) {
			continue
		}
		if m := clauseEnd.FindStringIndex(para); m != nil && len(strings.Fields(para[:m[0]])) >= 4 {
			para = para[:m[0]]
		}
		words := strings.Fields(para)
		if len(words) > MaxHeadlineWords {
			return capitalise(strings.TrimRight(strings.Join(words[:MaxHeadlineWords], " "), ",;:")) + "…"
		}
		return capitalise(strings.TrimRight(para, ".,;: "))
	}
	return ""
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
