package corpus

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// textMeta is what the text of an article reveals about it: the metadata
// found in its head (headline, photo credit and caption, date line, byline,
// dateline) and its trailers (copyright, "originally appeared in"), and the
// body without them.
type textMeta struct {
	Title   string
	Source  string
	Date    time.Time
	Authors []string
	Body    string
}

// inferText reads the metadata an article's text reveals, never guessing
// beyond it, and returns the text with that furniture removed. A dateline
// such as "(CNN) — " is cut from the lead sentence; the sentence is kept.
// title is the article's title when the record gives one: then a first line
// is taken for the headline (and dropped) only when it is that title.
func inferText(text, title string) textMeta {
	var m textMeta
	var bylineOutlet, datelineOutlet string
	pos, content := 0, 0
	afterCredit := false
	for pos < len(text) {
		line, next := nextLine(text, pos)
		if line == "" {
			pos, afterCredit = next, false
			continue
		}
		first := content == 0
		content++
		switch {
		case first && strings.HasPrefix(line, "# "):
			m.Title = strings.TrimSpace(line[2:])
		case isPhotoCredit(line):
			afterCredit = true
			pos = next
			continue
		case afterCredit && len(line) <= 300 && !startsWithDateline(line):
			// The caption that follows a photo credit line.
		case parseDateLine(line, &m.Date, &m.Authors, &bylineOutlet):
		case parseByline(line, &m.Authors, &bylineOutlet):
		case outletLine(line) != "":
			// An outlet standing alone under the headline ("USA TODAY", "AP").
			if bylineOutlet == "" {
				bylineOutlet = outletLine(line)
			}
		case isName(line) && outletLine(peekLine(text, next)) != "":
			// "Jessica Guynn" above "USA TODAY".
			m.Authors = append(m.Authors, line)
		case isDatelineOnly(line):
			datelineOutlet, _, _ = dateline(line)
		case first && next < len(text) && (title == "" && looksLikeHeadline(line) || title != "" && sameTitle(line, title)):
			m.Title = line
		case first && isPromo(line):
			// "Sign up for CNN's Wonder Theory science newsletter."
		default:
			// The lead paragraph: cut a dateline prefix, keep the sentence.
			start := pos + (len(text[pos:]) - len(strings.TrimLeft(text[pos:], " \t")))
			if o, n, ok := dateline(text[start:]); ok && n < len(line) {
				datelineOutlet = o
				start += n
			}
			pos = start
			goto body
		}
		afterCredit = false
		pos = next
	}
body:
	end, trailerOutlet := trailers(text[pos:])
	m.Body = dropCredits(strings.TrimSpace(text[pos : pos+end]))
	for _, o := range []string{trailerOutlet.appeared, bylineOutlet, datelineOutlet, trailerOutlet.copyright, trailerOutlet.contributed} {
		if o != "" {
			m.Source = o
			break
		}
	}
	return m
}

// nextLine returns the trimmed line starting at pos and the offset of the
// line after it.
func nextLine(text string, pos int) (string, int) {
	i := strings.IndexByte(text[pos:], '\n')
	if i < 0 {
		return strings.TrimSpace(text[pos:]), len(text)
	}
	return strings.TrimSpace(text[pos : pos+i]), pos + i + 1
}

var (
	creditRe     = regexp.MustCompile(`^(?:(?:Photo|Image|Credit|Photograph)(?: by)?:?\s+)?[\p{Lu}][\p{L}.'’\- ]{0,40}(?:\s*/\s*[\p{Lu}][\p{L}.'’&\- ]{0,40}){1,3}$`)
	agencyRe     = regexp.MustCompile(`(?i)^(?:(?:photo|image|credit)(?: by)?:?\s+)?[\p{L}.'’\- ]{0,40}\b(?:getty images|ap photo|afp via getty images|shutterstock|reuters|pool photo)$`)
	dateWordRe   = regexp.MustCompile(`(?i)^(?:date|published|posted|updated|dated)\s*:?\s+`)
	headlineEnds = ".,;:"
)

// isPhotoCredit reports whether line is a photo credit such as
// "Kevin Dietsch/Getty Images" or "Tom Williams/Pool/AP".
func isPhotoCredit(line string) bool {
	if len(line) > 90 || line == "" {
		return false
	}
	if strings.IndexByte(line, '/') >= 0 {
		return creditRe.MatchString(line)
	}
	lower := strings.ToLower(line)
	for _, agency := range []string{"getty images", "ap photo", "shutterstock", "reuters", "pool photo"} {
		if strings.HasSuffix(lower, agency) {
			return agencyRe.MatchString(line)
		}
	}
	return false
}

