package answer

import (
	"context"
	"testing"

	"newsdesk/internal/testcorpus"
	"newsdesk/retrieval"
)

// openSeedIndex ingests the seed corpus into a real retrieval.Index in a
// temporary directory, with the offline defaults.
func openSeedIndex(t *testing.T) *retrieval.Index {
	t.Helper()
	loadSeeds(t) // skips when the seeds are absent
	opts := retrieval.DefaultOptions()
	opts.Dir = t.TempDir()
	ix, err := retrieval.Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Ingest(context.Background(), []string{testcorpus.Seeds(t)}, nil); err != nil {
		t.Fatalf("ingest seeds: %v", err)
	}
	return ix
}

// TestSeedDevIndex runs the shared seed questions through the Service over
// the real index: every one must be answered (or refused) as expected.
func TestSeedDevIndex(t *testing.T) {
	svc, err := New(openSeedIndex(t), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if failed, total := runDevWith(t, svc, testcorpus.SeedQuestions(t), t.Errorf); failed > 0 {
		t.Errorf("%d of %d seed questions wrong", failed, total)
	}
}

// TestSeedExtraIndex runs the package's extra questions over the real index.
func TestSeedExtraIndex(t *testing.T) {
	svc, err := New(openSeedIndex(t), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	failed, total := runDevWith(t, svc, "testdata/seed-extra.jsonl", t.Logf)
	if float64(failed) > 0.1*float64(total) {
		t.Errorf("%d of %d extra questions wrong, want at most 10%%", failed, total)
	}
}
