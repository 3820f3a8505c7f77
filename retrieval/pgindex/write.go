package pgindex

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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

// embed embeds texts in batches, a few batches at once.
func (r *ingestRun) embed(ctx context.Context, texts []string) ([][]float32, error) {
	ix := r.ix
	bs := ix.opts.EmbedBatch
	nb := (len(texts) + bs - 1) / bs
	out := make([][]float32, len(texts))
	errs := make([]error, nb)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	parallel(nb, func(b int) {
		if ctx.Err() != nil {
			errs[b] = ctx.Err()
			return
		}
		lo, hi := b*bs, min((b+1)*bs, len(texts))
		v, err := ix.embedder.Embed(ctx, texts[lo:hi])
		if err == nil && len(v) != hi-lo {
			err = fmt.Errorf("embedder returned %d vectors for %d texts", len(v), hi-lo)
		}
		if err != nil {
			errs[b] = err
			cancel()
			return
		}
		copy(out[lo:hi], v)
	})
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("embed passages: %w", err)
		}
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

// The column arrays of one batch insert.
type articleRows struct {
	id, hash                                       []int64
	docID, root, title, url, source, authors, body []string
	path                                           []string
	line, passages                                 []int32
	published                                      []*time.Time
	firstSeen                                      []time.Time
	sketch                                         [][]byte
}

func (r *articleRows) add(id int64, a *pendingArticle) {
	r.id = append(r.id, id)
	r.hash = append(r.hash, a.hash)
	r.docID = append(r.docID, a.DocID)
	r.root = append(r.root, a.root)
	r.title = append(r.title, a.Title)
	r.url = append(r.url, a.URL)
	r.source = append(r.source, a.Source)
	var p *time.Time
	if !a.PublishedAt.IsZero() {
		t := a.PublishedAt
		p = &t
	}
	r.published = append(r.published, p)
	r.authors = append(r.authors, strings.Join(a.Authors, "\x1f"))
	r.body = append(r.body, a.Body)
	r.path = append(r.path, a.Path)
	r.line = append(r.line, int32(a.Line))
	r.firstSeen = append(r.firstSeen, a.FirstSeen)
	r.passages = append(r.passages, int32(len(a.spans)))
	r.sketch = append(r.sketch, sketchBytes(&a.sketch))
}

