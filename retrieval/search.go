package retrieval

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"newsdesk/internal/news"
)

// Query is a search request.
type Query struct {
	Text string
	// Date is when the question is asked; recent articles are preferred, and
	// articles published after it are held back. Zero means now.
	Date time.Time
	// K is how many passages to return; 0 means the default (10).
	K int
}

// Result is one ranked passage with its article.
type Result struct {
	Rank    int // 1-based
	Passage Passage
	Article news.Article
	Score   float64
	// Group identifies the article's near-duplicate group: versions of one
	// report share a Group. Distinct reports have distinct groups.
	Group int
}

// Search returns the passages most relevant to q, best first. Articles are
// ranked, then each is represented by its best passage: the lexical (BM25F,
// title and body fields) and vector evidence of an article's passages is
// pooled into an article score with how much of the question it covers,
// weighed by a recency prior relative to q.Date. Each article appears once
// before any article appears twice, and another version of a report already
// listed (an article of the same near-duplicate Group) comes a few places
// after it, so the first results are distinct reports.
func (ix *Index) Search(ctx context.Context, q Query) ([]Result, error) {
	return ix.search(ctx, q, defaultRanking())
}

func (ix *Index) search(ctx context.Context, q Query, rp ranking) ([]Result, error) {
	k := q.K
	if k <= 0 {
		k = 10
	}
	date := q.Date
	if date.IsZero() {
		date = ix.opts.Now()
	}
	pq := parseQuery(ix.analyzer, q.Text)
	if !rp.queryWeights {
		pq = plainQuery(ix.analyzer, q.Text, pq.horizon)
	}
	qv, err := ix.embedder.Embed(ctx, []string{pq.text})
	if err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	if len(qv) != 1 {
		return nil, fmt.Errorf("embed query: got %d vectors", len(qv))
	}
	normalize(qv[0]) // stored passage vectors are unit vectors

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.live == 0 || len(pq.terms) == 0 {
		return nil, nil
	}
	var vhits []vecHit
	// The vector ranking finds passages the lexical one cannot, unless the
	// embedder is made of the same terms (Options.SkipVectorQuery): then the
	// lexical candidates' similarities (below) are all it adds, at a tenth of
	// the cost.
	ann := max(rp.vecDepth, 4*k)
	if ix.opts.SkipVectorQuery && rp.vecRescore {
		ann = 0
	}
	if ann > 0 && rp.vecWeight > 0 {
		vres, err := ix.chromemQuery(ctx, qv[0], ann)
		if err != nil {
			return nil, err
		}
		vhits = make([]vecHit, 0, len(vres))
		for _, v := range vres {
			vhits = append(vhits, vecHit{v.slot, v.score})
		}
	}
	horizon := rp.horizon
	if rp.cues && pq.horizon > 0 {
		horizon = pq.horizon
	}
	idf := ix.termWeights(pq.terms)
	c := newCandidates()
	for _, h := range ix.lex.search(pq.terms, max(rp.lexDepth, 4*k), rp.bm25) {
		p := ix.passages[h.slot]
		c.addLexical(p.article, h)
		if rp.vecRescore && rp.vecWeight > 0 {
			if vs := ix.articles[p.article].vectors; int(p.pos) < len(vs) && len(vs[p.pos]) == len(qv[0]) {
				c.addVector(p.article, h.slot, cosine(qv[0], vs[p.pos]))
			}
		}
	}
	for _, v := range vhits {
		c.addVector(ix.passages[v.slot].article, v.slot, v.sim)
	}
	arts := c.rank(rp, idf, func(aslot int32) float64 {
		return recencyPrior(ix.articles[aslot].PublishedAt, date, horizon, rp.grace)
	}, func(aslot int32) int { return len(ix.articles[aslot].slots) })
	return ix.diversify(c.passages(arts), k, rp.versionGap), nil
}

// termWeights returns each query term's share of the question: its weight
// times its inverse document frequency, normalised to sum to 1.
func (ix *Index) termWeights(terms []queryTerm) []float64 {
	w := make([]float64, len(terms))
	var sum float64
	for i, t := range terms {
		if idf, ok := ix.lex.idf(t.term); ok {
			w[i] = t.weight * idf
			sum += w[i]
		}
	}
	for i := range w {
		if sum > 0 {
			w[i] /= sum
		}
	}
	return w
}

// recencyPrior weighs an article by its age when the question is asked: news
// questions are about recent news, so articles of the last horizon days are
// preferred, older ones ever less. Articles from the future of the question
// are held back; undated ones get a middle weight.
func recencyPrior(published, asked time.Time, horizon, grace float64) float64 {
	if published.IsZero() {
		return 0.5
	}
	days := asked.Sub(published).Hours() / 24
	switch {
	case days < -grace:
		return -1
	case days <= horizon:
		return 1
	}
	return math.Exp(-(days - horizon) / horizon)
}

// diversify returns the first k results in the order of diversifyOrder.
func (ix *Index) diversify(ranked []scored, k, gap int) []Result {
	article := func(slot uint32) int32 { return ix.passages[slot].article }
	group := func(aslot int32) int { return ix.groupOf(int(aslot)) }
	placed := diversifyOrder(ranked, k, gap, article, group)
	out := make([]Result, len(placed))
	for i, p := range placed {
		out[i] = ix.result(p.s, p.group, i+1)
	}
	return out
}

func (ix *Index) groupOf(aslot int) int {
	if aslot < len(ix.groups) {
		return ix.groups[aslot]
	}
	return aslot
}

func (ix *Index) result(s scored, group, rank int) Result {
	p := ix.passages[s.slot]
	a := ix.articles[p.article]
	return Result{
		Rank: rank,
		Passage: Passage{
			ID: a.DocID + "#" + strconv.Itoa(int(p.pos)), DocID: a.DocID, Position: int(p.pos),
			Start: int(p.start), End: int(p.end), Text: a.Body[p.start:p.end],
		},
		Article: a.Article,
		Score:   float64(s.score),
		Group:   group,
	}
}

// cosine is the dot product of two unit vectors of the same length.
func cosine(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// chromemQuery asks the chromem-go collection for the n passages nearest to
// q (an exhaustive scan), as slots. n is clamped to the collection's size:
// chromem-go refuses a larger n. The caller holds ix.mu.
func (ix *Index) chromemQuery(ctx context.Context, q []float32, n int) ([]scored, error) {
	n = min(n, ix.coll.Count())
	if n <= 0 {
		return nil, nil
	}
	res, err := ix.coll.QueryEmbedding(ctx, q, n, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("vector search: %w", err)
	}
	out := make([]scored, 0, len(res))
	for _, r := range res {
		slot, err := strconv.ParseUint(r.ID, 10, 32)
		if err != nil || int(slot) >= len(ix.passages) || ix.passages[slot].article < 0 {
			continue
		}
		out = append(out, scored{uint32(slot), r.Similarity})
	}
	return out, nil
}
