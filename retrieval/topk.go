package retrieval

// Top-k selection for the lexical ranking: a query can touch tens of
// thousands of passages, of which the first n (about a thousand) are kept;
// a bounded heap finds them without sorting all of them. The order is
// byScore's, a total order, so the n kept and their order are exactly those
// of sorting everything and cutting.

// hitWorse reports whether a ranks below b (byScore order).
func hitWorse(a, b lexHit) bool {
	return a.score < b.score || a.score == b.score && a.slot > b.slot
}

// keepBest adds x to h, a heap of at most n hits with the worst on top, and
// returns it.
func keepBest(h []lexHit, x lexHit, n int) []lexHit {
	if len(h) < n {
		h = append(h, x)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !hitWorse(h[i], h[p]) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
		return h
	}
	if n == 0 || !hitWorse(h[0], x) {
		return h
	}
	h[0] = x
	for i := 0; ; {
		w, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && hitWorse(h[l], h[w]) {
			w = l
		}
		if r < len(h) && hitWorse(h[r], h[w]) {
			w = r
		}
		if w == i {
			return h
		}
		h[i], h[w] = h[w], h[i]
		i = w
	}
}
