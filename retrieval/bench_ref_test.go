package retrieval

import (
	"container/heap"
	"context"
)

// The sides of the fused search alone, and the flat-scan reference, for the
// benchmarks. They follow Index.search; keep them in step with it.

// lexicalOnly runs the lexical side of a search: query analysis and BM25F.
func lexicalOnly(ix *Index, q Query) []lexHit {
	rp := defaultRanking()
	pq := parseQuery(ix.analyzer, q.Text)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.lex.search(pq.terms, max(rp.lexDepth, 4*10), rp.bm25)
}

// vectorOnly runs the vector side of a search: the query's embedding and
// the exhaustive vector query (what a non-local embedder's search runs).
func vectorOnly(ctx context.Context, ix *Index, q Query) error {
	rp := defaultRanking()
	qv, err := ix.embedder.Embed(ctx, []string{q.Text})
	if err != nil {
		return err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.vectorScan().query(qv[0], rp.vecDepth)
	return nil
}

// flatVectors holds every live passage's vector in one contiguous slice: the
// memory-bandwidth reference for a vector query.
type flatVectors struct {
	dims  int
	data  []float32
	slots []uint32
}

func newFlatVectors(ix *Index) *flatVectors {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	f := &flatVectors{}
	for _, a := range ix.articles {
		if a == nil {
			continue
		}
		for j, v := range a.vectors {
			f.dims = len(v)
			f.data = append(f.data, v...)
			f.slots = append(f.slots, a.slots[j])
		}
	}
	return f
}

// top returns the k passages whose vectors have the largest dot product
// with q, best first.
func (f *flatVectors) top(q []float32, k int) []scored {
	h := make(minHeap, 0, k)
	for i, s := range f.slots {
		sim := dot(q, f.data[i*f.dims:(i+1)*f.dims])
		switch {
		case len(h) < k:
			heap.Push(&h, scored{s, sim})
		case sim > h[0].score:
			h[0] = scored{s, sim}
			heap.Fix(&h, 0)
		}
	}
	out := make([]scored, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&h).(scored)
	}
	return out
}

// dot is a dot product unrolled by four.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}