// afterDateWord returns line without its leading "date"/"published" word.
func afterDateWord(line string) string {
	loc := dateWordRe.FindStringIndex(line)
	if loc == nil {
		return line
	}
	return line[loc[1]:]
}

// parseDateLine reads a line such as "date 2024-01-26", "Published: Jan. 26,
// 2024" or "date 2024-01-26 By Kevin Liptak, CNN" into m (the byline part goes
// to authors and outlet) or a line that is only a date; it reports whether
// the line was one.
func parseDateLine(line string, date *time.Time, authors *[]string, outlet *string) bool {
	if len(line) > 120 || !strings.ContainsAny(line, "0123456789") {
		return false
	}
	rest := line
	keyword := dateWordRe.MatchString(line)
	if keyword {
		rest = afterDateWord(line)
	}
	datePart, byPart := rest, ""
	if i := strings.Index(rest, " By "); i >= 0 {
		datePart, byPart = rest[:i], rest[i+1:]
	} else if i := strings.Index(rest, " by "); i >= 0 && keyword {
		datePart, byPart = rest[:i], "By "+rest[i+4:]
	}
	t, err := time.Time{}, errNotDate
	if len(datePart) <= 60 {
		t, err = ParseDate(datePart)
	}
	if err != nil {
		return keyword && len(line) < 80 && strings.ContainsAny(line, "0123456789") && byPart == ""
	}
	if date.IsZero() {
		*date = t
	}
	if byPart != "" {
		parseByline(byPart, authors, outlet)
	}
	return true
}

// startsWithDateline reports whether line opens with a dateline.
func startsWithDateline(line string) bool {
	_, _, ok := dateline(line)
	return ok
}

// outletLine reads a line that is only an outlet's name, as under a
// headline: "USA TODAY", "AP", "Special to USA TODAY", "USA TODAY Sports".
// It returns the outlet, or "".
func outletLine(line string) string {
	if len(line) > 60 {
		return ""
	}
	if o := outletName(line); o != "" {
		return o
	}
	if rest, ok := strings.CutPrefix(line, "Special to "); ok {
		return outletName(rest)
	}
	if i := strings.LastIndexByte(line, ' '); i > 0 {
		switch line[i+1:] {
		case "Sports", "Entertainment", "Staff", "Network", "Opinion":
			if o, ok := knownOutlet(line[:i]); ok {
				return o
			}
		}
	}
	return ""
}

// peekLine returns the next non-empty line at or after pos.
func peekLine(text string, pos int) string {
	for pos < len(text) {
		line, next := nextLine(text, pos)
		if line != "" {
			return line
		}
		pos = next
	}
	return ""
}

// isName reports whether line reads as a person's name: two to four
// capitalised words without punctuation or digits.
func isName(line string) bool {
	n := len(strings.Fields(line))
	return n >= 2 && n <= 4 && allCapitalised(line) && !strings.ContainsAny(line, ".,:;!?()0123456789/")
}

var errNotDate = errors.New("not a date")

// looksLikeHeadline reports whether a first line reads as a headline: three
// to 25 words, not ending like a sentence or a clause.
func looksLikeHeadline(line string) bool {
	n := len(strings.Fields(line))
	if n < 3 || n > 25 || len(line) > 200 || strings.Contains(line, ". ") {
		return false
	}
	line = strings.TrimRight(line, `"')]’”»`)
	return line != "" && !strings.ContainsRune(headlineEnds, rune(line[len(line)-1]))
}

// sameTitle reports whether line is the given title, give or take case,
// punctuation and an outlet suffix ("... - CNN").
func sameTitle(line, title string) bool {
	norm := func(s string) string {
		return strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}), " "))
	}
	l, t := norm(line), norm(cleanTitle(title, ""))
	return l != "" && (l == t || len(l) >= 12 && strings.HasPrefix(t, l) || len(t) >= 12 && strings.HasPrefix(l, t))
}

// isPromo reports whether line is a newsletter plug opening an article.
func isPromo(line string) bool {
	lower := strings.ToLower(line)
	return len(line) < 300 && strings.Contains(lower, "newsletter") &&
		(strings.HasPrefix(lower, "sign up") || strings.HasPrefix(lower, "get ") || strings.HasPrefix(lower, "this story is part of"))
}

// dropCredits removes photo-credit paragraphs (lines standing alone between
// blank lines) from the body.
func dropCredits(body string) string {
	if !strings.Contains(body, "/") && !strings.Contains(body, "Getty") {
		return body
	}
	paras := strings.Split(body, "\n\n")
	kept := paras[:0]
	for _, p := range paras {
		if t := strings.TrimSpace(p); t != "" && !strings.Contains(t, "\n") && isPhotoCredit(t) {
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == len(paras) {
		return body
	}
	return strings.TrimSpace(strings.Join(kept, "\n\n"))
}
