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

// Headline derives a headline for an article that has none: the words of
// its URL's slug ("whats-in-senate-gun-reform-agreement" → "Whats in senate
// gun reform agreement") when it has at least three, or else the first
// clause of its lede's first sentence of prose (dateline, credits and
// gallery text skipped), at most MaxHeadlineWords words cut at a word.
// It returns "" when neither gives one; it never returns a file name.
//
// The slug's words are written as the body writes them ("Queen Elizabeth II
// funeral", not "Queen elizabeth ii funeral"), and a round-up's slug
// ("five-things-august-29") names no story: its lede is used.
func Headline(rawURL, body string) string {
	if h := slugHeadline(rawURL, body); h != "" && !IsRoundUp(h) && !roundUpSlug.MatchString(h) {
		return h
	}
	return ledeHeadline(body)
}

// roundUp matches the titles of newsletter round-ups ("5 things to know for
// June 13: …", "Primary election takeaways: 5 things to know…", "… News
// from around our 50 states"), which are no story's headline.
var roundUp = regexp.MustCompile(`(?i)\b(\d+|three|four|five|six|seven|ten) things (to|you need to) know\b|\bthings to know (for|today|this)\b|^(morning|evening|daily) (brief|briefing|digest|newsletter)\b|^the short list\b|\bnews from around our 50 states\b`)

// roundUpSlug matches a round-up's slug in words: "Five things august 29".
var roundUpSlug = regexp.MustCompile(`(?i)^(\d+|three|four|five|six|seven|ten) things\b`)

// IsRoundUp reports whether title is a newsletter round-up's: "5 things to
// know for…", or a list of three topics or more ("Hurricane Ian makes
// landfall, Russia, Ukraine, Lizzo plays…").
func IsRoundUp(title string) bool {
	title = strings.TrimSpace(title)
	return roundUp.MatchString(title) || strings.Count(title, ", ") >= 3
}

// TrimLabel removes a gallery or video label from a headline: "Photos: Liz
// Truss, the UK's new prime minister" is "Liz Truss, the UK's new prime
// minister".
func TrimLabel(title string) string {
	for _, l := range []string{"Photos:", "Photo:", "Video:", "In pictures:", "Gallery:"} {
		if rest, ok := strings.CutPrefix(title, l); ok && strings.TrimSpace(rest) != "" {
			return strings.TrimSpace(rest)
		}
	}
	return title
}

// galleryPhrases are the furniture of photo galleries and video players
// (lower case): "Hide Caption 14 of 44", "Video player was slow to load".
var galleryPhrases = []string{"hide caption", "video player was slow", "video content never loaded", "how relevant is this ad"}

// IsGallery reports whether s is gallery or video-player text, not
// reporting: one of galleryPhrases, "N of M Photos" or a "Photos:" label.
func IsGallery(s string) bool {
	lower := strings.ToLower(s)
	for _, p := range galleryPhrases {
		if strings.Contains(lower, p) {
			return true
		}
	}
	if strings.HasPrefix(lower, "photos:") || strings.HasPrefix(lower, "photo:") {
		return true
	}
	for off := 0; ; {
		k := strings.Index(lower[off:], " photos")
		if k < 0 {
			return false
		}
		k += off
		off = k + 1
		// "14 of 44 photos": digits, " of ", digits before it.
		head := strings.TrimRight(lower[:k], "0123456789")
		if len(head) < len(lower[:k]) && strings.HasSuffix(head, " of ") {
			if before := strings.TrimRight(head[:len(head)-4], "0123456789"); len(before) < len(head)-4 {
				return true
			}
		}
	}
}

// slugCodes are the parts of news URLs' slugs that are codes, not words.
var slugCodes = map[string]bool{"index": true, "html": true, "htm": true, "intl": true, "hnk": true, "scli": true,
	"gbr": true, "spt": true, "cnnphotos": true, "story": true, "article": true, "amp": true, "trnd": true,
	"scn": true, "vpx": true, "cnn": true, "nr": true}

// slugHeadline returns the words of the URL's last path segment that reads
// as words, when it holds at least three, written as body writes them; ""
// otherwise.
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

// firstClauseEnd is where the lede's first clause ends in para, or -1: the
// first clauseEnd that is not the dot of an initial ("William J. Burns") or
// of a title ("Gov. Reynolds").
func firstClauseEnd(para string) int {
	for _, m := range clauseEnd.FindAllStringIndex(para, -1) {
		if para[m[0]] == '.' {
			word := para[strings.LastIndexAny(para[:m[0]], " \t")+1 : m[0]]
			if r, n := utf8.DecodeRuneInString(word); n == len(word) && unicode.IsUpper(r) || titleAbbrevs[word] {
				continue
			}
		}
		return m[0]
	}
	return -1
}

// credit matches a photo credit line ("Kevin Dietsch/Getty Images").
var credit = regexp.MustCompile(`(?i)/(getty images|ap|reuters|afp|pool)\b|^(getty images|ap photo)`)

// ledeHeadline returns the first clause of the body's first paragraph of
// prose, dateline removed, cut to MaxHeadlineWords words.
func ledeHeadline(body string) string {
	for _, para := range strings.Split(body, "\n") {
		para = StripDateline(OneLine(para))
		if len(strings.Fields(para)) < 4 || credit.MatchString(para) || IsGallery(para) {
			continue
		}
		if end := firstClauseEnd(para); end >= 0 && len(strings.Fields(para[:end])) >= 4 {
			para = para[:end]
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
