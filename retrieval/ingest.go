package retrieval

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofrs/flock"

	"newsdesk/internal/news"
	"newsdesk/retrieval/corpus"
)

// ingestBatch is how many changed articles are read before they are
// embedded and installed, bounding the memory an ingest holds.
const ingestBatch = 2000

// Ingest brings the index up to date with the corpus under roots: new and
// changed articles are (re-)chunked and embedded, unchanged ones kept (files
// whose size and modification time are unchanged are not even read), and
// articles no longer in the corpus removed. A file that cannot be read keeps
// the articles it had. Unreadable inputs are reported in the stats and
// skipped. progress may be nil.
//
// Ingest saves its progress every Options.CheckpointEvery and at the end, each
// time as a whole new snapshot; if it is interrupted (even by kill -9), the
// index opens as of the last save and the next Ingest completes the work.
func (ix *Index) Ingest(ctx context.Context, roots []string, progress func(IngestProgress)) (IngestStats, error) {
	ix.ingestMu.Lock()
	defer ix.ingestMu.Unlock()
	start := time.Now()
	unlock, err := lockDir(ctx, ix.opts.Dir)
	if err != nil {
		return IngestStats{}, err
	}
	defer unlock()
	run := ix.newIngestRun(progress, start)
	files, err := corpus.Walk(ctx, roots, ix.opts.Reader, run.skip)
	if err != nil {
		return run.stats, err
	}
	run.prog.Files = len(files)
	run.newFiles = make(map[string]storedFile, len(files))
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
	if err := run.finish(); err != nil {
		return run.stats, err
	}
	run.stats.Articles, run.stats.Passages = ix.Len()
	run.stats.Skipped = len(run.stats.SkippedInputs)
	run.stats.Duration = time.Since(start)
	return run.stats, nil
}

// newIngestRun starts a run with what the index holds now: each article's
// hash, the articles of each file, and the file records.
func (ix *Index) newIngestRun(progress func(IngestProgress), start time.Time) *ingestRun {
	run := &ingestRun{ix: ix, progress: progress, lastSave: start, seen: make(map[string]bool)}
	run.skip = func(s news.Skipped) { run.stats.SkippedInputs = append(run.stats.SkippedInputs, s) }
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	run.known = make(map[string]uint64, len(ix.byID))
	run.pathDocs = make(map[string][]string)
	for _, a := range ix.articles {
		if a != nil {
			run.known[a.DocID] = a.hash
			run.pathDocs[a.Path] = append(run.pathDocs[a.Path], a.DocID)
		}
	}
	run.oldFiles = ix.files
	return run
}

// file takes in one corpus file: an unchanged one (same size and
// modification time) keeps its articles unread; a changed one is read, and
// its new and changed articles queued for flush. A file that cannot be read
// is skipped and keeps the articles it had. The error is one that ends the
// ingest (ctx done, or a failed flush).
func (r *ingestRun) file(ctx context.Context, f corpus.File) error {
	rec := storedFile{Path: f.Path, Size: f.Size, ModTime: f.ModTime}
	if old, ok := r.oldFiles[f.Path]; ok && old.Size == f.Size && old.ModTime.Equal(f.ModTime) {
		for _, id := range r.pathDocs[f.Path] {
			if !r.seen[id] {
				r.seen[id] = true
				r.stats.Unchanged++
			}
		}
		r.newFiles[f.Path] = rec
		r.prog.FilesDone++
		return nil
	}
	err := corpus.Read(f, r.ix.opts.Reader, func(a news.Article) error { return r.article(ctx, a) }, r.skip)
	if errors.As(err, new(*flushError)) || ctx.Err() != nil {
		return errors.Join(ctx.Err(), err)
	}
	if err != nil {
		r.skip(news.Skipped{Path: f.Path, Reason: err.Error()})
		for _, id := range r.pathDocs[f.Path] { // keep what it had
			r.seen[id] = true
		}
		r.prog.FilesDone++
		return nil
	}
	r.newFiles[f.Path] = rec
	r.prog.FilesDone++
	r.report()
	return nil
}

