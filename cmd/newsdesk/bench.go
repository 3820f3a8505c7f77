package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"newsdesk/answer"
	"newsdesk/internal/news"
	"newsdesk/internal/synth"
	"newsdesk/retrieval"
)

// benchResult is what `bench` measured; `--json` prints it.
type benchResult struct {
	Passages      int     `json:"passages"`
	Articles      int     `json:"articles"`
	Dims          int     `json:"dims"`
	CPUs          int     `json:"cpus"`
	CorpusBytes   int64   `json:"corpus_bytes"`
	TextBytes     int64   `json:"text_bytes"`
	GenerateSec   float64 `json:"generate_seconds"`
	IngestSec     float64 `json:"ingest_seconds"`
	IngestPerSec  float64 `json:"ingest_passages_per_second"`
	IngestMBPerS  float64 `json:"ingest_mb_per_second"`
	ReingestSec   float64 `json:"reingest_unchanged_seconds"`
	IndexBytes    int64   `json:"index_bytes"`
	LoadSec       float64 `json:"load_seconds"`
	HeapBytes     int64   `json:"heap_after_load_bytes"`
	HeapPerPass   float64 `json:"heap_per_passage_bytes"`
	OverheadPer   float64 `json:"overhead_per_passage_bytes"`
	Queries       int     `json:"queries"`
	SearchP50Ms   float64 `json:"search_p50_ms"`
	SearchP99Ms   float64 `json:"search_p99_ms"`
	SearchHitRate float64 `json:"search_hits_at_10"`
	AnswerP50Ms   float64 `json:"answer_p50_ms"`
	AnswerP99Ms   float64 `json:"answer_p99_ms"`
	PeakRSSBytes  int64   `json:"peak_rss_bytes"`
	// Peak RSS of each phase (Linux), and the open phase's against the heap
	// after load: what a process that opens the index and answers holds.
	PeakRSSIngest int64   `json:"peak_rss_ingest_bytes"`
	PeakRSSOpen   int64   `json:"peak_rss_open_bytes"`
	PeakOpenRatio float64 `json:"peak_rss_open_to_heap"`
	// MemoryBound is whether the process's memory limit followed its live
	// heap (boundMemory), as it does in the binary unless GOGC or
	// GOMEMLIMIT is set.
	MemoryBound bool `json:"memory_limit_follows_heap"`
	// A one-article update of the loaded index: wall time, bytes written.
	UpdateSec   float64 `json:"update_one_article_seconds"`
	UpdateBytes int64   `json:"update_one_article_bytes"`
	// Opening with Segments segments, and compacted.
	Segments        int     `json:"segments"`
	OpenSegmentsSec float64 `json:"open_with_segments_seconds"`
	OpenCompactSec  float64 `json:"open_compacted_seconds"`
}

func runBench(ctx context.Context, args []string, s streams) error {
	fs := newFlagSet("bench", "--passages N [--dims D] [--queries Q] [--json] [--keep DIR]", s)
	passages := fs.Int("passages", 10000, "passages in the synthetic corpus (about 4 per article)")
	dims := fs.Int("dims", retrieval.DefaultLocalDims, "dimensions of the local embedder's vectors")
	queries := fs.Int("queries", 200, "searches and answers to time")
	seed := fs.Uint64("seed", 1, "seed of the synthetic corpus")
	keep := fs.String("keep", "", "build the corpus and index in `dir` and keep them (default: a temporary dir, removed)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	index := fs.String("index", "", "bench an index in PostgreSQL at this `postgres://` URL (a database for it alone)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("bench takes no arguments, got %q", pos[0])
	case *passages < 1:
		return usagef("--passages must be at least 1")
	case *dims < 8:
		return usagef("--dims must be at least 8")
	case *queries < 1:
		return usagef("--queries must be at least 1")
	case *index != "" && !isPostgresIndex(*index):
		return usagef("--index must be a postgres:// URL")
	}
	dir := *keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "newsdesk-bench-"); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(dir)
	}
	b := bencher{dir: dir, index: *index, dims: *dims, queries: *queries, seed: *seed, log: slog.New(slog.DiscardHandler)}
	if !*asJSON {
		b.progress = func(format string, a ...any) { fmt.Fprintf(s.stderr, "bench: "+format+"\n", a...) }
	} else {
		b.progress = func(string, ...any) {}
	}
	r, err := b.run(ctx, *passages)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if *asJSON {
		return json.NewEncoder(s.stdout).Encode(r)
	}
	printBench(s.stdout, r)
	return nil
}

// bencher runs one benchmark: corpus, ingest, load, searches, answers.
type bencher struct {
	dir      string
	index    string // a postgres:// URL, or "" for the embedded index
	dims     int
	queries  int
	seed     uint64
	log      *slog.Logger
	progress func(format string, a ...any)
}

