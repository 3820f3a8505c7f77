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
	"newsdesk/internal/text"
	"newsdesk/retrieval/corpus"
	"newsdesk/retrieval/neardup"
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
	run := &ingestRun{ix: ix, progress: progress, lastSave: start, seen: make(map[string]bool)}
	run.skip = func(s news.Skipped) { run.stats.SkippedInputs = append(run.stats.SkippedInputs, s) }

	files, err := corpus.Walk(ctx, roots, ix.opts.Reader, run.skip)
	if err != nil {
		return run.stats, err
	}
	run.prog.Files = len(files)
	ix.mu.RLock()
	known := make(map[string]uint64, len(ix.byID)) // doc_id → hash
	pathDocs := make(map[string][]string)
	for _, a := range ix.articles {
		if a != nil {
			known[a.DocID] = a.hash
			pathDocs[a.Path] = append(pathDocs[a.Path], a.DocID)
		}
	}
	oldFiles := ix.files
	ix.mu.RUnlock()
	run.newFiles = make(map[string]storedFile, len(files))

	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return run.stats, err
		}
		rec := storedFile{Path: f.Path, Size: f.Size, ModTime: f.ModTime}
		if old, ok := oldFiles[f.Path]; ok && old.Size == f.Size && old.ModTime.Equal(f.ModTime) {
			for _, id := range pathDocs[f.Path] {
				if !run.seen[id] {
					run.seen[id] = true
					run.stats.Unchanged++
				}
			}
			run.newFiles[f.Path] = rec
			run.prog.FilesDone++
			continue
		}
		err := corpus.Read(f, ix.opts.Reader, func(a news.Article) error {
			if run.seen[a.DocID] {
				run.skip(news.Skipped{Path: a.Path, Line: a.Line, Reason: fmt.Sprintf("duplicate id %q (an earlier record has it); skipped", a.DocID)})
				return nil
			}
			run.seen[a.DocID] = true
			run.prog.Articles++
			h := ix.hashArticle(&a)
			switch oldHash, ok := known[a.DocID]; {
			case ok && oldHash == h:
				run.stats.Unchanged++
			case ok:
				run.stats.Updated++
				run.pending = append(run.pending, &article{Article: a, hash: h})
			default:
				run.stats.Added++
				run.pending = append(run.pending, &article{Article: a, hash: h})
			}
			if len(run.pending) >= ingestBatch {
				return run.flush(ctx)
			}
			return ctx.Err()
		}, run.skip)
		if errors.As(err, new(*flushError)) || ctx.Err() != nil {
			return run.stats, errors.Join(ctx.Err(), err)
		}
		if err != nil {
			run.skip(news.Skipped{Path: f.Path, Reason: err.Error()})
			for _, id := range pathDocs[f.Path] { // keep what it had
				run.seen[id] = true
			}
			run.prog.FilesDone++
			continue
		}
		run.newFiles[f.Path] = rec
		run.prog.FilesDone++
		run.report()
	}
	if err := run.flush(ctx); err != nil {
		return run.stats, err
	}

	var gone []string
	for id := range known {
		if !run.seen[id] {
			gone = append(gone, id)
		}
	}
	run.stats.Removed = len(gone)
	if run.changed || len(gone) > 0 {
		ix.mu.Lock()
		for _, id := range gone {
			ix.removeLocked(id)
		}
		ix.regroup()
		ix.mu.Unlock()
	}
	if run.changed || len(gone) > 0 || !sameFiles(oldFiles, run.newFiles) {
		if err := ix.saveWith(run.newFiles); err != nil {
			return run.stats, err
		}
	}
	ix.mu.Lock()
	ix.files = run.newFiles
	ix.mu.Unlock()
	run.stats.Articles, run.stats.Passages = ix.Len()
	run.stats.Skipped = len(run.stats.SkippedInputs)
	run.stats.Duration = time.Since(start)
	return run.stats, nil
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
	seen     map[string]bool
	pending  []*article
	newFiles map[string]storedFile
	lastSave time.Time
	changed  bool
}

func (r *ingestRun) report() {
	if r.progress != nil {
		r.progress(r.prog)
	}
}

// flushError is a failure to embed, install or save: it ends the ingest,
// unlike a file that cannot be read.
type flushError struct{ err error }

func (e *flushError) Error() string { return e.err.Error() }
func (e *flushError) Unwrap() error { return e.err }