// article counts one article read, and queues it when it is new or changed;
// a full queue is flushed.
func (r *ingestRun) article(ctx context.Context, a news.Article) error {
	if r.seen[a.DocID] {
		r.skip(news.Skipped{Path: a.Path, Line: a.Line, Reason: fmt.Sprintf("duplicate id %q (an earlier record has it); skipped", a.DocID)})
		return nil
	}
	r.seen[a.DocID] = true
	r.prog.Articles++
	h := r.ix.hashArticle(&a)
	switch oldHash, ok := r.known[a.DocID]; {
	case ok && oldHash == h:
		r.stats.Unchanged++
	case ok:
		r.stats.Updated++
		r.pending = append(r.pending, &article{Article: a, hash: h})
	default:
		r.stats.Added++
		r.pending = append(r.pending, &article{Article: a, hash: h})
	}
	if len(r.pending) >= ingestBatch {
		return r.flush(ctx)
	}
	return ctx.Err()
}

// finish removes the articles no longer in the corpus, and saves the index
// when anything changed, its file records included.
func (r *ingestRun) finish() error {
	ix := r.ix
	var gone []string
	for id := range r.known {
		if !r.seen[id] {
			gone = append(gone, id)
		}
	}
	r.stats.Removed = len(gone)
	if r.changed || len(gone) > 0 {
		ix.mu.Lock()
		for _, id := range gone {
			ix.removeLocked(id)
		}
		ix.regroup()
		ix.mu.Unlock()
	}
	if r.changed || len(gone) > 0 || !sameFiles(r.oldFiles, r.newFiles) {
		if err := ix.saveWith(r.newFiles); err != nil {
			return err
		}
	}
	ix.mu.Lock()
	ix.files = r.newFiles
	ix.mu.Unlock()
	return nil
}

func sameFiles(a, b map[string]storedFile) bool {
	if len(a) != len(b) {
		return false
	}
	for p, f := range a {
		if g, ok := b[p]; !ok || g.Size != f.Size || !g.ModTime.Equal(f.ModTime) {
			return false
		}
	}
	return true
}

// lockDir takes the index directory's lock, so that two processes do not
// ingest into one index at once, and clears what a killed ingest left behind.
func lockDir(ctx context.Context, dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index dir: %w", err)
	}
	lock := flock.New(filepath.Join(dir, "ingest.lock"))
	ok, err := lock.TryLockContext(ctx, 200*time.Millisecond)
	if err != nil || !ok {
		return nil, fmt.Errorf("lock index %s (is another ingest running?): %w", dir, err)
	}
	stale, _ := filepath.Glob(filepath.Join(dir, snapshotName+".tmp-*"))
	for _, f := range stale {
		os.Remove(f)
	}
	return func() { lock.Unlock() }, nil
}

// ingestRun is the state of one Ingest.
type ingestRun struct {
	ix       *Index
	progress func(IngestProgress)
	prog     IngestProgress
	stats    IngestStats
	skip     func(news.Skipped)

	// What the index held when the run began.
	known    map[string]uint64   // doc_id → hash
	pathDocs map[string][]string // file path → its doc_ids
	oldFiles map[string]storedFile

	seen     map[string]bool // doc_ids read (or kept) in this run
	pending  []*article      // new and changed articles, not yet flushed
	newFiles map[string]storedFile
	lastSave time.Time
	changed  bool
}

func (r *ingestRun) report() {
	if r.progress != nil {
		r.progress(r.prog)
	}
}

// hashArticle hashes every field that shapes the article's passages and
// metadata, and the chunking, so a change to either re-chunks.
func (ix *Index) hashArticle(a *news.Article) uint64 {
	h := fnv.New64a()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	w(a.DocID)
	w(a.Title)
	w(a.URL)
	w(a.Source)
	w(a.PublishedAt.UTC().Format(time.RFC3339Nano))
	for _, au := range a.Authors {
		w(au)
	}
	w(a.Body)
	w(a.Path)
	w(strconv.Itoa(a.Line))
	w(fmt.Sprint(ix.opts.Chunk))
	return h.Sum64()
}
