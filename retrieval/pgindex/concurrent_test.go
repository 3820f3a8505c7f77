package pgindex

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"newsdesk/internal/pgtest"
	"newsdesk/internal/testcorpus"
	"newsdesk/retrieval"
)

// TestConcurrentIngestsOfTwoSourcesBothLand: two processes' worth of
// indexes (two pools) ingest different sources at once; both sources and
// all their articles are there afterwards.
func TestConcurrentIngestsOfTwoSourcesBothLand(t *testing.T) {
	url := pgtest.VectorURL(t)
	if pgtest.IsPGlite(t, url) {
		t.Skip("PGlite serves one client at a time: concurrent ingests need a PostgreSQL with pgvector in " + pgtest.EnvVector)
	}
	a, b := testcorpus.Seeds(t), t.TempDir()
	for i := 0; i < 40; i++ {
		body := fmt.Sprintf("# Council meeting %d\n\nThe town council met for the %dth time this year to discuss the harbour, the school roof and the budget.\n", i, i)
		os.WriteFile(filepath.Join(b, fmt.Sprintf("m%02d.md", i)), []byte(body), 0o644)
	}
	x, y := openTest(t, url, nil), openTest(t, url, nil)
	var wg sync.WaitGroup
	stats := make([]retrieval.IngestStats, 2)
	errs := make([]error, 2)
	for i, job := range []struct {
		ix   *Index
		root string
	}{{x, a}, {y, b}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats[i], errs[i] = job.ix.Ingest(context.Background(), []string{job.root}, nil)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("ingest %d: %v", i, err)
		}
	}
	if stats[0].Added != 5 || stats[1].Added != 40 {
		t.Fatalf("added %d and %d, want 5 and 40", stats[0].Added, stats[1].Added)
	}
	srcs, err := x.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Len(); len(srcs) != 2 || n != 45 || srcs[0].Articles+srcs[1].Articles != 45 {
		t.Fatalf("after both: %d articles, sources %+v", n, srcs)
	}
	st, err := y.RemoveSource(context.Background(), b)
	if err != nil || st.Removed != 40 || st.Articles != 5 {
		t.Fatalf("remove a source: %+v, %v", st, err)
	}
}
