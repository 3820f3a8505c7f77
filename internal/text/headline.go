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
func Headline(rawURL, body string) string {
	if h := slugHeadline(rawURL); h != "" {
		return h
	}
	return ledeHeadline(body)
}

// roundUp matches the titles of newsletter round-ups ("5 things to know for
// June 13: …"), which are no story's headline.
var roundUp = regexp.MustCompile(`(?i)^\d+ things to know\b|\bthings to know (for|today|this)\b|^(morning|evening|daily) (brief|briefing|digest|newsletter)\b`)

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
	"gbr": true, "spt": true, "cnnphotos": true, "story": true, "article": true, "amp": true}

// slugHeadline returns the words of the URL's last path segment that reads
// as words, when it holds at least three; "" otherwise.
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
			return capitalise(strings.Join(words[:min(len(words), MaxHeadlineWords)], " "))
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
