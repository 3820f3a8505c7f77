package pgindex

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"newsdesk/retrieval"
)

// lexicalSQL scores the passages holding any query term with BM25F exactly
// as the embedded lexicon does, and returns the best $n with their article's
// facts and their vector similarity to the question. $1 term ids, $2 their
// bits, $3 their weights (query weight × idf), $4 avg title length, $5 avg
// body length, $6..$10 k1, title weight, title b, body weight, body b, $11
// the query vector (NULL: no similarity), $12 n.
const lexicalSQL = `
WITH q AS (SELECT * FROM unnest($1::int4[], $2::int8[], $3::float8[]) AS q(term_id, bit, w)),
hit AS (
	SELECT p.passage_id, q.bit, p.title_tf,
		q.w * f.tf * ($6::float8 + 1) / (f.tf + $6::float8) AS s
	FROM q JOIN index_postings p ON p.term_id = q.term_id,
	LATERAL (SELECT
		CASE WHEN p.title_tf > 0 THEN $7::float8 * p.title_tf / (1 - $8::float8 + $8::float8 * p.title_len / $4::float8) ELSE 0 END +
		CASE WHEN p.body_tf > 0 THEN $9::float8 * p.body_tf / (1 - $10::float8 + $10::float8 * p.body_len / $5::float8) ELSE 0 END AS tf) f
	WHERE p.term_id = ANY($1::int4[])),
top AS (
	SELECT passage_id, sum(s) AS score, bit_or(bit) AS terms,
		bit_or(CASE WHEN title_tf > 0 THEN bit ELSE 0 END) AS title
	FROM hit GROUP BY passage_id ORDER BY score DESC, passage_id LIMIT $12::int)
SELECT t.passage_id, t.score, t.terms, t.title, p.article_id,
	CASE WHEN $11::text IS NULL THEN -2 ELSE -(p.embedding <#> $11::text::vector) END,
	a.published_at, a.passages, coalesce(a.grp, a.id)
FROM top t JOIN index_passages p ON p.id = t.passage_id JOIN index_articles a ON a.id = p.article_id
ORDER BY t.score DESC, t.passage_id`

// vectorSQL returns the $2 passages nearest to $1 by cosine distance (the
// HNSW index), with their article's facts.
const vectorSQL = `
SELECT p.id, 1 - (p.embedding <=> $1::text::vector) AS sim, p.article_id, a.published_at, a.passages, coalesce(a.grp, a.id)
FROM index_passages p JOIN index_articles a ON a.id = p.article_id
ORDER BY p.embedding <=> $1::text::vector LIMIT $2::int`

