package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dashes that end a dateline, longest first.
var datelineDashes = []string{" -- ", "—", "–", " - "}

// dateline reads a dateline at the start of s: "(CNN) — ", "CNN  — ",
// "New York CNN —", "WASHINGTON (AP) — ", "(WASHINGTON) — " (a place, no
// outlet), "RIVERSIDE, Ore. — ", or a bare "(CNN)". It returns the outlet
// ("" for a place), the length of the dateline with the spaces after it,
// and whether s starts with one.
func dateline(s string) (outlet string, n int, ok bool) {
	head := s
	if len(head) > 80 {
		head = head[:80]
	}
	if i := strings.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	cut := -1
	for _, d := range datelineDashes {
		if i := strings.Index(head, d); i >= 0 && (cut < 0 || i < cut) {
			cut, n = i, i+len(d)
		}
	}
	if cut > 0 {
		// A dateline is followed by the start of a sentence, not by the rest
		// of one ("The Washington Post — citing officials — reported").
		if outlet, ok := datelinePrefix(strings.TrimSpace(head[:cut])); ok && !startsLower(s[skipBlanks(s, n):]) {
			return outlet, skipBlanks(s, n), true
		}
	}
	// "(CNN)The popular ...", "New York (CNN Business) Elon Musk ...": no dash.
	i, j := strings.IndexByte(head, '('), strings.IndexByte(head, ')')
	if i < 0 || j < i || i > 40 {
		return "", 0, false
	}
	if outlet = outletName(head[i+1 : j]); outlet == "" {
		return "", 0, false
	}
	if _, ok := datelinePrefix(head[:j+1]); !ok {
		return "", 0, false
	}
	return outlet, skipBlanks(s, j+1), true
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func skipBlanks(s string, n int) int {
	for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		n++
	}
	return n
}

// datelinePrefix reads the part of a dateline before its dash.
func datelinePrefix(prefix string) (string, bool) {
	if len(prefix) < 2 || len(prefix) > 60 {
		return "", false
	}
	if i := strings.IndexByte(prefix, '('); i >= 0 {
		j := strings.IndexByte(prefix, ')')
		if j < i || strings.TrimSpace(prefix[j+1:]) != "" {
			return "", false
		}
		place, inner := strings.TrimSpace(prefix[:i]), strings.TrimSpace(prefix[i+1:j])
		if o := outletName(inner); o != "" {
			// "(CNN)", "WASHINGTON (AP)", "London/Istanbul (CNN Business)".
			return o, place == "" || isPlace(place) || allCapitalised(place) && len(strings.Fields(place)) <= 4
		}
		if place != "" && !isPlace(place) {
			return "", false
		}
		return "", isPlace(inner) || place == "" && allCapitalised(inner)
	}
	words := strings.Fields(prefix)
	for k := min(len(words), 5); k >= 1; k-- {
		tail := strings.Join(words[len(words)-k:], " ")
		o, known := knownOutlet(tail)
		if !known && k >= 2 {
			o = outletName(tail)
		}
		if o == "" {
			continue
		}
		if rest := strings.Join(words[:len(words)-k], " "); rest == "" || allCapitalised(rest) {
			return o, true
		}
	}
	return "", isPlace(prefix)
}

// isPlace reports whether s reads as the place of a dateline: words in
// capitals, then perhaps a comma and a state or country ("WASHINGTON",
// "NEW YORK", "RIVERSIDE, Ore.").
func isPlace(s string) bool {
	city, region, _ := strings.Cut(s, ",")
	words := strings.Fields(city)
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		w = strings.Trim(w, ".'’")
		if len(w) < 2 || strings.ToUpper(w) != w || strings.ToLower(w) == w {
			return false
		}
	}
	return region == "" || len(strings.Fields(region)) <= 3 && allCapitalised(region)
}

// allCapitalised reports whether every word of s starts with a capital.
func allCapitalised(s string) bool {
	for _, w := range strings.Fields(s) {
		if !startsUpper(strings.TrimLeft(w, "(")) {
			return false
		}
	}
	return s != ""
}

// isDatelineOnly reports whether line is nothing but a dateline ("CNN  — ").
func isDatelineOnly(line string) bool {
	_, n, ok := dateline(line)
	return ok && n >= len(strings.TrimRight(line, " "))
}

var bylineSplitRe = regexp.MustCompile(`\s*(?:,\s*and\s+|,|\band\b|&|\|)\s*`)

