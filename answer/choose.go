package answer

import (
	"sort"
	"strconv"
	"strings"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// chooseOptions bound the sentence selection.
type chooseOptions struct {
	max       int     // sentences at most
	minCover  float64 // the best sentence must hold this share of the question's terms
	keepRatio float64 // further sentences score at least keepRatio × the best score
	budget    int     // further sentences are added while the answer stays within this many bytes
}

// chooseSentences picks up to opts.max scored candidates that answer the
// question, best first (the first must hold opts.minCover of the question),
// with no repeats: a sentence that says mostly what a
// chosen one says (the same sentence in two versions of a report, or the
// same words) is passed over. All sentences of one near-duplicate group
// come from one article, the one of its best sentence, so that the group is
// cited as one source. It returns nil when no sentence clears the minimum.
func chooseSentences(cands []candidate, opts chooseOptions) []*candidate {
	order := make([]*candidate, len(cands))
	for i := range cands {
		order[i] = &cands[i]
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.result.Rank != b.result.Rank {
			return a.result.Rank < b.result.Rank
		}
		return a.start < b.start
	})
	// The answer opens with the best sentence that holds enough of the
	// question; the others come close to its score and hold at least half
	// as much.
	first := -1
	for i, c := range order {
		if c.cover >= opts.minCover {
			first = i
			break
		}
	}
	if first < 0 {
		return nil
	}
	best := order[first].score
	groupDoc := map[string]string{}
	var chosen []*candidate
	size := 0
	for _, c := range order[first:] {
		if len(chosen) == opts.max || c.score < opts.keepRatio*best {
			break
		}
		if c.cover < opts.minCover/2 {
			continue
		}
		if doc, ok := groupDoc[groupKey(c.result)]; ok && doc != c.docID() {
			continue
		}
		repeat := false
		for _, d := range chosen {
			if nearRepeat(c.words, d.words) {
				repeat = true
				break
			}
		}
		if repeat || (len(chosen) > 0 && size+len(c.text) > opts.budget) {
			continue
		}
		size += len(c.text)
		groupDoc[groupKey(c.result)] = c.docID()
		chosen = append(chosen, c)
	}
	return chosen
}

// groupKey names the near-duplicate group of a result's article: its
// Group, or the article alone when the Group is unknown (negative).
func groupKey(r *retrieval.Result) string {
	if r.Group < 0 {
		return "doc:" + r.Article.DocID
	}
	return "group:" + strconv.Itoa(r.Group)
}

// nearRepeat reports whether two sentences say mostly the same words: 70%
// of the content words of the shorter one are in the other.
func nearRepeat(a, b []word) bool {
	sa, sb := contentStems(a), contentStems(b)
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	if len(sa) == 0 {
		return false
	}
	common := 0
	for s := range sa {
		if sb[s] {
			common++
		}
	}
	return float64(common) >= 0.7*float64(len(sa))
}

// contentStems returns the set of stems of the content words.
func contentStems(words []word) map[string]bool {
	out := make(map[string]bool, len(words))
	for i := range words {
		if !isStop(&words[i]) {
			out[words[i].stem] = true
		}
	}
	return out
}

// readingOrder orders chosen sentences for reading: sources in the order of
// their best sentence, and within a source, in article order.
func readingOrder(chosen []*candidate) []*candidate {
	firstAt := map[string]int{}
	for i, c := range chosen {
		if _, ok := firstAt[groupKey(c.result)]; !ok {
			firstAt[groupKey(c.result)] = i
		}
	}
	out := append([]*candidate(nil), chosen...)
	sort.SliceStable(out, func(i, j int) bool {
		gi, gj := firstAt[groupKey(out[i].result)], firstAt[groupKey(out[j].result)]
		if gi != gj {
			return gi < gj
		}
		return out[i].start < out[j].start
	})
	return out
}

// composeExtractive writes the answer from the chosen sentences: each
// followed by the [n] of its article, sources numbered in order of first
// citation, with the sentences as the citation quotes.
func composeExtractive(chosen []*candidate) news.Answer {
	var text strings.Builder
	var cites []news.Citation
	num := map[string]int{}
	for _, c := range readingOrder(chosen) {
		n, ok := num[c.docID()]
		if !ok {
			n = len(cites) + 1
			num[c.docID()] = n
			cites = append(cites, citationFor(n, &c.result.Article))
		}
		cite := &cites[n-1]
		cite.Quote = joinQuote(cite.Quote, c.raw)
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		text.WriteString(c.text)
		text.WriteString(" [" + strconv.Itoa(n) + "]")
	}
	return news.Answer{Text: text.String(), Citations: cites}
}

// citationFor returns the citation of an article, without quote.
func citationFor(n int, a *news.Article) news.Citation {
	return news.Citation{N: n, DocID: a.DocID, Title: titleOf(a), Source: a.Source, URL: a.URL, PublishedAt: a.PublishedAt}
}
