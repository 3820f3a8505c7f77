package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/synth"
	"newsdesk/retrieval/corpus"
)

// Benchmark fixtures: synthetic corpora and their indexes, made once per
// test process (or kept in $NEWSDESK_BENCH_DIR across runs) and shared by
// the benchmarks. Nothing here runs in plain `go test`.

// benchSizes are the passage counts the benchmarks run at: 10k and 100k,
// and 1M when NEWSDESK_BENCH_1M=1.
func benchSizes() []int {
	sizes := []int{10_000, 100_000}
	if os.Getenv("NEWSDESK_BENCH_1M") == "1" {
		sizes = append(sizes, 1_000_000)
	}
	return sizes
}

func sizeName(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

// benchFixture is a synthetic corpus on disk and an index made from it.
type benchFixture struct {
	corpus   *synth.Corpus
	articles int
	dir      string // corpus folder
	bytes    int64  // corpus size
	ixDir    string // index folder
	ix       *Index
}

var (
	fixtureMu sync.Mutex
	fixtures  = map[int]*benchFixture{}
	benchRoot string
)

// TestMain removes the fixtures' temporary folder (not NEWSDESK_BENCH_DIR)
// when the benchmarks are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchRoot != "" {
		os.RemoveAll(benchRoot)
	}
	os.Exit(code)
}

// benchDir returns the folder that holds the fixtures: $NEWSDESK_BENCH_DIR,
// kept across runs, or a temporary folder of this process.
func benchDir(tb testing.TB) string {
	if d := os.Getenv("NEWSDESK_BENCH_DIR"); d != "" {
		return d
	}
	if benchRoot == "" {
		d, err := os.MkdirTemp("", "newsdesk-bench-")
		if err != nil {
			tb.Fatal(err)
		}
		benchRoot = d
	}
	return benchRoot
}

// corpusFixture writes (or finds) a synthetic corpus of about n passages.
func corpusFixture(tb testing.TB, n int) *benchFixture {
	tb.Helper()
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	if f, ok := fixtures[n]; ok {
		return f
	}
	c := synth.New(synth.DefaultOptions())
	ch := DefaultChunkOptions()
	f := &benchFixture{corpus: c, articles: c.ArticlesFor(n, ch.MaxWords, ch.OverlapWords)}
	base := filepath.Join(benchDir(tb), "synth-"+sizeName(n))
	f.dir, f.ixDir = filepath.Join(base, "corpus"), filepath.Join(base, "index")
	if _, err := os.Stat(filepath.Join(base, "corpus.done")); err != nil {
		os.RemoveAll(base)
		if _, err := c.WriteDir(context.Background(), f.dir, f.articles, 1000); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(base, "corpus.done"), nil, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	files, err := corpus.Walk(context.Background(), []string{f.dir}, corpus.DefaultReaderOptions(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	for _, cf := range files {
		f.bytes += cf.Size
	}
	fixtures[n] = f
	return f
}

// indexFixture returns the fixture of about n passages with its index
// loaded, ingesting the corpus the first time.
func indexFixture(tb testing.TB, n int) *benchFixture {
	tb.Helper()
	f := corpusFixture(tb, n)
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	if f.ix != nil {
		return f
	}
	ctx := context.Background()
	ix, err := Open(ctx, benchOptions(f.ixDir))
	if err != nil {
		tb.Fatal(err)
	}
	if _, p := ix.Len(); p == 0 {
		t0 := time.Now()
		st, err := ix.Ingest(ctx, []string{f.dir}, nil)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Logf("fixture %s: ingested %d passages in %s", sizeName(n), st.Passages, time.Since(t0).Round(time.Millisecond))
	}
	f.ix = ix
	return f
}

func benchOptions(dir string) Options {
	o := DefaultOptions()
	o.Dir = dir
	o.Now = func() time.Time { return time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC) }
	return o
}

// benchQueries returns n questions about the fixture's articles.
func (f *benchFixture) queries(n int) []Query {
	out := make([]Query, n)
	for j := range out {
		q := f.corpus.Question(j, f.articles)
		out[j] = Query{Text: q.Text, Date: q.Date, K: 10}
	}
	return out
}

// realtimeqaFixture returns an index of the realtimeqa corpus, or skips.
var rtq struct {
	once sync.Once
	ix   *Index
	err  error
}

func realtimeqaIndex(tb testing.TB) *Index {
	tb.Helper()
	if _, err := os.Stat(realtimeqaPath); err != nil {
		tb.Skip("realtimeqa-scale: ../shared/eval/realtimeqa is not beside the repository")
	}
	rtq.once.Do(func() {
		ctx := context.Background()
		dir := filepath.Join(benchDir(tb), "realtimeqa-index")
		rtq.ix, rtq.err = Open(ctx, benchOptions(dir))
		if rtq.err == nil {
			_, rtq.err = rtq.ix.Ingest(ctx, []string{realtimeqaPath}, nil)
		}
	})
	if rtq.err != nil {
		tb.Fatal(rtq.err)
	}
	return rtq.ix
}