// Search returns the passages most relevant to q, best first, ranked as
// retrieval.Index.Search ranks them: PostgreSQL finds and BM25F-scores the
// lexical candidates (and the nearest passages by vector, unless
// SkipVectorQuery), retrieval ranks them.
func (ix *Index) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error) {
	k := q.K
	if k <= 0 {
		k = 10
	}
	date := q.Date
	if date.IsZero() {
		date = ix.opts.Now()
	}
	pq := ix.analysis.ParseQuery(q.Text)
	if len(pq.Terms) == 0 {
		return nil, nil
	}
	qv, err := ix.embedder.Embed(ctx, []string{pq.Text})
	if err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	if len(qv) != 1 {
		return nil, fmt.Errorf("embed query: got %d vectors", len(qv))
	}
	retrieval.NormalizeQuery(qv[0])
	vec := formatVector(qv[0])
	plan := retrieval.PlanSearch(k)

	st, err := ix.termStats(ctx, pq)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if st.passages == 0 {
		return nil, nil
	}
	c := newPool()
	if err := ix.lexical(ctx, pq, st, plan, vec, c); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if !ix.opts.SkipVectorQuery || !plan.VectorRescore {
		if err := ix.nearest(ctx, vec, plan.VectorDepth, c); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	ranked := c.rank(pq, date, k, st.idf)
	return ix.results(ctx, ranked, c)
}

// termStats are the lexical totals and the query terms' ids and idf.
type termStats struct {
	passages          int64
	avgTitle, avgBody float64
	ids               []int32
	bits              []int64
	weights           []float64
	idf               []float64 // by query term; 0 when no passage holds it
}

func (ix *Index) termStats(ctx context.Context, pq retrieval.ParsedQuery) (termStats, error) {
	var st termStats
	terms := make([]string, len(pq.Terms))
	for i, t := range pq.Terms {
		terms[i] = t.Term
	}
	b := &pgx.Batch{}
	var titleTotal, bodyTotal int64
	b.Queue(`SELECT passages, title_len, body_len FROM index_stats`).QueryRow(func(row pgx.Row) error {
		return row.Scan(&st.passages, &titleTotal, &bodyTotal)
	})
	df := map[string][2]int64{}
	b.Queue(`SELECT t.term, t.id, (SELECT count(*) FROM index_postings p WHERE p.term_id = t.id)
		FROM index_terms t WHERE t.term = ANY($1)`, terms).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var t string
			var id, n int64
			if err := rows.Scan(&t, &id, &n); err != nil {
				return err
			}
			df[t] = [2]int64{id, n}
		}
		return rows.Err()
	})
	if err := ix.pool.SendBatch(ctx, b).Close(); err != nil {
		return st, err
	}
	if st.passages == 0 {
		return st, nil
	}
	st.avgTitle = max(float64(titleTotal)/float64(st.passages), 1)
	st.avgBody = max(float64(bodyTotal)/float64(st.passages), 1)
	st.idf = make([]float64, len(pq.Terms))
	for i, t := range pq.Terms {
		x, ok := df[t.Term]
		if !ok || x[1] == 0 {
			continue
		}
		st.idf[i] = retrieval.IDF(int(x[1]), int(st.passages))
		st.ids = append(st.ids, int32(x[0]))
		st.bits = append(st.bits, int64(uint64(1)<<min(i, 63)))
		st.weights = append(st.weights, t.Weight*st.idf[i])
	}
	return st, nil
}

// lexical adds the lexical candidates, with their vector similarity when
// the plan rescores them.
func (ix *Index) lexical(ctx context.Context, pq retrieval.ParsedQuery, st termStats, plan retrieval.SearchPlan, vec string, c *pool) error {
	if len(st.ids) == 0 {
		return nil
	}
	var qvec *string
	if plan.VectorRescore {
		qvec = &vec
	}
	b := plan.BM25F
	rows, err := ix.pool.Query(ctx, lexicalSQL, st.ids, st.bits, st.weights, st.avgTitle, st.avgBody,
		b.K1, b.TitleWeight, b.TitleB, b.BodyWeight, b.BodyB, qvec, plan.LexicalDepth)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var h candidate
		var terms, title int64
		if err := rows.Scan(&h.passage, &h.score, &terms, &title, &h.article, &h.sim, &h.published, &h.passages, &h.group); err != nil {
			return err
		}
		h.terms, h.title, h.lexical = uint64(terms), uint64(title), true
		c.add(h)
	}
	return rows.Err()
}

// nearest adds the n passages nearest to the question by vector.
func (ix *Index) nearest(ctx context.Context, vec string, n int, c *pool) error {
	return ix.inTx(ctx, ix.pool, func(tx querier) error {
		// HNSW returns at most ef_search rows.
		if _, err := tx.Exec(ctx, `SELECT set_config('hnsw.ef_search', $1, true)`, strconv.Itoa(min(max(n, 40), 1000))); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, vectorSQL, vec, n)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h candidate
			if err := rows.Scan(&h.passage, &h.sim, &h.article, &h.published, &h.passages, &h.group); err != nil {
				return err
			}
			c.add(h)
		}
		return rows.Err()
	})
}

