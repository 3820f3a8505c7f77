package pgindex

import (
	"context"
	"fmt"
	"hash/fnv"
	"runtime"
	"sync"

	"github.com/jackc/pgx/v5"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
	"newsdesk/retrieval"
	"newsdesk/retrieval/neardup"
)

// pendingArticle is a new or changed article on its way in.
type pendingArticle struct {
	news.Article
	root    string
	hash    int64
	spans   []text.Span
	terms   []postingCounts // by passage
	lens    [][2]int        // by passage: title and body length in terms
	hashes  []int64         // by passage: hash of the embedded text
	vectors [][]float32     // by passage
	sketch  neardup.Sketch
}

// postingCounts are a passage's terms with their frequency in the title and
// in the body.
type postingCounts map[string][2]int

// flush prepares, embeds and writes the pending articles, with the records
// of the files read whole since the last flush, in one transaction.
func (r *ingestRun) flush(ctx context.Context) error {
	if len(r.pending) == 0 && len(r.doneFiles) == 0 {
		return nil
	}
	arts, files := r.pending, r.doneFiles
	r.pending, r.doneFiles = nil, nil
	if err := r.flushBatch(ctx, arts, files); err != nil {
		return &errFlush{err}
	}
	return nil
}

func (r *ingestRun) flushBatch(ctx context.Context, arts []*pendingArticle, files []fileRecord) error {
	ix := r.ix
	parallel(len(arts), func(i int) { ix.prepare(arts[i]) })
	texts, jobs, err := r.reuseVectors(ctx, arts)
	if err != nil {
		return err
	}
	vecs, err := r.embed(ctx, texts)
	if err != nil {
		return err
	}
	for k, jb := range jobs {
		arts[jb[0]].vectors[jb[1]] = vecs[k]
	}
	newTerms, err := ix.writeBatch(ctx, r.db, arts, files)
	if err != nil {
		return fmt.Errorf("write the index: %w", err)
	}
	ix.remember(newTerms)
	if len(arts) > 0 {
		r.changed = true
	}
	return nil
}

// prepare chunks an article, counts its terms and sketches it.
func (ix *Index) prepare(a *pendingArticle) {
	a.spans = ix.analysis.Chunk(&a.Article)
	terms := ix.analysis.Terms(&a.Article, a.spans)
	a.terms = make([]postingCounts, len(a.spans))
	a.lens = make([][2]int, len(a.spans))
	a.hashes = make([]int64, len(a.spans))
	a.vectors = make([][]float32, len(a.spans))
	for j, t := range terms {
		c := make(postingCounts, len(t.Body)+len(t.Title))
		for _, w := range t.Title {
			x := c[w]
			x[0]++
			c[w] = x
		}
		for _, w := range t.Body {
			x := c[w]
			x[1]++
			c[w] = x
		}
		a.terms[j] = c
		a.lens[j] = [2]int{len(t.Title), len(t.Body)}
		s := a.spans[j]
		a.hashes[j] = textHash(a.Title, a.Body[s.Start:s.End])
	}
	a.sketch = neardup.NewSketch(a.Body)
}

// textHash identifies what is embedded for a passage: an updated article's
// passage with the same title and text keeps its vector.
func textHash(title, passage string) int64 {
	h := fnv.New64a()
	h.Write([]byte(title))
	h.Write([]byte{0})
	h.Write([]byte(passage))
	return int64(h.Sum64())
}

