package retrieval

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"

	"newsdesk/internal/news"
	"newsdesk/retrieval/corpus"
)

// ingestBatch is how many changed articles are read before they are
// embedded and installed, bounding the memory an ingest holds.
const ingestBatch = 2000

// Ingest brings the index up to date with the corpus under roots, and
// records each root as a source (see NormaliseRoot): new and changed
// articles are (re-)chunked and embedded, unchanged ones kept (files whose
// size and modification time are unchanged are not even read), and articles
// of these roots no longer in the corpus removed. Articles of the index's
// other sources are left as they are; an article whose doc_id another source
// holds is skipped. A root that is a feed URL reads the items its poller
// wrote (see FeedFolder). A file that cannot be read keeps the articles it
// had. Unreadable inputs are reported in the stats and skipped. progress may
// be nil.
//
// Ingest takes the index folder's writer lock first (saying so through
// Options.OnLockWait when it has to wait), then brings the index up to what
// is on disk, so that concurrent ingests serialise and each keeps the other's
// changes. It saves its progress every Options.CheckpointEvery and at the
// end, each time as a segment of what changed (see persist.go); if it is
// interrupted (even by kill -9), the index opens as of the last save and the
// next Ingest completes the work.
func (ix *Index) Ingest(ctx context.Context, roots []string, progress func(IngestProgress)) (IngestStats, error) {
	start := time.Now()
	srcs, err := ix.runSources(roots)
	if err != nil {
		return IngestStats{}, err
	}
	unlock, err := ix.lockWriter(ctx)
	if err != nil {
		return IngestStats{}, err
	}
	defer unlock()
	run := ix.newIngestRun(progress, start, srcs)
	var files []corpus.File
	for _, src := range srcs {
		if src.folder == "" {
			continue // a feed not polled yet
		}
		fs, err := corpus.Walk(ctx, []string{src.folder}, ix.opts.Reader, run.skip)
		if err != nil {
			return run.stats, err
		}
		for i := range fs {
			run.fileRoot[fs[i].Path] = src.root
		}
		files = append(files, fs...)
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
		if len(run.pending) > 0 && time.Since(run.lastSave) >= ix.opts.CheckpointEvery {
			if err := run.flush(ctx); err != nil { // a checkpoint is due: a corpus of many small files saves on time too
				return run.stats, err
			}
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

// newIngestRun starts a run with what the index holds now from the run's
// sources: each article's hash, the articles of each file; and which source
// holds each of the other articles.
func (ix *Index) newIngestRun(progress func(IngestProgress), start time.Time, srcs []runSource) *ingestRun {
	run := &ingestRun{ix: ix, progress: progress, lastSave: start, seen: make(map[string]bool), srcs: srcs, fileRoot: map[string]string{}}
	run.skip = func(s news.Skipped) {
		if s.Kept {
			run.stats.Notes = append(run.stats.Notes, s)
			return
		}
		run.stats.SkippedInputs = append(run.stats.SkippedInputs, s)
	}
	mine := map[string]bool{}
	for _, s := range srcs {
		mine[s.root] = true
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	run.known = make(map[string]uint64, len(ix.byID))
	run.pathDocs = make(map[string][]string)
	run.others = make(map[string]string)
	for _, a := range ix.articles {
		switch {
		case a == nil:
		case mine[a.root]:
			run.known[a.DocID] = a.hash
			run.pathDocs[a.Path] = append(run.pathDocs[a.Path], a.DocID)
		default:
			run.others[a.DocID] = a.root
		}
	}
	run.mine = mine
	run.oldFiles = ix.files
	return run
}

// file takes in one corpus file: an unchanged one (same size and
// modification time) keeps its articles unread; a changed one is read, and
// its new and changed articles queued for flush. A file that cannot be read
// is skipped and keeps the articles it had. The error is one that ends the
// ingest (ctx done, or a failed flush).
func (r *ingestRun) file(ctx context.Context, f corpus.File) error {
	rec := storedFile{Path: f.Path, Size: f.Size, ModTime: f.ModTime, Root: r.fileRoot[f.Path]}
	r.curRoot = rec.Root
	if old, ok := r.oldFiles[f.Path]; ok && old.Size == f.Size && old.ModTime.Equal(f.ModTime) && old.Root == rec.Root {
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
	r.readPaths = append(r.readPaths, f.Path)
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
	if other, ok := r.others[a.DocID]; ok {
		r.skip(news.Skipped{Path: a.Path, Line: a.Line, Reason: fmt.Sprintf("duplicate id %q (the index has it from source %s); skipped", a.DocID, other)})
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
		r.pending = append(r.pending, &article{Article: a, root: r.curRoot, hash: h})
	default:
		r.stats.Added++
		r.pending = append(r.pending, &article{Article: a, root: r.curRoot, hash: h})
	}
	if len(r.pending) >= ingestBatch {
		return r.flush(ctx)
	}
	return ctx.Err()
}

// finish removes the articles of the run's sources no longer in the corpus,
// records the files and the sources, and saves what changed.
func (r *ingestRun) finish() error {
	ix := r.ix
	var gone []string
	for id := range r.known {
		if !r.seen[id] {
			gone = append(gone, id)
		}
	}
	r.stats.Removed = len(gone)
	ix.mu.Lock()
	for _, id := range gone {
		ix.removeLocked(id)
	}
	ix.updateGroups()
	r.recordFilesLocked()
	for p, f := range ix.files {
		if r.mine[f.Root] {
			if _, ok := r.newFiles[p]; !ok {
				ix.setFileLocked(p, nil)
			}
		}
	}
	// A source's Updated moves when the run changed something (an unchanged
	// corpus writes nothing), or when it is new.
	now := ix.opts.Now()
	for _, s := range r.srcs {
		if old, ok := ix.sources[s.root]; !ok || old.Updated.IsZero() || !ix.journal.empty() {
			ix.setSourceLocked(s.root, &sourceRec{Root: s.root, Kind: s.kind, Updated: now})
		}
	}
	ix.mu.Unlock()
	return ix.save(false)
}

// recordFilesLocked records the files read (or found unchanged) so far, and
// the run's sources (new ones as not yet updated). The articles a file read
// in full no longer has are removed first, so that a file's record never
// says it is up to date while its stale articles remain. The caller holds
// ix.mu.
func (r *ingestRun) recordFilesLocked() {
	ix := r.ix
	for _, p := range r.readPaths {
		for _, id := range r.pathDocs[p] {
			if !r.seen[id] {
				ix.removeLocked(id)
			}
		}
	}
	r.readPaths = nil
	for p, f := range r.newFiles {
		ix.setFileLocked(p, &f)
	}
	for _, s := range r.srcs {
		if _, ok := ix.sources[s.root]; !ok {
			ix.setSourceLocked(s.root, &sourceRec{Root: s.root, Kind: s.kind})
		}
	}
}

// ingestRun is the state of one Ingest.
type ingestRun struct {
	ix       *Index
	progress func(IngestProgress)
	prog     IngestProgress
	stats    IngestStats
	skip     func(news.Skipped)

	srcs     []runSource
	mine     map[string]bool   // the run's source roots
	fileRoot map[string]string // file path → its source root
	curRoot  string            // the source of the file being read

	// What the index held when the run began.
	known    map[string]uint64   // doc_id → hash, of the run's sources
	pathDocs map[string][]string // file path → its doc_ids
	others   map[string]string   // doc_id → source, of the other sources
	oldFiles map[string]storedFile

	seen      map[string]bool // doc_ids read (or kept) in this run
	readPaths []string        // files read since the last checkpoint
	pending   []*article      // new and changed articles, not yet flushed
	newFiles  map[string]storedFile
	lastSave  time.Time
	changed   bool
}

func (r *ingestRun) report() {
	if r.progress != nil {
		r.progress(r.prog)
	}
}

// hashArticle is ArticleHash with the index's chunking.
func (ix *Index) hashArticle(a *news.Article) uint64 { return ArticleHash(a, ix.opts.Chunk) }

// ArticleHash hashes every field that shapes an article's passages and
// metadata, and the chunking, so that a change to either re-chunks: an
// index backend stores it to find the articles an ingest left unchanged.
func ArticleHash(a *news.Article, chunk ChunkOptions) uint64 {
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
	w(fmt.Sprint(chunk))
	return h.Sum64()
}
