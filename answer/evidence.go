package answer

import (
	"sort"

	"newsdesk/retrieval"
)

// readerEvidence returns the passages a Generator should be given for an,
// the ones the reader found best: the retrieved passages widened to their
// neighbouring sentences and the leads of the best articles (see
// withNeighbours), only the named outlets' when the question names some,
// the overlapping ones of an article merged, ordered by the best score the
// reader gave a sentence of theirs, at most k.
func (an *analysis) readerEvidence(results []retrieval.Result, k int) []retrieval.Result {
	widened := an.withAsked(withNeighbours(results))
	cands, _ := an.weighWidened(widened)
	best := make(map[*retrieval.Result]float64, len(widened))
	for i := range cands {
		if s, ok := best[cands[i].result]; !ok || cands[i].score > s {
			best[cands[i].result] = cands[i].score
		}
	}
	type window struct {
		r     retrieval.Result
		score float64
	}
	var ws []window
	for i := range widened {
		r := &widened[i]
		if len(an.outlets) > 0 && !anyOutlet(an.outlets, r.Article.Source) {
			continue
		}
		score, ok := best[r]
		if !ok {
			score = -1 // no sentence of it was read: last
		}
		merged := false
		for j := range ws {
			if w := &ws[j]; overlaps(&w.r, r) {
				start, end := min(w.r.Passage.Start, r.Passage.Start), max(w.r.Passage.End, r.Passage.End)
				w.r.Passage.Start, w.r.Passage.End, w.r.Passage.Text = start, end, w.r.Article.Body[start:end]
				w.r.Passage.Position = min(w.r.Passage.Position, r.Passage.Position)
				w.r.Rank, w.score = min(w.r.Rank, r.Rank), max(w.score, score)
				merged = true
				break
			}
		}
		if !merged {
			ws = append(ws, window{*r, score})
		}
	}
	if len(ws) == 0 {
		return results
	}
	sort.SliceStable(ws, func(a, b int) bool { return ws[a].score > ws[b].score })
	out := make([]retrieval.Result, 0, min(k, len(ws)))
	for n := range min(k, len(ws)) {
		r := ws[n].r
		r.Rank = n + 1
		out = append(out, r)
	}
	return out
}

// overlaps reports whether two passages are overlapping or touching slices
// of one article's body.
func overlaps(a, b *retrieval.Result) bool {
	body := a.Article.Body
	return a.Article.DocID == b.Article.DocID && b.Passage.Start <= a.Passage.End && a.Passage.Start <= b.Passage.End &&
		a.Passage.End <= len(body) && b.Passage.End <= len(body) &&
		body[a.Passage.Start:a.Passage.End] == a.Passage.Text && body[b.Passage.Start:b.Passage.End] == b.Passage.Text
}

// anyOutlet reports whether source is one of the outlets.
func anyOutlet(outlets []outlet, source string) bool {
	for _, o := range outlets {
		if o.matches(source) {
			return true
		}
	}
	return false
}