// insert inserts rows lo..hi-1. A body too long for one message (PGlite's
// limit) goes in pieces: the first with the row, the rest appended.
func (r *articleRows) insert(ctx context.Context, tx querier, lo, hi, budget int) error {
	body := r.body[lo:hi]
	var rest [][]string
	if budget > 0 {
		body = slices.Clone(body)
		rest = make([][]string, len(body))
		for i, b := range body {
			if len(b) > budget/2 {
				pieces := splitUTF8(b, budget/2)
				body[i], rest[i] = pieces[0], pieces[1:]
			}
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO index_articles (id, doc_id, root, hash, title, url, source, published_at, authors,
			body, path, line, first_seen, passages, sketch)
		SELECT id, doc_id, root, hash, title, url, source, published_at, string_to_array(authors, E'\x1f'),
			body, path, line, first_seen, passages, sketch
		FROM unnest($1::int8[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
			$9::text[], $10::text[], $11::text[], $12::int4[], $13::timestamptz[], $14::int4[], $15::bytea[])
			AS t(id, doc_id, root, hash, title, url, source, published_at, authors, body, path, line, first_seen, passages, sketch)`,
		r.id[lo:hi], r.docID[lo:hi], r.root[lo:hi], r.hash[lo:hi], r.title[lo:hi], r.url[lo:hi], r.source[lo:hi], r.published[lo:hi], r.authors[lo:hi],
		body, r.path[lo:hi], r.line[lo:hi], r.firstSeen[lo:hi], r.passages[lo:hi], r.sketch[lo:hi]); err != nil {
		return err
	}
	for i, pieces := range rest {
		for _, p := range pieces {
			if _, err := tx.Exec(ctx, `UPDATE index_articles SET body = body || $2 WHERE id = $1`, r.id[lo+i], p); err != nil {
				return err
			}
		}
	}
	return nil
}

// splitUTF8 cuts s into pieces of at most n bytes, at rune boundaries.
func splitUTF8(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return append(out, s)
}

// chunks splits n rows into runs whose sizes sum to at most budget (a row
// larger than budget has a run of its own); budget 0 means one run.
func chunks(n int, size func(int) int, budget int) [][2]int {
	if n == 0 {
		return nil
	}
	if budget <= 0 {
		return [][2]int{{0, n}}
	}
	var out [][2]int
	lo, sum := 0, 0
	for i := 0; i < n; i++ {
		s := size(i)
		if i > lo && sum+s > budget {
			out = append(out, [2]int{lo, i})
			lo, sum = i, 0
		}
		sum += s
	}
	return append(out, [2]int{lo, n})
}

type passageRows struct {
	id, article, hash                  []int64
	pos, start, end, titleLen, bodyLen []int32
	vector                             []string
}

func (r *passageRows) insert(ctx context.Context, tx querier, lo, hi int) error {
	_, err := tx.Exec(ctx, `INSERT INTO index_passages (id, article_id, pos, start_byte, end_byte, title_len, body_len, text_hash, embedding)
		SELECT id, article_id, pos, start_byte, end_byte, title_len, body_len, text_hash, embedding::vector
		FROM unnest($1::int8[], $2::int8[], $3::int4[], $4::int4[], $5::int4[], $6::int4[], $7::int4[], $8::int8[], $9::text[])
			AS t(id, article_id, pos, start_byte, end_byte, title_len, body_len, text_hash, embedding)`,
		r.id[lo:hi], r.article[lo:hi], r.pos[lo:hi], r.start[lo:hi], r.end[lo:hi], r.titleLen[lo:hi], r.bodyLen[lo:hi], r.hash[lo:hi], r.vector[lo:hi])
	return err
}

func (r *passageRows) add(id, article int64, pos int, s text.Span, lens [2]int, hash int64, v []float32) {
	r.id = append(r.id, id)
	r.article = append(r.article, article)
	r.pos = append(r.pos, int32(pos))
	r.start = append(r.start, int32(s.Start))
	r.end = append(r.end, int32(s.End))
	r.titleLen = append(r.titleLen, int32(lens[0]))
	r.bodyLen = append(r.bodyLen, int32(lens[1]))
	r.hash = append(r.hash, hash)
	r.vector = append(r.vector, formatVector(v))
}

type postingRows struct {
	term                               []int32
	passage                            []int64
	titleTF, bodyTF, titleLen, bodyLen []int16
}

func (r *postingRows) add(term int32, passage int64, c [2]int, lens [2]int) {
	r.term = append(r.term, term)
	r.passage = append(r.passage, passage)
	r.titleTF = append(r.titleTF, clamp16(c[0]))
	r.bodyTF = append(r.bodyTF, clamp16(c[1]))
	r.titleLen = append(r.titleLen, clamp16(lens[0]))
	r.bodyLen = append(r.bodyLen, clamp16(lens[1]))
}

func clamp16(n int) int16 { return int16(min(n, math.MaxInt16)) }

// formatVector writes a unit vector in pgvector's text form.
func formatVector(v []float32) string {
	v = unit(v)
	b := make([]byte, 0, len(v)*11+2)
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, float64(x), 'g', -1, 32)
	}
	return string(append(b, ']'))
}

// parseVector reads pgvector's text form.
func parseVector(s string) ([]float32, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	parts := strings.Split(s, ",")
	v := make([]float32, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(p, 32)
		if err != nil {
			return nil, fmt.Errorf("a stored vector: %w", err)
		}
		v[i] = float32(x)
	}
	return v, nil
}

// unit returns v scaled to unit length (v itself when it is one already).
func unit(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.Abs(math.Sqrt(sum)-1) < 1e-6 {
		return v
	}
	inv := 1 / math.Sqrt(sum)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out
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
