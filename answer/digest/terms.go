package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// storyText is what is compared to find stories: the title (twice, it is the
// densest signal) and the first words of the body.
func storyText(a *news.Article, leadWords int) string {
	body := a.Body
	// Cut after leadWords words without splitting the whole body.
	for i, n, inWord := 0, 0, false; i < len(body); i++ {
		space := body[i] == ' ' || body[i] == '\n' || body[i] == '\t' || body[i] == '\r'
		if !space && !inWord {
			if n == leadWords {
				body = body[:i]
				break
			}
			n++
		}
		inWord = !space
	}
	t := cleanTitle(a.Title)
	return t + " " + t + " " + body
}

// countTerms lower-cases, splits on non-letters and non-digits, drops stop
// words and short tokens, and stems (english snowball, then demonyms:
// "Israeli" and "Israel", "Egyptian" and "Egypt" are one term). Words written
// with a capital (names: people, places, organisations) count properNoun
// times, since they tell one story from another best. stems caches stems
// across calls; it may be nil.
func countTerms(s string, stems map[string]string) termCounts {
	tc := termCounts{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		r, _ := utf8.DecodeRuneInString(w)
		w = strings.ToLower(w)
		if len(w) < 3 || text.StoryStop.Has(w) {
			continue
		}
		st, ok := stems[w]
		if !ok {
			st = stemTerm(w)
			if stems != nil {
				stems[w] = st
			}
		}
		if unicode.IsUpper(r) {
			tc[st] += properNoun
		} else {
			tc[st]++
		}
	}
	return tc
}

// stemTerm is the snowball stem with demonym endings cut.
func stemTerm(w string) string {
	st := text.Stem(w, false)
	for _, suf := range []string{"ian", "ia", "i", "e"} {
		if len(st) > len(suf)+3 && strings.HasSuffix(st, suf) {
			return st[:len(st)-len(suf)]
		}
	}
	return st
}

// properNoun is the weight of a capitalised word in countTerms.
const properNoun = 2

// cleanTitle drops an outlet suffix ("... - CNN", "... | The Week UK") and a
// trailing ellipsis from a title.
func cleanTitle(t string) string {
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t), "..."))
	for _, sep := range []string{" | ", " - ", " – ", " — "} {
		if i := strings.LastIndex(t, sep); i > 0 && len(strings.Fields(t[i+len(sep):])) <= 4 {
			t = t[:i]
		}
	}
	return strings.TrimSpace(strings.TrimSuffix(t, "..."))
}

// boilerplateMin is how many articles must share a paragraph for it to be
// boilerplate (newsletter blurbs, sign-up notices, a series' standard
// opening) rather than a quote or a wire report two outlets reprinted.
const boilerplateMin = 4

// stripBoilerplate removes from the bodies the paragraphs that boilerplateMin
// or more of the articles share, so that they neither pull unrelated
// articles into one story nor end up in a summary. A body made only of such
// paragraphs is kept whole.
func stripBoilerplate(arts []news.Article) {
	df := map[string]int{}
	for i := range arts {
		seen := map[string]bool{}
		for _, p := range leadLines(arts[i].Body) {
			if k := paragraphKey(p); k != "" && !seen[k] {
				seen[k] = true
				df[k]++
			}
		}
	}
	for i := range arts {
		paras := leadLines(arts[i].Body)
		kept := paras[:0:0]
		dropped := false
		for _, p := range paras {
			if k := paragraphKey(p); k != "" && df[k] >= boilerplateMin {
				dropped = true
				continue
			}
			kept = append(kept, p)
		}
		rest := arts[i].Body[lenLines(paras):]
		if dropped && strings.TrimSpace(strings.Join(kept, "")+rest) != "" {
			arts[i].Body = strings.Join(kept, "\n") + rest
		}
	}
}

// boilerplateLines is how many lines of each body are checked for
// boilerplate: the lead, which is what stories and summaries are made of.
const boilerplateLines = 20

// leadLines returns the first boilerplateLines lines of body; all but the
// last keep no newline, so joining them with "\n" gives the lead back.
func leadLines(body string) []string {
	lines := strings.SplitN(body, "\n", boilerplateLines+1)
	if len(lines) > boilerplateLines {
		lines = lines[:boilerplateLines]
	}
	return lines
}

// lenLines is the length of the body prefix the lines came from, with
// their newlines.
func lenLines(lines []string) int {
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	return n - 1
}

// paragraphKey identifies a paragraph by its first 100 bytes or so,
// lower-cased with spaces collapsed; lines of fewer than 6 words have none.
func paragraphKey(p string) string {
	if len(p) > 120 {
		p = p[:120]
	}
	f := strings.Fields(p)
	if len(f) < 6 {
		return ""
	}
	return strings.ToLower(strings.Join(f, " "))
}