func (b *bencher) run(ctx context.Context, passages int) (benchResult, error) {
	if b.index != "" {
		return b.runPostgres(ctx, passages)
	}
	settleGC(os.Getenv) // as every command that opens an index does, ingest included
	r := benchResult{Dims: b.dims, CPUs: runtime.GOMAXPROCS(0), Queries: b.queries, MemoryBound: memoryBound.Load()}
	corpus, corpusDir, err := b.writeCorpus(ctx, passages, &r)
	if err != nil {
		return r, err
	}

	cfg := DefaultConfig() // local embedder and extractive answers, whatever the environment says
	cfg.Index = filepath.Join(b.dir, "index")
	opts, err := indexOptions(cfg, streams{})
	if err != nil {
		return r, err
	}
	opts.Embedder = retrieval.NewLocalEmbedder(b.dims)
	opts.SkipVectorQuery = true
	if err := b.ingest(ctx, opts, corpusDir, &r); err != nil {
		return r, err
	}
	r.IndexBytes = dirBytes(cfg.Index)
	r.PeakRSSIngest = peakRSS()
	resetPeakRSS() // the open phase's peak, from here

	if err := b.open(ctx, cfg, opts, corpus, &r); err != nil {
		return r, err
	}
	r.PeakRSSOpen = peakRSS()
	r.PeakRSSBytes = max(r.PeakRSSIngest, r.PeakRSSOpen)
	if r.HeapBytes > 0 {
		r.PeakOpenRatio = float64(r.PeakRSSOpen) / float64(r.HeapBytes)
	}
	if err := b.segments(ctx, opts, &r); err != nil {
		return r, err
	}
	return r, nil
}

// writeCorpus writes the synthetic corpus of about passages passages into
// the bench's folder and records its size in r.
func (b *bencher) writeCorpus(ctx context.Context, passages int, r *benchResult) (*synth.Corpus, string, error) {
	so := synth.DefaultOptions()
	so.Seed = b.seed
	corpus := synth.New(so)
	chunk := retrieval.DefaultChunkOptions()
	n := corpus.ArticlesFor(passages, chunk.MaxWords, chunk.OverlapWords)
	b.progress("writing a synthetic corpus of %d articles (about %d passages)", n, passages)
	t0 := time.Now()
	dir := filepath.Join(b.dir, "corpus")
	w, err := corpus.WriteDir(ctx, dir, n, 1000)
	if err != nil {
		return nil, "", err
	}
	r.GenerateSec = time.Since(t0).Seconds()
	r.Articles, r.CorpusBytes, r.TextBytes = n, w.Bytes, w.Text
	return corpus, dir, nil
}

// open loads the index, measures its heap, times searches and answers, and
// then a one-article update.
func (b *bencher) open(ctx context.Context, cfg Config, opts retrieval.Options, corpus *synth.Corpus, r *benchResult) error {
	b.progress("loading the index")
	before := heapInUse()
	t0 := time.Now()
	ix, err := retrieval.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer ix.Close()
	r.LoadSec = time.Since(t0).Seconds()
	r.HeapBytes = heapInUse() - before
	r.HeapPerPass = float64(r.HeapBytes) / float64(r.Passages)
	vectors := int64(r.Passages) * int64(b.dims) * 4
	r.OverheadPer = float64(r.HeapBytes-vectors-r.TextBytes) / float64(r.Passages)

	svc, err := newAnswerService(cfg, ix, b.log)
	if err != nil {
		return err
	}
	b.progress("timing %d searches and %d answers", b.queries, b.queries)
	if err := b.time(ctx, corpus, ix, svc, r); err != nil {
		return err
	}
	b.progress("updating one article")
	before64 := dirBytes(opts.Dir)
	t0 = time.Now()
	if err := b.addOne(ctx, ix, 0); err != nil {
		return err
	}
	r.UpdateSec = time.Since(t0).Seconds()
	r.UpdateBytes = dirBytes(opts.Dir) - before64
	return nil
}

// addOne ingests a new source of one article (the i-th such) into ix.
func (b *bencher) addOne(ctx context.Context, ix *retrieval.Index, i int) error {
	dir := filepath.Join(b.dir, "updates", strconv.Itoa(i))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	body := fmt.Sprintf("Update %d. The city council voted on Tuesday to approve a new riverside park, officials said. "+
		"The park will include walking trails, a playground and a boat launch; construction begins in spring.", i)
	rec, _ := json.Marshal(map[string]string{"id": "bench-update-" + strconv.Itoa(i), "title": "Council approves park " + strconv.Itoa(i), "body": body})
	if err := os.WriteFile(filepath.Join(dir, "one.jsonl"), append(rec, '\n'), 0o644); err != nil {
		return err
	}
	st, err := ix.Ingest(ctx, []string{dir}, nil)
	if err == nil && st.Added != 1 {
		err = fmt.Errorf("the update added %d articles, not 1", st.Added)
	}
	return err
}

