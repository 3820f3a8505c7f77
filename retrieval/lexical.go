package retrieval

import (
	"math"
	"slices"
	"sync"
)

// posting is one passage that holds a term, with the term's frequency in it.
type posting struct {
	slot uint32
	tf   uint32
}

// lexicon is an inverted index over passages, scored with BM25. Passages are
// identified by slot; removed slots are masked until the next compaction.
// It is not safe for concurrent mutation; Index guards it.
type lexicon struct {
	ids      map[string]uint32 // term → term id
	postings [][]posting       // by term id, ascending slot
	lengths  []uint32          // terms per slot (0 for dead slots)
	dead     []bool            // by slot
	live     int
	total    int64 // sum of lengths of live slots
	dropped  int   // dead slots whose postings are still present

	scratch sync.Pool // *scoreBuf
}

func newLexicon() *lexicon {
	return &lexicon{ids: make(map[string]uint32)}
}

// add indexes terms as slot, which must be past every slot added before.
func (l *lexicon) add(slot uint32, terms []string) {
	for int(slot) >= len(l.lengths) {
		l.lengths = append(l.lengths, 0)
		l.dead = append(l.dead, true)
	}
	l.lengths[slot] = uint32(len(terms))
	l.dead[slot] = false
	l.live++
	l.total += int64(len(terms))
	for _, t := range terms {
		id, ok := l.ids[t]
		if !ok {
			id = uint32(len(l.postings))
			l.ids[t] = id
			l.postings = append(l.postings, nil)
		}
		p := l.postings[id]
		if n := len(p); n > 0 && p[n-1].slot == slot {
			p[n-1].tf++
			continue
		}
		l.postings[id] = append(p, posting{slot: slot, tf: 1})
	}
}

// remove masks slot; its postings go at the next compaction.
func (l *lexicon) remove(slot uint32) {
	if int(slot) >= len(l.dead) || l.dead[slot] {
		return
	}
	l.dead[slot] = true
	l.live--
	l.total -= int64(l.lengths[slot])
	l.lengths[slot] = 0
	l.dropped++
	if l.dropped > 1024 && l.dropped*4 > l.live {
		l.compact()
	}
}

// compact drops the postings of dead slots.
func (l *lexicon) compact() {
	for id, p := range l.postings {
		l.postings[id] = slices.DeleteFunc(p, func(x posting) bool { return l.dead[x.slot] })
	}
	l.dropped = 0
}

// BM25 parameters, tuned for news passages.
const (
	bm25K1 = 0.9
	bm25B  = 0.4
)

type scoreBuf struct {
	scores  []float32
	touched []uint32
}

// search scores the live slots that hold any of the query terms and returns
// the best n, best first. Repeated query terms count once.
func (l *lexicon) search(terms []string, n int) []scored {
	if l.live == 0 || n <= 0 {
		return nil
	}
	buf, _ := l.scratch.Get().(*scoreBuf)
	if buf == nil {
		buf = &scoreBuf{}
	}
	if len(buf.scores) < len(l.lengths) {
		buf.scores = make([]float32, len(l.lengths)+len(l.lengths)/4)
	}
	scores, touched := buf.scores, buf.touched[:0]
	avg := float64(l.total) / float64(l.live)
	seen := make(map[uint32]bool, len(terms))
	for _, t := range terms {
		id, ok := l.ids[t]
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		p := l.postings[id]
		df := len(p)
		if df == 0 {
			continue
		}
		idf := float32(math.Log(1 + (float64(l.live)-float64(df)+0.5)/(float64(df)+0.5)))
		for _, x := range p {
			if l.dead[x.slot] {
				continue
			}
			tf := float32(x.tf)
			norm := float32(bm25K1 * (1 - bm25B + bm25B*float64(l.lengths[x.slot])/avg))
			if scores[x.slot] == 0 {
				touched = append(touched, x.slot)
			}
			scores[x.slot] += idf * tf * (bm25K1 + 1) / (tf + norm)
		}
	}
	out := topScored(touched, func(s uint32) float32 { return scores[s] }, n)
	for _, s := range touched {
		scores[s] = 0
	}
	buf.touched = touched
	l.scratch.Put(buf)
	return out
}

// scored is a slot with its score.
type scored struct {
	slot  uint32
	score float32
}

// topScored returns the n best of slots by score, best first (ties by slot).
func topScored(slots []uint32, score func(uint32) float32, n int) []scored {
	all := make([]scored, 0, len(slots))
	for _, s := range slots {
		all = append(all, scored{s, score(s)})
	}
	better := func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return int(a.slot) - int(b.slot)
	}
	if len(all) > n {
		// partial selection: keep a small sorted window
		slices.SortFunc(all, better)
		all = all[:n]
		return all
	}
	slices.SortFunc(all, better)
	return all
}
