package retrieval

import (
	"slices"
)

// proximity returns the share of the question's adjacent term pairs (each
// weighted by its terms' weights) that occur close together, in either
// order, in terms: a passage that says what the question says, not just its
// words scattered about. seq is the question's term sequence as indexes into
// weight; pos is scratch space.
func proximity(seq []int, weight []float64, terms []string, qterms []queryTerm, pos map[string][]int32) float64 {
	if len(seq) < 2 {
		return 0
	}
	clear(pos)
	for i, t := range terms {
		pos[t] = append(pos[t], int32(i))
	}
	var got, all float64
	for i := 1; i < len(seq); i++ {
		a, b := seq[i-1], seq[i]
		if a == b {
			continue
		}
		w := weight[a] + weight[b]
		all += w
		if near(pos[qterms[a].term], pos[qterms[b].term], proximityWindow) {
			got += w
		}
	}
	if all == 0 {
		return 0
	}
	return got / all
}

// proximityWindow is how many terms apart two question terms may be to count
// as said together (stop words are not counted).
const proximityWindow = 3

// near reports whether some position in a is within window of one in b; both
// are ascending.
func near(a, b []int32, window int32) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		d := a[i] - b[j]
		if d <= window && d >= -window {
			return true
		}
		if a[i] < b[j] {
			i++
		} else {
			j++
		}
	}
	return false
}

// rerank re-scores the first depth articles with the proximity of the
// question's terms in their title and best passage, and re-sorts them.
// The caller holds ix.mu for reading.
func (ix *Index) rerank(arts []articleCand, pq parsedQuery, weight []float64, rp ranking) {
	depth := min(rp.rerankDepth, len(arts))
	if depth < 2 || rp.proximity == 0 {
		return
	}
	pos := make(map[string][]int32, 256)
	var terms []string
	for i := range arts[:depth] {
		a := &arts[i]
		art := ix.articles[a.slot]
		p := ix.passages[a.best]
		terms = ix.analyzer.Terms(terms[:0], art.Title)
		terms = append(terms, "") // no pair spans title and body
		terms = ix.analyzer.Terms(terms, art.Body[p.start:p.end])
		a.base += rp.proximity * proximity(pq.seq, weight, terms, pq.terms, pos)
		a.score = a.base * a.prior
	}
	slices.SortFunc(arts[:depth], byArticleScore)
}