// benchSegments is how many one-article updates the open with segments
// measures.
const benchSegments = 32

// segments opens the index after benchSegments one-article updates (each a
// segment), then compacted, and times both opens (the best of three).
func (b *bencher) segments(ctx context.Context, opts retrieval.Options, r *benchResult) error {
	b.progress("opening with %d segments, and compacted", benchSegments)
	ix, err := retrieval.Open(ctx, opts)
	if err != nil {
		return err
	}
	for i := 1; i < benchSegments; i++ {
		if err := b.addOne(ctx, ix, i); err != nil {
			return err
		}
	}
	ix = nil
	segs, _ := filepath.Glob(filepath.Join(opts.Dir, "seg-*.seg"))
	r.Segments = len(segs)
	// The best of three opens each: one open on a shared machine is noisy.
	open := func() (float64, error) {
		best := 0.0
		for range 3 {
			runtime.GC()
			t0 := time.Now()
			if _, err := retrieval.Open(ctx, opts); err != nil {
				return 0, err
			}
			if d := time.Since(t0).Seconds(); best == 0 || d < best {
				best = d
			}
		}
		return best, nil
	}
	if r.OpenSegmentsSec, err = open(); err != nil {
		return err
	}
	if ix, err = retrieval.Open(ctx, opts); err != nil {
		return err
	}
	if err := ix.Compact(ctx); err != nil {
		return err
	}
	ix = nil
	r.OpenCompactSec, err = open()
	return err
}

// dirBytes is the size of the files in dir.
func dirBytes(dir string) int64 {
	ents, _ := os.ReadDir(dir)
	var n int64
	for _, e := range ents {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
	}
	return n
}

// ingest ingests the corpus cold, then again unchanged, and leaves nothing
// of that index in memory.
func (b *bencher) ingest(ctx context.Context, opts retrieval.Options, corpusDir string, r *benchResult) error {
	ix, err := retrieval.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer ix.Close()
	b.progress("ingesting (cold)")
	st, err := ix.Ingest(ctx, []string{corpusDir}, nil)
	if err != nil {
		return err
	}
	r.Passages = st.Passages
	r.Articles = st.Articles
	r.IngestSec = st.Duration.Seconds()
	r.IngestPerSec = float64(st.Passages) / r.IngestSec
	r.IngestMBPerS = float64(r.CorpusBytes) / 1e6 / r.IngestSec
	b.progress("ingesting (unchanged)")
	st, err = ix.Ingest(ctx, []string{corpusDir}, nil)
	if err != nil {
		return err
	}
	r.ReingestSec = st.Duration.Seconds()
	if st.Embedded > 0 {
		return fmt.Errorf("re-ingest of an unchanged corpus embedded %d passages", st.Embedded)
	}
	return nil
}

// time runs the searches and the answers, a few untimed ones first.
func (b *bencher) time(ctx context.Context, corpus *synth.Corpus, ix corpusIndex, svc *answer.Service, r *benchResult) error {
	const warm = 3
	search := make([]time.Duration, 0, b.queries)
	hits := 0
	for j := -warm; j < b.queries; j++ {
		q := corpus.Question(j+warm, r.Articles)
		t0 := time.Now()
		res, err := ix.Search(ctx, retrieval.Query{Text: q.Text, Date: q.Date, K: 10})
		if err != nil {
			return err
		}
		if j < 0 {
			continue
		}
		search = append(search, time.Since(t0))
		for _, x := range res {
			if x.Article.DocID == q.DocID {
				hits++
				break
			}
		}
	}
	ans := make([]time.Duration, 0, b.queries)
	for j := -warm; j < b.queries; j++ {
		q := corpus.Question(j+warm, r.Articles)
		t0 := time.Now()
		if _, err := svc.Answer(ctx, news.Question{Text: q.Text, Date: q.Date}, nil); err != nil {
			return err
		}
		if j >= 0 {
			ans = append(ans, time.Since(t0))
		}
	}
	r.SearchP50Ms, r.SearchP99Ms = percentileMs(search, 50), percentileMs(search, 99)
	r.AnswerP50Ms, r.AnswerP99Ms = percentileMs(ans, 50), percentileMs(ans, 99)
	r.SearchHitRate = float64(hits) / float64(b.queries)
	return nil
}
