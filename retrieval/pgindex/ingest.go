package pgindex

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
	"newsdesk/retrieval/corpus"
)

// Ingest brings the index up to date with the corpus under roots, as
// retrieval.Index.Ingest does: new and changed articles are chunked and
// embedded (the vectors of unchanged passages are kept), unchanged files
// are not read, and the articles of these roots no longer in the corpus are
// removed; the articles of other roots stay. It holds the index's ingest
// lock (a session advisory lock) from before it reads the index until it
// ends, so concurrent ingests, of this process or another, serialise. Each
// batch of articles is written in one transaction; an ingest that is killed
// leaves the batches it wrote, and the next one completes the work.
func (ix *Index) Ingest(ctx context.Context, roots []string, progress func(retrieval.IngestProgress)) (retrieval.IngestStats, error) {
	start := time.Now()
	conn, err := ix.pool.Acquire(ctx)
	if err != nil {
		return retrieval.IngestStats{}, fmt.Errorf("connect: %w", err)
	}
	unlock, err := lockIngest(ctx, conn)
	if err != nil {
		conn.Release()
		return retrieval.IngestStats{}, err
	}
	defer unlock()
	run := &ingestRun{ix: ix, db: conn, progress: progress, seen: map[string]bool{}, rootOf: map[string]string{}}
	run.skip = func(s news.Skipped) { run.stats.SkippedInputs = append(run.stats.SkippedInputs, s) }
	if err := run.begin(ctx, roots); err != nil {
		return run.stats, err
	}
	files, err := corpus.Walk(ctx, roots, ix.opts.Reader, run.skip)
	if err != nil {
		return run.stats, err
	}
	run.prog.Files = len(files)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return run.stats, err
		}
		if err := run.file(ctx, f); err != nil {
			return run.stats, err
		}
	}
	if err := run.flush(ctx); err != nil {
		return run.stats, err
	}
	if err := run.finish(ctx); err != nil {
		return run.stats, err
	}
	err = conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM index_articles), (SELECT passages FROM index_stats)`).Scan(&run.stats.Articles, &run.stats.Passages)
	run.stats.Skipped = len(run.stats.SkippedInputs)
	run.stats.Duration = time.Since(start)
	return run.stats, err
}

// lockIngest takes the ingest lock on conn, waiting for another ingest to
// end; the function it returns releases the lock and the connection.
func lockIngest(ctx context.Context, conn *pgxpool.Conn) (func(), error) {
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(ingestLock)); err != nil {
		return nil, fmt.Errorf("take the index's ingest lock: %w", err)
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, int64(ingestLock)); err != nil {
			_ = conn.Hijack().Close(ctx) // the session ends, and its lock with it
			return
		}
		conn.Release()
	}, nil
}

// known is what the index holds of an article of the roots ingested.
type known struct {
	hash      int64
	firstSeen time.Time
}

type storedFile struct {
	size    int64
	modTime time.Time
}

// ingestRun is the state of one Ingest.
type ingestRun struct {
	ix       *Index
	db       querier
	progress func(retrieval.IngestProgress)
	prog     retrieval.IngestProgress
	stats    retrieval.IngestStats
	skip     func(news.Skipped)

	roots    []string          // normalised
	rootOf   map[string]string // root as given → normalised
	known    map[string]known  // doc_id → what the index has
	pathDocs map[string][]string
	oldFiles map[string]storedFile

	seen      map[string]bool
	pending   []*pendingArticle
	doneFiles []fileRecord // read whole, not yet recorded
	newFiles  map[string]bool
	changed   bool
}

// fileRecord is a corpus file as index_files records it.
type fileRecord struct {
	path, root string
	size       int64
	modTime    time.Time
}

// normaliseRoot names a root as the index records it
// (retrieval.NormaliseRoot).
func normaliseRoot(root string) string {
	if n, err := retrieval.NormaliseRoot(root); err == nil {
		return n
	}
	return filepath.Clean(root)
}

// begin reads what the index holds of roots.
func (r *ingestRun) begin(ctx context.Context, roots []string) error {
	for _, root := range roots {
		n := normaliseRoot(root)
		r.rootOf[root] = n
		r.roots = append(r.roots, n)
	}
	r.known, r.pathDocs, r.oldFiles, r.newFiles = map[string]known{}, map[string][]string{}, map[string]storedFile{}, map[string]bool{}
	rows, err := r.db.Query(ctx, `SELECT doc_id, hash, path, first_seen FROM index_articles WHERE root = ANY($1)`, r.roots)
	if err != nil {
		return fmt.Errorf("read the index: %w", err)
	}
	for rows.Next() {
		var id, path string
		var k known
		if err := rows.Scan(&id, &k.hash, &path, &k.firstSeen); err != nil {
			rows.Close()
			return fmt.Errorf("read the index: %w", err)
		}
		r.known[id] = k
		r.pathDocs[path] = append(r.pathDocs[path], id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the index: %w", err)
	}
	rows, err = r.db.Query(ctx, `SELECT path, size, mod_time FROM index_files WHERE root = ANY($1)`, r.roots)
	if err != nil {
		return fmt.Errorf("read the index: %w", err)
	}
	for rows.Next() {
		var p string
		var f storedFile
		if err := rows.Scan(&p, &f.size, &f.modTime); err != nil {
			rows.Close()
			return fmt.Errorf("read the index: %w", err)
		}
		r.oldFiles[p] = f
	}
	return rows.Err()
}

// errFlush marks a failure to embed or write, which ends the ingest.
type errFlush struct{ err error }

func (e *errFlush) Error() string { return e.err.Error() }
func (e *errFlush) Unwrap() error { return e.err }

// file takes in one corpus file, as retrieval.Index does: an unchanged one
// keeps its articles unread; a changed one is read; one that cannot be read
// keeps the articles it had.
func (r *ingestRun) file(ctx context.Context, f corpus.File) error {
	rec := fileRecord{path: f.Path, root: r.rootOf[f.Root], size: f.Size, modTime: f.ModTime}
	if rec.root == "" {
		rec.root = normaliseRoot(f.Root)
	}
	if old, ok := r.oldFiles[f.Path]; ok && old.size == f.Size && old.modTime.Equal(f.ModTime) {
		for _, id := range r.pathDocs[f.Path] {
			if !r.seen[id] {
				r.seen[id] = true
				r.stats.Unchanged++
			}
		}
		r.newFiles[f.Path] = true
		r.prog.FilesDone++
		return nil
	}
	err := corpus.Read(f, r.ix.opts.Reader, func(a news.Article) error { return r.article(ctx, a, rec.root) }, r.skip)
	if errors.As(err, new(*errFlush)) || ctx.Err() != nil {
		return errors.Join(ctx.Err(), err)
	}
	if err != nil {
		r.skip(news.Skipped{Path: f.Path, Reason: err.Error()})
		for _, id := range r.pathDocs[f.Path] {
			r.seen[id] = true
		}
		r.prog.FilesDone++
		return nil
	}
	r.newFiles[f.Path] = true
	r.doneFiles = append(r.doneFiles, rec)
	r.prog.FilesDone++
	r.report()
	return nil
}

// article counts one article read and queues it when it is new or changed.
func (r *ingestRun) article(ctx context.Context, a news.Article, root string) error {
	if r.seen[a.DocID] {
		r.skip(news.Skipped{Path: a.Path, Line: a.Line, Reason: fmt.Sprintf("duplicate id %q (an earlier record has it); skipped", a.DocID)})
		return nil
	}
	r.seen[a.DocID] = true
	r.prog.Articles++
	h := r.ix.hashArticle(&a)
	switch old, ok := r.known[a.DocID]; {
	case ok && old.hash == h:
		r.stats.Unchanged++
		return ctx.Err()
	case ok:
		r.stats.Updated++
		a.FirstSeen = old.firstSeen
	default:
		r.stats.Added++
	}
	r.pending = append(r.pending, &pendingArticle{Article: a, root: root, hash: h})
	if len(r.pending) >= r.ix.opts.WriteBatch {
		return r.flush(ctx)
	}
	return ctx.Err()
}

func (r *ingestRun) report() {
	if r.progress != nil {
		r.progress(r.prog)
	}
}

// finish removes the articles of these roots no longer in the corpus and
// the records of files gone, records the sources, and regroups.
func (r *ingestRun) finish(ctx context.Context) error {
	var gone []string
	for id := range r.known {
		if !r.seen[id] {
			gone = append(gone, id)
		}
	}
	r.stats.Removed = len(gone)
	files := make([]string, 0, len(r.newFiles))
	for p := range r.newFiles {
		files = append(files, p)
	}
	err := r.ix.inTx(ctx, r.db, func(tx querier) error {
		for _, c := range chunks(len(gone), func(i int) int { return 8 + len(gone[i]) }, r.ix.messageBudget()) {
			if err := removeArticles(ctx, tx, gone[c[0]:c[1]]); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM index_files WHERE root = ANY($1) AND NOT (path = ANY($2))`, r.roots, files); err != nil {
			return err
		}
		now := r.ix.opts.Now()
		for _, root := range r.roots {
			kind := "file"
			if st, err := os.Stat(root); err == nil && st.IsDir() {
				kind = "folder"
			}
			if _, err := tx.Exec(ctx, `INSERT INTO index_sources VALUES ($1, $2, $3)
				ON CONFLICT (root) DO UPDATE SET kind = excluded.kind, updated = excluded.updated`, root, kind, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write the index: %w", err)
	}
	if err := r.ix.regroup(ctx, r.db, r.changed || len(gone) > 0); err != nil {
		return err
	}
	// Fresh statistics for the planner, and a visibility map for the
	// index-only scans that count a term's postings (without it each
	// count reads the table: 358 ms against 10 ms on realtimeqa).
	if r.changed || len(gone) > 0 {
		if _, err := r.db.Exec(ctx, `VACUUM (ANALYZE) index_postings, index_passages, index_articles, index_terms`); err != nil {
			return fmt.Errorf("vacuum the index: %w", err)
		}
	}
	return nil
}

// hashArticle is retrieval.ArticleHash with the index's chunking, as the
// signed integer PostgreSQL stores.
func (ix *Index) hashArticle(a *news.Article) int64 {
	return int64(retrieval.ArticleHash(a, ix.opts.Chunk))
}
