package retrieval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
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
	Article Article
	Score   float64
	// Group identifies the article's near-duplicate group: versions of one
	// report share a Group. Distinct reports have distinct groups.
	Group int
}

// Fusion and prior parameters.
const (
	rrfK          = 60
	lexicalWeight = 1.0
	vectorWeight  = 0.7
	candidates    = 200 // passages taken from each ranking
)

// Search returns the passages most relevant to q, best first: the lexical
// (BM25) and vector (chromem-go) rankings fused by reciprocal rank, weighted
// by a recency prior relative to q.Date, then diversified so that the first
// results come from distinct articles and near-duplicate groups.
func (ix *Index) Search(ctx context.Context, q Query) ([]Result, error) {
	k := q.K
	if k <= 0 {
		k = 10
	}
	date := q.Date
	if date.IsZero() {
		date = ix.opts.Now()
	}
	terms := ix.analyzer.Terms(nil, q.Text)
	qv, err := ix.embedder.Embed(ctx, []string{q.Text})
	if err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	if len(qv) != 1 {
		return nil, fmt.Errorf("embed query: got %d vectors", len(qv))
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.live == 0 {
		return nil, nil
	}
	depth := max(candidates, 4*k)
	fused := make(map[uint32]float64, 2*depth)
	for r, s := range ix.lex.search(terms, depth) {
		fused[s.slot] += lexicalWeight / float64(rrfK+r+1)
	}
	n := min(depth, ix.coll.Count()) // chromem errors when n exceeds the count
	if n > 0 && len(terms) > 0 {
		vres, err := ix.coll.QueryEmbedding(ctx, qv[0], n, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("vector search: %w", err)
		}
		for r, v := range vres {
			slot, err := strconv.ParseUint(v.ID, 10, 32)
			if err != nil || int(slot) >= len(ix.passages) || ix.passages[slot].article < 0 {
				continue
			}
			fused[uint32(slot)] += vectorWeight / float64(rrfK+r+1)
		}
	}
	ranked := make([]scored, 0, len(fused))
	for slot, sc := range fused {
		a := ix.articles[ix.passages[slot].article]
		ranked = append(ranked, scored{slot, float32(sc * recencyPrior(a.PublishedAt, date))})
	}
	slices.SortFunc(ranked, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return int(a.slot) - int(b.slot)
	})
	return ix.diversify(ranked, k), nil
}

// recencyPrior weighs an article by its age when the question is asked: news
// questions are about recent news. Articles from the future of the question
// are held back; undated articles are neutral.
func recencyPrior(published, asked time.Time) float64 {
	if published.IsZero() {
		return 1
	}
	days := asked.Sub(published).Hours() / 24
	switch {
	case days < -1:
		return 0.5
	case days < 0:
		days = 0
	}
	return 1 + 0.5*math.Exp(-days/10)
}

// diversify returns the first k results: first the best passage of each
// near-duplicate group, then the remaining passages in rank order.
func (ix *Index) diversify(ranked []scored, k int) []Result {
	out := make([]Result, 0, k)
	used := make(map[int]bool)
	taken := make([]bool, len(ranked))
	for pass := 0; pass < 2 && len(out) < k; pass++ {
		for i, s := range ranked {
			if len(out) == k {
				break
			}
			if taken[i] {
				continue
			}
			p := ix.passages[s.slot]
			g := ix.groupOf(int(p.article))
			if pass == 0 && used[g] {
				continue
			}
			used[g] = true
			taken[i] = true
			out = append(out, ix.result(s, g, len(out)+1))
		}
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
