package answer

import (
	"strconv"
	"strings"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// maxQuote is the longest Citation.Quote, in bytes, before trimming.
const maxQuote = 300

// quoteSep joins two sentences of one article that are not adjacent.
const quoteSep = " … "

// joinQuote appends sentence to quote, trimmed to maxQuote on a word boundary.
func joinQuote(quote, sentence string) string {
	sentence = strings.TrimSpace(sentence)
	if quote == "" {
		return trimQuote(sentence)
	}
	if strings.HasSuffix(quote, "…") || strings.Contains(quote, sentence) {
		return quote // already full
	}
	return trimQuote(quote + quoteSep + sentence)
}

// trimQuote cuts s to about maxQuote bytes at a word boundary, marking the
// cut with "…".
func trimQuote(s string) string {
	if len(s) <= maxQuote {
		return s
	}
	cut := strings.LastIndexAny(s[:maxQuote], " \n\t")
	if cut <= 0 {
		cut = maxQuote
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " \n\t,;:–—-") + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// renumber rewrites the markers of text so that they count 1..k in the order
// sources are first cited. valid says whether an original number points at
// a source; markers that point nowhere are dropped with the space before
// them. It returns the new text and, for each new number i+1, the original
// number order[i].
func renumber(s string, valid func(n int) bool) (string, []int) {
	newNum := map[int]int{}
	var order []int
	var b strings.Builder
	last := 0
	for _, m := range text.Markers(s) {
		var kept []string
		for _, n := range m.Nums {
			if !valid(n) {
				continue
			}
			k, ok := newNum[n]
			if !ok {
				order = append(order, n)
				k = len(order)
				newNum[n] = k
			}
			kept = append(kept, "["+strconv.Itoa(k)+"]")
		}
		before := s[last:m.Start]
		if len(kept) == 0 {
			before = strings.TrimRight(before, " ")
		}
		b.WriteString(before)
		b.WriteString(strings.Join(dedupe(kept), ""))
		last = m.End
	}
	b.WriteString(s[last:])
	return tidySpace(b.String()), order
}

// dedupe removes repeated strings, keeping the first.
func dedupe(s []string) []string {
	var out []string
	for _, x := range s {
		dup := false
		for _, y := range out {
			dup = dup || x == y
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}

// tidySpace removes the spaces a dropped marker leaves before punctuation
// and doubled spaces, line by line.
func tidySpace(s string) string {
	for _, p := range []string{" .", " ,", " ;", " :", " !", " ?"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return strings.TrimSpace(s)
}

// markersIn returns the distinct marker numbers of s, in order.
func markersIn(s string) []int {
	var out []int
	seen := map[int]bool{}
	for _, m := range text.Markers(s) {
		for _, n := range m.Nums {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// checkCitations enforces the contract of Answer: every marker has its
// citation and every citation is referenced. Markers without a citation are
// dropped, citations never referenced are removed, and both are renumbered
// densely in order of first citation.
func checkCitations(a news.Answer) news.Answer {
	byN := map[int]news.Citation{}
	for _, c := range a.Citations {
		byN[c.N] = c
	}
	renumbered, order := renumber(a.Text, func(n int) bool { _, ok := byN[n]; return ok })
	cites := make([]news.Citation, 0, len(order))
	for i, n := range order {
		c := byN[n]
		c.N = i + 1
		cites = append(cites, c)
	}
	a.Text, a.Citations = renumbered, cites
	return a
}