// flush chunks, embeds and installs the pending articles, and saves a
// checkpoint when one is due.
func (r *ingestRun) flush(ctx context.Context) error {
	if err := r.flushPending(ctx); err != nil {
		return &flushError{err}
	}
	return nil
}

func (r *ingestRun) flushPending(ctx context.Context) error {
	if len(r.pending) == 0 {
		return nil
	}
	ix := r.ix
	arts := r.pending
	r.pending = nil
	now := ix.opts.Now()
	spans := make([][]text.Span, len(arts))
	parallel(len(arts), func(i int) {
		a := arts[i]
		for _, p := range Chunk(&a.Article, ix.opts.Chunk) {
			spans[i] = append(spans[i], text.Span{Start: p.Start, End: p.End})
		}
		if len(spans[i]) == 0 {
			// A headline-only article (a title or URL, no text) gets one
			// empty passage, so that its title field can be found.
			spans[i] = []text.Span{{Start: 0, End: 0}}
		}
		a.sketch = neardup.NewSketch(a.Body)
	})
	// Reuse the vectors of passages whose text has not changed; embed the rest.
	type job struct{ art, pass int }
	var jobs []job
	var texts []string
	ix.mu.RLock()
	for i, a := range arts {
		a.vectors = make([][]float32, len(spans[i]))
		old := map[string][]float32{}
		if slot, ok := ix.byID[a.DocID]; ok {
			o := ix.articles[slot]
			a.FirstSeen = o.FirstSeen
			for j, s := range o.slots {
				p := ix.passages[s]
				old[o.Title+"\x00"+o.Body[p.start:p.end]] = o.vectors[j]
			}
		} else {
			a.FirstSeen = now
		}
		for j, s := range spans[i] {
			if v, ok := old[a.Title+"\x00"+a.Body[s.Start:s.End]]; ok {
				a.vectors[j] = v
				continue
			}
			jobs = append(jobs, job{i, j})
			texts = append(texts, embedText(&a.Article, s))
		}
	}
	ix.mu.RUnlock()
	vecs, err := r.embed(ctx, texts)
	if err != nil {
		return err
	}
	for k, jb := range jobs {
		arts[jb.art].vectors[jb.pass] = vecs[k]
	}
	if err := ix.install(ctx, arts, func(i int) []text.Span { return spans[i] }, nil); err != nil {
		return err
	}
	r.changed = true
	if time.Since(r.lastSave) >= ix.opts.CheckpointEvery {
		if err := ix.saveWith(r.newFiles); err != nil {
			return err
		}
		r.lastSave = time.Now()
	}
	return nil
}

// embed embeds texts in batches, several batches at once.
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

// embedText is what is embedded for a passage: the title gives it context.
func embedText(a *news.Article, s text.Span) string {
	if a.Title == "" {
		return a.Body[s.Start:s.End]
	}
	return a.Title + "\n\n" + a.Body[s.Start:s.End]
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

// saveWith writes the index's articles with the given file records.
func (ix *Index) saveWith(files map[string]storedFile) error {
	// The lock is held while the snapshot is written: the lexical index is
	// encoded from the live one. Only Ingest (the caller) changes the index.
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	snap := &snapshot{Model: ix.embedder.Model(), Fingerprint: ix.fingerprint}
	img := &lexImage{lex: ix.lex, remap: make([]int32, len(ix.passages))}
	for i := range img.remap {
		img.remap[i] = -1
	}
	pos := make([]int, len(ix.articles)) // article slot → snapshot position
	if ix.groupsFresh {
		snap.Groups = make([]int, 0, len(ix.byID))
	}
	for slot, a := range ix.articles {
		if a == nil {
			continue
		}
		pos[slot] = len(snap.Articles)
		if snap.Groups != nil {
			snap.Groups = append(snap.Groups, pos[ix.groups[slot]]) // a group's first article comes first
		}
		sa := storedArticle{Article: a.Article, Hash: a.hash, Sketch: a.sketch, Vectors: a.vectors}
		sa.Passages = make([]text.Span, len(a.slots))
		for j, s := range a.slots {
			p := ix.passages[s]
			sa.Passages[j] = text.Span{Start: int(p.start), End: int(p.end)}
			img.remap[s] = int32(img.slots)
			img.slots++
		}
		if snap.Dims == 0 && len(a.vectors) > 0 {
			snap.Dims = len(a.vectors[0])
		}
		snap.Articles = append(snap.Articles, sa)
	}
	for _, f := range files {
		snap.Files = append(snap.Files, f)
	}
	snap.Lex = img
	return writeSnapshot(ix.opts.Dir, snap)
}
