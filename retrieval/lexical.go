package retrieval

import (
	"math"
	"slices"
	"sync"
)

// passageTerms are the index terms of one passage, by field: the title of
// its article (shared by all its passages) and its own body text.
type passageTerms struct {
	title, body []string
}

// posting is one passage that holds a term, with the term's frequency in
// each field of it.
type posting struct {
	slot  uint32
	title uint16 // frequency in the title
	body  uint16 // frequency in the body
}

// fieldLen is the length in terms of each field of a passage.
type fieldLen struct {
	title, body uint32
}

// lexicon is an inverted index over passages with two fields, title and
// body, scored with BM25F. Passages are identified by slot; removed slots are
// masked until the next compaction. It is not safe for concurrent mutation;
// Index guards it.
type lexicon struct {
	ids        map[string]uint32 // term → term id
	postings   [][]posting       // by term id, ascending slot
	lengths    []fieldLen        // by slot (zero for dead slots)
	dead       []bool            // by slot
	live       int
	titleTotal int64 // sum of title lengths of live slots
	bodyTotal  int64 // sum of body lengths of live slots
	dropped    int   // dead slots whose postings are still present

	scratch sync.Pool // *scoreBuf
}

func newLexicon() *lexicon {
	return &lexicon{ids: make(map[string]uint32)}
}

// add indexes terms as slot, which must be past every slot added before.
func (l *lexicon) add(slot uint32, terms passageTerms) {
	for int(slot) >= len(l.lengths) {
		l.lengths = append(l.lengths, fieldLen{})
		l.dead = append(l.dead, true)
	}
	l.lengths[slot] = fieldLen{uint32(len(terms.title)), uint32(len(terms.body))}
	l.dead[slot] = false
	l.live++
	l.titleTotal += int64(len(terms.title))
	l.bodyTotal += int64(len(terms.body))
	l.addField(slot, terms.title, true)
	l.addField(slot, terms.body, false)
}

func (l *lexicon) addField(slot uint32, terms []string, title bool) {
	for _, t := range terms {
		id, ok := l.ids[t]
		if !ok {
			id = uint32(len(l.postings))
			l.ids[t] = id
			l.postings = append(l.postings, nil)
		}
		p := l.postings[id]
		n := len(p)
		if n == 0 || p[n-1].slot != slot {
			p = append(p, posting{slot: slot})
			l.postings[id] = p
			n++
		}
		x := &p[n-1]
		switch {
		case title && x.title < math.MaxUint16:
			x.title++
		case !title && x.body < math.MaxUint16:
			x.body++
		}
	}
}

// remove masks slot; its postings go at the next compaction.
func (l *lexicon) remove(slot uint32) {
	if int(slot) >= len(l.dead) || l.dead[slot] {
		return
	}
	l.dead[slot] = true
	l.live--
	l.titleTotal -= int64(l.lengths[slot].title)
	l.bodyTotal -= int64(l.lengths[slot].body)
	l.lengths[slot] = fieldLen{}
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

// idf returns the inverse document frequency of a term (by passage), and
// false when no passage holds it.
func (l *lexicon) idf(term string) (float64, bool) {
	id, ok := l.ids[term]
	if !ok || len(l.postings[id]) == 0 || l.live == 0 {
		return 0, false
	}
	df := float64(len(l.postings[id]))
	return math.Log(1 + (float64(l.live)-df+0.5)/(df+0.5)), true
}

// bm25Params are the BM25F parameters: k1 saturates the combined term
// frequency; each field has a weight and a length normalisation b.
type bm25Params struct {
	k1                  float64
	titleWeight, titleB float64
	bodyWeight, bodyB   float64
}

// defaultBM25 is tuned for news passages of about 200 words: a title word
// counts as much as a few body mentions.
func defaultBM25() bm25Params {
	return bm25Params{k1: 1.2, titleWeight: 2.5, titleB: 0.3, bodyWeight: 1, bodyB: 0.5}
}

type scoreBuf struct {
	scores  []float32
	terms   []uint64 // by slot: bit i set when query term i is in the passage
	title   []uint64 // by slot: bit i set when query term i is in its title
	touched []uint32
}

// lexHit is a passage the lexical search found: its BM25F score and which
// query terms (bit i for term i, up to 64) it holds, in all and in its title.
type lexHit struct {
	slot         uint32
	score        float32
	terms, title uint64
}

// search scores the live slots that hold any of the query terms with BM25F
// (each term's score multiplied by its weight) and returns the best n, best
// first. Repeated query terms count once.
func (l *lexicon) search(terms []queryTerm, n int, bp bm25Params) []lexHit {
	if l.live == 0 || n <= 0 {
		return nil
	}
	buf, _ := l.scratch.Get().(*scoreBuf)
	if buf == nil {
		buf = &scoreBuf{}
	}
	if len(buf.scores) < len(l.lengths) {
		size := len(l.lengths) + len(l.lengths)/4
		buf.scores, buf.terms, buf.title = make([]float32, size), make([]uint64, size), make([]uint64, size)
	}
	scores, touched := buf.scores, buf.touched[:0]
	avgTitle := max(float64(l.titleTotal)/float64(l.live), 1)
	avgBody := max(float64(l.bodyTotal)/float64(l.live), 1)
	k1 := float32(bp.k1)
	for i, qt := range terms {
		id, ok := l.ids[qt.term]
		if !ok || seenTerm(terms[:i], qt.term) {
			continue
		}
		p := l.postings[id]
		df := len(p)
		if df == 0 {
			continue
		}
		bit := uint64(1) << min(i, 63)
		w := float32(qt.weight * math.Log(1+(float64(l.live)-float64(df)+0.5)/(float64(df)+0.5)))
		for _, x := range p {
			if l.dead[x.slot] {
				continue
			}
			ln := l.lengths[x.slot]
			var tf float32
			if x.title > 0 {
				tf += float32(bp.titleWeight) * float32(x.title) / float32(1-bp.titleB+bp.titleB*float64(ln.title)/avgTitle)
				buf.title[x.slot] |= bit
			}
			if x.body > 0 {
				tf += float32(bp.bodyWeight) * float32(x.body) / float32(1-bp.bodyB+bp.bodyB*float64(ln.body)/avgBody)
			}
			if scores[x.slot] == 0 {
				touched = append(touched, x.slot)
			}
			buf.terms[x.slot] |= bit
			scores[x.slot] += w * tf * (k1 + 1) / (tf + k1)
		}
	}
	all := make([]lexHit, 0, min(len(touched), n))
	for _, s := range touched {
		all = keepBest(all, lexHit{slot: s, score: scores[s], terms: buf.terms[s], title: buf.title[s]}, n)
		scores[s], buf.terms[s], buf.title[s] = 0, 0, 0
	}
	slices.SortFunc(all, func(a, b lexHit) int { return byScore(scored{a.slot, a.score}, scored{b.slot, b.score}) })
	buf.touched = touched
	l.scratch.Put(buf)
	return all
}

func seenTerm(terms []queryTerm, t string) bool {
	for _, x := range terms {
		if x.term == t {
			return true
		}
	}
	return false
}

// scored is a slot with its score.
type scored struct {
	slot  uint32
	score float32
}

// byScore orders scored values best first, ties by slot.
func byScore(a, b scored) int {
	if a.score != b.score {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	return int(a.slot) - int(b.slot)
}