// candidate is one row of the candidate queries.
type candidate struct {
	passage, article int64
	score            float64
	terms, title     uint64
	lexical          bool
	sim              float64 // -2: not computed
	published        *time.Time
	passages         int
	group            int64
}

// pool numbers the candidates for retrieval's ranking: passages and
// articles by ascending id, so that ties break by age in the index as in
// the embedded one.
type pool struct {
	rows []candidate
}

func newPool() *pool { return &pool{} }

func (p *pool) add(c candidate) { p.rows = append(p.rows, c) }

// rank numbers the candidates and ranks them with retrieval's ranking; it
// returns the passage ids of the results with their scores and groups.
func (p *pool) rank(pq retrieval.ParsedQuery, date time.Time, k int, idf []float64) []rankedPassage {
	var pids, aids []int64
	for _, r := range p.rows {
		pids = append(pids, r.passage)
		aids = append(aids, r.article)
	}
	slices.Sort(pids)
	pids = slices.Compact(pids)
	slices.Sort(aids)
	aids = slices.Compact(aids)
	pnum := make(map[int64]uint32, len(pids))
	for i, id := range pids {
		pnum[id] = uint32(i)
	}
	anum := make(map[int64]int32, len(aids))
	for i, id := range aids {
		anum[id] = int32(i)
	}
	facts := make([]retrieval.ArticleFacts, len(aids))
	articleOf := make([]int32, len(pids))
	c := retrieval.NewCandidates()
	for _, r := range p.rows {
		a, pn := anum[r.article], pnum[r.passage]
		articleOf[pn] = a
		f := retrieval.ArticleFacts{Passages: r.passages, Group: int(r.group)}
		if r.published != nil {
			f.PublishedAt = r.published.UTC()
		}
		facts[a] = f
		if r.lexical {
			c.AddLexical(retrieval.LexicalHit{Passage: pn, Article: a, Score: float32(r.score), Terms: r.terms, Title: r.title})
		}
		if r.sim > -2 {
			c.AddVector(a, pn, float32(r.sim))
		}
	}
	ranked := c.Rank(pq, date, k, idf, func(a int32) retrieval.ArticleFacts { return facts[a] }, func(pn uint32) int32 { return articleOf[pn] })
	out := make([]rankedPassage, len(ranked))
	for i, r := range ranked {
		out[i] = rankedPassage{id: pids[r.Passage], score: r.Score, group: r.Group}
	}
	return out
}

type rankedPassage struct {
	id    int64
	score float64
	group int
}

// results reads the ranked passages and their articles.
func (ix *Index) results(ctx context.Context, ranked []rankedPassage, _ *pool) ([]retrieval.Result, error) {
	if len(ranked) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.id
	}
	rows, err := ix.pool.Query(ctx, `SELECT `+articleColumns+`, p.id, p.pos, p.start_byte, p.end_byte
		FROM index_passages p JOIN index_articles a ON a.id = p.article_id WHERE p.id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("search: read the results: %w", err)
	}
	defer rows.Close()
	byID := map[int64]retrieval.Result{}
	for rows.Next() {
		var id int64
		var pos, start, end int
		a, err := scanArticle(rows, &id, &pos, &start, &end)
		if err != nil {
			return nil, fmt.Errorf("search: read the results: %w", err)
		}
		start, end = min(start, len(a.Body)), min(end, len(a.Body))
		byID[id] = retrieval.Result{
			Passage: retrieval.Passage{
				ID: a.DocID + "#" + strconv.Itoa(pos), DocID: a.DocID, Position: pos,
				Start: start, End: end, Text: a.Body[start:end],
			},
			Article: a,
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: read the results: %w", err)
	}
	out := make([]retrieval.Result, 0, len(ranked))
	for _, r := range ranked {
		res, ok := byID[r.id]
		if !ok {
			continue // removed by an ingest meanwhile
		}
		res.Rank, res.Score, res.Group = len(out)+1, r.score, r.group
		out = append(out, res)
	}
	return out, nil
}