// reuseVectors gives each passage of an updated article whose text is
// unchanged its stored vector, and returns the texts to embed for the rest
// with their (article, passage) places.
func (r *ingestRun) reuseVectors(ctx context.Context, arts []*pendingArticle) ([]string, [][2]int, error) {
	var updated []string
	for _, a := range arts {
		if _, ok := r.known[a.DocID]; ok {
			updated = append(updated, a.DocID)
		}
	}
	old := map[string]map[int64][]float32{}
	if len(updated) > 0 {
		rows, err := r.db.Query(ctx, `SELECT a.doc_id, p.text_hash, p.embedding::text FROM index_passages p
			JOIN index_articles a ON a.id = p.article_id WHERE a.doc_id = ANY($1)`, updated)
		if err != nil {
			return nil, nil, fmt.Errorf("read stored vectors: %w", err)
		}
		for rows.Next() {
			var id, vec string
			var h int64
			if err := rows.Scan(&id, &h, &vec); err != nil {
				rows.Close()
				return nil, nil, err
			}
			v, err := parseVector(vec)
			if err != nil {
				rows.Close()
				return nil, nil, err
			}
			if old[id] == nil {
				old[id] = map[int64][]float32{}
			}
			old[id][h] = v
		}
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	var texts []string
	var jobs [][2]int
	for i, a := range arts {
		for j, s := range a.spans {
			if v, ok := old[a.DocID][a.hashes[j]]; ok {
				a.vectors[j] = v
				continue
			}
			jobs = append(jobs, [2]int{i, j})
			texts = append(texts, retrieval.EmbedText(&a.Article, s))
		}
	}
	return texts, jobs, nil
}

// embed embeds texts (retrieval.EmbedBatches) and counts them.
func (r *ingestRun) embed(ctx context.Context, texts []string) ([][]float32, error) {
	out, err := retrieval.EmbedBatches(ctx, r.ix.embedder, texts, r.ix.opts.EmbedBatch)
	if err != nil {
		return nil, err
	}
	r.stats.Embedded += len(texts)
	r.prog.Embedded += len(texts)
	r.report()
	return out, nil
}

// inTx runs fn in a transaction on db.
func (ix *Index) inTx(ctx context.Context, db querier, fn func(tx querier) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// writeBatch writes prepared articles (replacing any stored under their
// doc_ids) and file records in one transaction. It returns the term ids it
// learnt, to remember once committed.
func (ix *Index) writeBatch(ctx context.Context, db querier, arts []*pendingArticle, files []fileRecord) (map[string]int32, error) {
	var learnt map[string]int32
	err := ix.inTx(ctx, db, func(tx querier) error {
		if len(arts) > 0 {
			ids := make([]string, len(arts))
			for i, a := range arts {
				ids[i] = a.DocID
			}
			if err := removeArticles(ctx, tx, ids); err != nil {
				return err
			}
			var err error
			if learnt, err = ix.insertArticles(ctx, tx, arts); err != nil {
				return err
			}
		}
		for _, f := range files {
			if _, err := tx.Exec(ctx, `INSERT INTO index_files VALUES ($1, $2, $3, $4)
				ON CONFLICT (path) DO UPDATE SET root = excluded.root, size = excluded.size, mod_time = excluded.mod_time`,
				f.path, f.root, f.size, f.modTime); err != nil {
				return err
			}
		}
		return nil
	})
	return learnt, err
}

// removeArticles deletes the articles with these doc_ids, their postings
// and passages, and takes them out of the lexical totals.
func removeArticles(ctx context.Context, tx querier, docIDs []string) error {
	if len(docIDs) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM index_postings WHERE passage_id IN (SELECT p.id FROM index_passages p
		JOIN index_articles a ON a.id = p.article_id WHERE a.doc_id = ANY($1))`, docIDs); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `WITH gone AS (DELETE FROM index_articles WHERE doc_id = ANY($1) RETURNING id),
		lost AS (SELECT count(*) AS n, coalesce(sum(title_len), 0) AS t, coalesce(sum(body_len), 0) AS b
			FROM index_passages WHERE article_id IN (SELECT id FROM gone))
		UPDATE index_stats SET passages = passages - lost.n, title_len = index_stats.title_len - lost.t,
			body_len = index_stats.body_len - lost.b FROM lost`, docIDs)
	return err
}

// insertArticles inserts the articles, their passages and postings, and adds
// them to the lexical totals.
func (ix *Index) insertArticles(ctx context.Context, tx querier, arts []*pendingArticle) (map[string]int32, error) {
	var np int
	for _, a := range arts {
		np += len(a.spans)
	}
	aids, err := nextIDs(ctx, tx, "index_articles_id_seq", len(arts))
	if err != nil {
		return nil, err
	}
	pids, err := nextIDs(ctx, tx, "index_passages_id_seq", np)
	if err != nil {
		return nil, err
	}
	termIDs, learnt, err := ix.termIDs(ctx, tx, arts)
	if err != nil {
		return nil, err
	}
	now := ix.opts.Now()
	var ar articleRows
	var pr passageRows
	var po postingRows
	var titleTotal, bodyTotal int64
	k := 0
	for i, a := range arts {
		if a.FirstSeen.IsZero() {
			a.FirstSeen = now
		}
		ar.add(aids[i], a)
		for j, s := range a.spans {
			pid := pids[k]
			k++
			pr.add(pid, aids[i], j, s, a.lens[j], a.hashes[j], a.vectors[j])
			titleTotal += int64(a.lens[j][0])
			bodyTotal += int64(a.lens[j][1])
			for t, c := range a.terms[j] {
				po.add(termIDs[t], pid, c, a.lens[j])
			}
		}
	}
	budget := ix.messageBudget()
	for _, c := range chunks(len(ar.id), func(i int) int { return 200 + len(ar.body[i]) + len(ar.title[i]) + len(ar.url[i]) }, budget) {
		if err := ar.insert(ctx, tx, c[0], c[1], budget); err != nil {
			return nil, fmt.Errorf("insert articles: %w", err)
		}
	}
	for _, c := range chunks(len(pr.id), func(i int) int { return 80 + len(pr.vector[i]) }, budget) {
		if err := pr.insert(ctx, tx, c[0], c[1]); err != nil {
			return nil, fmt.Errorf("insert passages: %w", err)
		}
	}
	for _, c := range chunks(len(po.term), func(int) int { return 40 }, budget) {
		lo, hi := c[0], c[1]
		if _, err := tx.Exec(ctx, `INSERT INTO index_postings (term_id, passage_id, title_tf, body_tf, title_len, body_len)
			SELECT * FROM unnest($1::int4[], $2::int8[], $3::int2[], $4::int2[], $5::int2[], $6::int2[])`,
			po.term[lo:hi], po.passage[lo:hi], po.titleTF[lo:hi], po.bodyTF[lo:hi], po.titleLen[lo:hi], po.bodyLen[lo:hi]); err != nil {
			return nil, fmt.Errorf("insert postings: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE index_stats SET passages = passages + $1, title_len = title_len + $2, body_len = body_len + $3`,
		np, titleTotal, bodyTotal); err != nil {
		return nil, err
	}
	return learnt, nil
}

// nextIDs reserves n ids of a sequence.
func nextIDs(ctx context.Context, tx querier, seq string, n int) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT nextval($1::regclass) FROM generate_series(1, $2)`, seq, n)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err == nil && len(ids) != n {
		err = fmt.Errorf("reserved %d ids of %s, not %d", len(ids), seq, n)
	}
	return ids, err
}

// termIDs returns the id of every term of arts, adding the new ones to
// index_terms; learnt are those not remembered before.
func (ix *Index) termIDs(ctx context.Context, tx querier, arts []*pendingArticle) (ids, learnt map[string]int32, err error) {
	ids = map[string]int32{}
	var missing []string
	ix.termMu.Lock()
	for _, a := range arts {
		for _, c := range a.terms {
			for t := range c {
				if _, ok := ids[t]; ok {
					continue
				}
				if id, ok := ix.termID[t]; ok {
					ids[t] = id
					continue
				}
				ids[t] = -1
				missing = append(missing, t)
			}
		}
	}
	ix.termMu.Unlock()
	learnt = map[string]int32{}
	if len(missing) == 0 {
		return ids, learnt, nil
	}
	for _, c := range chunks(len(missing), func(i int) int { return 8 + len(missing[i]) }, ix.messageBudget()) {
		part := missing[c[0]:c[1]]
		if _, err := tx.Exec(ctx, `INSERT INTO index_terms (term) SELECT unnest($1::text[]) ON CONFLICT (term) DO NOTHING`, part); err != nil {
			return nil, nil, fmt.Errorf("insert terms: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT id, term FROM index_terms WHERE term = ANY($1)`, part)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int32
			var t string
			if err := rows.Scan(&id, &t); err != nil {
				rows.Close()
				return nil, nil, err
			}
			ids[t], learnt[t] = id, id
		}
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return ids, learnt, nil
}

// remember keeps committed term ids.
func (ix *Index) remember(terms map[string]int32) {
	ix.termMu.Lock()
	defer ix.termMu.Unlock()
	for t, id := range terms {
		ix.termID[t] = id
	}
}

// parallel runs fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
