package retrieval

import (
	"container/heap"
	"runtime"
	"slices"
	"sync"
)

// The flat scan below is the reference that BenchmarkVectorReference sets
// against chromem-go's QueryEmbedding: the same vectors, read in order from
// contiguous blocks. It answers with chromem-go's similarities bit for bit,
// 4–7 times faster (chromem-go reaches each vector through a map and a
// pointer, hands results over a channel and keeps them in a locked heap).
// Search queries chromem-go itself; this is what would replace it, kept in
// the tests as the measured alternative.

// vectorScan is a flat scan over a vectorStore's blocks, of the slots live
// holds.
type vectorScan struct {
	x    *vectorStore
	live []bool // by slot: a passage with a vector of the store's size
}

// vectorScan returns the scan of ix's live passages. The caller holds ix.mu.
func (ix *Index) vectorScan() vectorScan {
	live := make([]bool, len(ix.passages))
	for s, p := range ix.passages {
		if p.article >= 0 {
			vs := ix.articles[p.article].vectors
			live[s] = int(p.pos) < len(vs) && len(vs[p.pos]) == ix.vecs.dims && ix.vecs.dims > 0
		}
	}
	return vectorScan{x: ix.vecs, live: live}
}

// query returns the n live slots whose vectors have the largest dot product
// with q (normalised first, as chromem-go does), best first, ties by slot.
func (sc vectorScan) query(q []float32, n int) []scored {
	x := sc.x
	if n <= 0 || !slices.Contains(sc.live, true) || len(q) != x.dims {
		return nil
	}
	if !isUnit(q) {
		q = unitVector(q)
	}
	workers := min(runtime.GOMAXPROCS(0), len(x.blocks), max(1, len(sc.live)/32768))
	tops := make([]topN, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := topN{n: n, h: make(minHeap, 0, n)}
			for b := w; b < len(x.blocks); b += workers {
				sc.scanBlock(q, b, &t)
			}
			tops[w] = t
		}()
	}
	wg.Wait()
	all := tops[0].h
	for _, t := range tops[1:] {
		all = append(all, t.h...)
	}
	slices.SortFunc(all, byScore)
	return all[:min(n, len(all))]
}

// scanBlock adds the live vectors of block b to t. Four vectors are summed
// at once, each in the order of its dimensions.
func (sc vectorScan) scanBlock(q []float32, b int, t *topN) {
	x := sc.x
	d := x.dims
	base := b * vectorBlock
	end := min(vectorBlock, len(sc.live)-base)
	blk := x.blocks[b]
	i := 0
	for ; i+8 <= end; i += 8 {
		o := blk[i*d : (i+8)*d]
		v0, v1, v2, v3 := o[0*d:1*d], o[1*d:2*d], o[2*d:3*d], o[3*d:4*d]
		v4, v5, v6, v7 := o[4*d:5*d], o[5*d:6*d], o[6*d:7*d], o[7*d:8*d]
		v0, v1, v2, v3 = v0[:len(q)], v1[:len(q)], v2[:len(q)], v3[:len(q)]
		v4, v5, v6, v7 = v4[:len(q)], v5[:len(q)], v6[:len(q)], v7[:len(q)]
		var s0, s1, s2, s3, s4, s5, s6, s7 float32
		for k, qk := range q {
			s0 += qk * v0[k]
			s1 += qk * v1[k]
			s2 += qk * v2[k]
			s3 += qk * v3[k]
			s4 += qk * v4[k]
			s5 += qk * v5[k]
			s6 += qk * v6[k]
			s7 += qk * v7[k]
		}
		t.offer(sc.live, uint32(base+i), s0)
		t.offer(sc.live, uint32(base+i+1), s1)
		t.offer(sc.live, uint32(base+i+2), s2)
		t.offer(sc.live, uint32(base+i+3), s3)
		t.offer(sc.live, uint32(base+i+4), s4)
		t.offer(sc.live, uint32(base+i+5), s5)
		t.offer(sc.live, uint32(base+i+6), s6)
		t.offer(sc.live, uint32(base+i+7), s7)
	}
	for ; i < end; i++ {
		v := blk[i*d : (i+1)*d][:len(q)]
		var s float32
		for k, qk := range q {
			s += qk * v[k]
		}
		t.offer(sc.live, uint32(base+i), s)
	}
}

// topN keeps the n best slots seen.
type topN struct {
	n int
	h minHeap // worst on top
}

func (t *topN) offer(live []bool, slot uint32, sim float32) {
	switch {
	case !live[slot]:
	case len(t.h) < t.n:
		heap.Push(&t.h, scored{slot, sim})
	case worse(t.h[0], scored{slot, sim}):
		t.h[0] = scored{slot, sim}
		heap.Fix(&t.h, 0)
	}
}

// worse reports whether a ranks below b: a lower score, or an equal score
// and a later slot.
func worse(a, b scored) bool { return byScore(a, b) > 0 }

// minHeap is a heap of scored slots with the worst on top.
type minHeap []scored

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return worse(h[i], h[j]) }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