// roleWords mark a byline part as a job title, not a name or an outlet.
var roleWords = []string{"writer", "reporter", "correspondent", "editor", "staff", "columnist", "contributor"}

// parseByline reads "By Kevin Liptak and Alex Marquardt, CNN" into authors
// and outlet and reports whether line is a byline. Every part must be a name
// (two to four capitalised words), an outlet, or a job title.
func parseByline(line string, authors *[]string, outlet *string) bool {
	rest, ok := strings.CutPrefix(line, "By ")
	if !ok {
		rest, ok = strings.CutPrefix(line, "BY ")
	}
	if !ok || len(line) > 160 {
		return false
	}
	var names []string
	var found string
	for _, part := range bylineSplitRe.Split(strings.TrimSpace(rest), -1) {
		part = strings.Trim(part, " .")
		if part == "" {
			continue
		}
		lower := strings.ToLower(part)
		if sp, ok := strings.CutPrefix(lower, "special to "); ok {
			found = outletName(part[len(part)-len(sp):])
			continue
		}
		if o := outletName(part); o != "" {
			found = o
			continue
		}
		if containsAny(lower, roleWords) {
			continue
		}
		if n := len(strings.Fields(part)); n < 2 || n > 4 || !allCapitalised(part) {
			return false
		}
		names = append(names, part)
	}
	if len(names) == 0 && found == "" {
		return false
	}
	*authors = append(*authors, names...)
	if *outlet == "" {
		*outlet = found
	}
	return true
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// trailerOutlets are the outlets named by an article's closing lines.
type trailerOutlets struct {
	appeared    string // "This article originally appeared in The New York Times."
	copyright   string // "Copyright © 2024, ABC Audio. All rights reserved."
	contributed string // "... contributed by Jane Doe of The Washington Post.", "CNN’s Jane Doe contributed reporting."
}

var (
	appearedRe  = regexp.MustCompile(`(?i)^(?:this (?:article|story|report) )?(?:was )?(?:originally|first) (?:appeared|published|ran) (?:in|on|by) (.+?)\.?$`)
	copyrightRe = regexp.MustCompile(`(?i)^(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(.*?)\s*(?:\.?\s*all rights reserved)?\.?$`)
	reservedRe  = regexp.MustCompile(`(?i)^all rights reserved\.?$`)
)

// trailers reads the closing lines of text for the outlets they name and
// returns the length of text without the lines that are only furniture
// (copyright notices, "originally appeared in"). Contribution lines are kept.
func trailers(text string) (int, trailerOutlets) {
	var t trailerOutlets
	end, removing := len(strings.TrimRight(text, " \t\r\n")), true
	for seen, cur := 0, end; seen < 5 && cur > 0; seen++ {
		start := strings.LastIndexByte(text[:cur], '\n') + 1
		line := strings.TrimSpace(text[start:cur])
		next := max(start-1, 0)
		if line == "" {
			seen--
			cur = next
			continue
		}
		furniture := false
		if m := appearedRe.FindStringSubmatch(line); m != nil {
			if o := outletName(m[1]); o != "" && t.appeared == "" {
				t.appeared = o
			}
			furniture = true
		} else if m := copyrightRe.FindStringSubmatch(line); m != nil && len(line) < 160 {
			if o := outletName(m[1]); o != "" && t.copyright == "" {
				t.copyright = o
			}
			furniture = true
		} else if reservedRe.MatchString(line) {
			furniture = true
		} else if o := contributedOutlet(line); o != "" && t.contributed == "" {
			t.contributed = o
		}
		if furniture && removing {
			end = start
		} else if !furniture {
			removing = false
		}
		cur = next
	}
	return end, t
}

// contributedOutlet reads the outlet of a contribution line: "Information
// for this article was contributed by A and B of The Washington Post." or
// "CNN’s A and B contributed reporting."
func contributedOutlet(line string) string {
	if len(line) > 300 || !strings.Contains(strings.ToLower(line), "contributed") {
		return ""
	}
	if i := strings.LastIndex(line, " of "); i >= 0 {
		if o := outletName(line[i+4:]); o != "" {
			return o
		}
	}
	for _, apos := range []string{"’s ", "'s "} {
		if i := strings.Index(line, apos); i > 0 {
			if o, ok := knownOutlet(line[:i]); ok {
				return o
			}
		}
	}
	return ""
}
