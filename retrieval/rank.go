package retrieval

import (
	"math/bits"
	"slices"
)

// ranking holds the parameters of article ranking; defaultRanking is what
// Search uses. The fields exist so that each technique can be measured by
// turning it off.
type ranking struct {
	bm25         bm25Params
	lexDepth     int     // passages taken from the lexical ranking
	vecDepth     int     // passages taken from the vector ranking (not for the local embedder)
	vecWeight    float64 // the vector evidence against the lexical (0: off)
	vecRescore   bool    // lexical candidates get their vector similarity too
	spread       float64 // an article's second-best passage, against its best
	focus        float64 // an article's mean passage score: the story is its subject
	coverage     float64 // share of the question's terms an article holds
	titleCover   float64 // share of the question's terms its title holds
	recency      float64 // strength of the recency prior (0: off)
	horizon      float64 // days back a question looks when it does not say
	grace        float64 // days an article may be dated after the question
	cues         bool    // the question's wording sets its horizon
	queryWeights bool    // quiz words dropped, names and quotes weighted up
	versionGap   int     // places between a report and another version of it
}

func defaultRanking() ranking {
	return ranking{
		bm25:     defaultBM25(),
		lexDepth: 1000, vecDepth: 200, vecWeight: 0.3, vecRescore: true, spread: 0.25, focus: 0.5,
		coverage: 0.5, titleCover: 0.2,
		recency: 1, horizon: 10, grace: 0.5, cues: true, queryWeights: true, versionGap: 2,
	}
}

// vecHit is a passage the vector search found, with its similarity.
type vecHit struct {
	slot uint32
	sim  float32
}

// articleCand is an article with the evidence found for it.
type articleCand struct {
	slot         int32
	best         uint32  // its best passage
	lex, lex2    float32 // its best and second-best lexical passage scores
	sum          float32 // the sum of its lexical passage scores
	vec          float32 // its best vector similarity
	vecSlot      uint32
	terms, title uint64  // query terms found in its passages, and in its title
	base         float64 // evidence score, before the prior
	prior        float64 // recency factor
	score        float64 // base × prior
}

// candidates pools passage evidence by article.
type candidates struct {
	byArticle map[int32]int
	arts      []articleCand
	hits      []lexHit // every lexical hit, for passages past the best
	hitArt    []int32
}

func newCandidates() *candidates {
	return &candidates{byArticle: make(map[int32]int, 512)}
}

func (c *candidates) get(aslot int32) *articleCand {
	i, ok := c.byArticle[aslot]
	if !ok {
		i = len(c.arts)
		c.byArticle[aslot] = i
		c.arts = append(c.arts, articleCand{slot: aslot, vec: -1})
	}
	return &c.arts[i]
}

func (c *candidates) addLexical(aslot int32, h lexHit) {
	a := c.get(aslot)
	switch {
	case h.score > a.lex:
		a.lex2, a.lex, a.best = a.lex, h.score, h.slot
	case h.score > a.lex2:
		a.lex2 = h.score
	}
	a.sum += h.score
	a.terms |= h.terms
	a.title |= h.title
	c.hits = append(c.hits, h)
	c.hitArt = append(c.hitArt, aslot)
}

func (c *candidates) addVector(aslot int32, slot uint32, sim float32) {
	a := c.get(aslot)
	if sim > a.vec {
		a.vec, a.vecSlot = sim, slot
	}
}

// rank scores the candidate articles and returns them best first. prior
// gives an article's recency in [0, 1], or a negative number for an article
// from after the question.
func (c *candidates) rank(rp ranking, idf []float64, prior func(int32) float64, passages func(int32) int) []articleCand {
	var maxLex, maxVec, maxFocus float64
	focus := make([]float64, len(c.arts))
	for i := range c.arts {
		a := &c.arts[i]
		maxLex = max(maxLex, float64(a.lex)+rp.spread*float64(a.lex2))
		maxVec = max(maxVec, float64(a.vec))
		focus[i] = float64(a.sum) / float64(max(passages(a.slot), 1))
		maxFocus = max(maxFocus, focus[i])
	}
	for i := range c.arts {
		a := &c.arts[i]
		s := 0.0
		if maxLex > 0 {
			s += (float64(a.lex) + rp.spread*float64(a.lex2)) / maxLex
		}
		if maxVec > 0 && a.vec > 0 {
			s += rp.vecWeight * float64(a.vec) / maxVec
		}
		if maxFocus > 0 {
			s += rp.focus * focus[i] / maxFocus
		}
		s += rp.coverage*share(a.terms, idf) + rp.titleCover*share(a.title, idf)
		a.base, a.prior = s, 1
		switch p := prior(a.slot); {
		case rp.recency == 0:
		case p < 0:
			a.prior = 0.25
		default:
			a.prior = 1 + rp.recency*p
		}
		a.score = a.base * a.prior
		if a.lex == 0 {
			a.best = a.vecSlot
		}
	}
	slices.SortFunc(c.arts, byArticleScore)
	return c.arts
}

func byArticleScore(x, y articleCand) int {
	switch {
	case x.score > y.score:
		return -1
	case x.score < y.score:
		return 1
	}
	return int(x.slot) - int(y.slot)
}

// share is the weight of the query terms in mask.
func share(mask uint64, idf []float64) float64 {
	s := 0.0
	for mask != 0 {
		i := bits.TrailingZeros64(mask)
		if i < len(idf) {
			s += idf[i]
		}
		mask &= mask - 1
	}
	return s
}

// passages lists the ranked articles' best passages in article order, then
// their other lexical hits, in article order, as a ranking for diversify.
func (c *candidates) passages(arts []articleCand) []scored {
	out := make([]scored, 0, len(arts)+len(c.hits))
	rank := make(map[int32]int, len(arts))
	for i, a := range arts {
		rank[a.slot] = i
		out = append(out, scored{a.best, float32(a.score)})
	}
	rest := make([]int, 0, len(c.hits))
	for i, h := range c.hits {
		if arts[rank[c.hitArt[i]]].best != h.slot {
			rest = append(rest, i)
		}
	}
	slices.SortStableFunc(rest, func(x, y int) int { return rank[c.hitArt[x]] - rank[c.hitArt[y]] })
	for _, i := range rest {
		a := arts[rank[c.hitArt[i]]]
		out = append(out, scored{c.hits[i].slot, float32(a.score) * c.hits[i].score / max(a.lex, 1e-9) / 2})
	}
	return out
}
