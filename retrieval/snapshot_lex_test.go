package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsdesk/internal/synth"
	"newsdesk/internal/text"
)

// churnedIndex ingests a small synthetic corpus, then changes one article
// and drops another, so the saved index has dead passage slots.
func churnedIndex(t *testing.T) (dir string, queries []Query) {
	t.Helper()
	ctx := context.Background()
	c := synth.New(synth.DefaultOptions())
	corpus := t.TempDir()
	if _, err := c.WriteDir(ctx, corpus, 40, 20); err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	ix := openTest(t, dir, NewLocalEmbedder(0))
	if _, err := ix.Ingest(ctx, []string{corpus}, nil); err != nil {
		t.Fatal(err)
	}
	ix = openTest(t, dir, NewLocalEmbedder(0)) // the churn goes into a loaded lexical index
	writeJSONL(t, filepath.Join(corpus, "synth-00000.jsonl"), []rec{
		{"syn-3", "Bridge closed after inspection", "Riverside Courier", "2022-03-02", testArticles()[0].Body},
		{"dup-3", "Old Mill Bridge closed", "Valley Herald", "2022-03-02", testArticles()[0].Body + " More soon."},
	})
	st, err := ix.Ingest(ctx, []string{corpus}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Removed == 0 || st.Updated+st.Added == 0 {
		t.Fatalf("churn did not remove and change articles: %+v", st)
	}
	if err := ix.Compact(ctx); err != nil { // the churn into the snapshot, not a segment
		t.Fatal(err)
	}
	for j := range 20 {
		q := c.Question(j, 40)
		queries = append(queries, Query{Text: q.Text, Date: q.Date, K: 10})
	}
	queries = append(queries, Query{Text: "Why was the Old Mill Bridge closed?", K: 10})
	return dir, queries
}

func TestStoredLexiconMatchesRebuilt(t *testing.T) {
	ctx := context.Background()
	dir, queries := churnedIndex(t)
	stored := openTest(t, dir, NewLocalEmbedder(0))

	snap, err := readSnapshot(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Lexicon == nil {
		t.Fatal("the snapshot holds no lexical index")
	}
	if snap.Groups == nil {
		t.Fatal("the snapshot holds no near-duplicate groups")
	}
	snap.Lexicon, snap.Groups = nil, nil // rebuild them from the text
	rebuilt := &Index{opts: stored.opts, embedder: stored.embedder, analyzer: text.NewAnalyzer(text.IndexOptions())}
	rebuilt.fingerprint = analysisFingerprint(rebuilt.analyzer)
	rebuilt.reset()
	if err := rebuilt.load(ctx, snap); err != nil {
		t.Fatal(err)
	}
	if d := lexiconDiff(stored.lex, rebuilt.lex); d != "" {
		t.Fatalf("stored lexical index differs from the rebuilt one: %s", d)
	}
	if !slices.Equal(stored.groups, rebuilt.groups) {
		t.Fatalf("stored near-duplicate groups %v differ from the recomputed %v", stored.groups, rebuilt.groups)
	}
	if stored.Group("syn-3") != stored.Group("dup-3") {
		t.Error("the two versions of the bridge story are not one group")
	}
	// Open decodes vectors straight into the vector store; the rebuilt index
	// copied them there.
	qvs, err := stored.embedder.Embed(ctx, []string{queries[0].Text, queries[len(queries)-1].Text})
	if err != nil {
		t.Fatal(err)
	}
	for _, qv := range qvs {
		if a, b := stored.vectorScan().query(qv, 50), rebuilt.vectorScan().query(qv, 50); len(a) == 0 || !slices.Equal(a, b) {
			t.Errorf("vector query after Open (%d hits) differs from the rebuilt index's (%d hits)", len(a), len(b))
		}
	}
	for _, q := range queries {
		a, err1 := stored.Search(ctx, q)
		b, err2 := rebuilt.Search(ctx, q)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !sameResults(a, b) {
			t.Errorf("%q: results differ between the stored and the rebuilt lexical index", q.Text)
		}
	}
}

func lexiconDiff(a, b *lexicon) string {
	switch {
	case a.live != b.live:
		return "live slots"
	case a.titleTotal != b.titleTotal || a.bodyTotal != b.bodyTotal:
		return "field totals"
	case !slices.Equal(a.lengths, b.lengths):
		return "field lengths"
	}
	terms := 0
	for t, id := range b.ids {
		if len(b.postings[id]) == 0 {
			continue
		}
		terms++
		aid, ok := a.ids[t]
		if !ok || !slices.Equal(a.postings[aid], b.postings[id]) {
			return "postings of " + t
		}
	}
	if len(a.ids) != terms {
		return "term count"
	}
	return ""
}

func sameResults(a, b []Result) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Passage.ID != b[i].Passage.ID || a[i].Score != b[i].Score {
			return false
		}
	}
	return true
}

func TestStoredLexiconOfAnotherAnalysisIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir, queries := churnedIndex(t)
	want := openTest(t, dir, NewLocalEmbedder(0))
	snap, err := readSnapshot(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A lexical index from another analysis: wrong on purpose, and marked so.
	for _, p := range snap.Lexicon.postings {
		for k := range p {
			p[k].body++
		}
	}
	orig := want.lex
	want.lex, want.fingerprint = snap.Lexicon, want.fingerprint+1
	if _, err := want.writeBaseLocked(want.disk.gen + 1); err != nil {
		t.Fatal(err)
	}
	want.lex, want.fingerprint = orig, want.fingerprint-1
	got := openTest(t, dir, NewLocalEmbedder(0))
	if d := lexiconDiff(got.lex, want.lex); d != "" {
		t.Fatalf("a lexical index of another analysis was used: %s", d)
	}
	a, _ := got.Search(ctx, queries[0])
	b, _ := want.Search(ctx, queries[0])
	if !sameResults(a, b) {
		t.Error("results differ after rebuilding the lexical index")
	}
}

func TestOlderSnapshotFormatIsRefused(t *testing.T) {
	dir, _ := churnedIndex(t)
	path := filepath.Join(dir, snapshotName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copy(b, "NDSKIDX1")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	o.Dir = dir
	_, err = Open(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "older format") || !strings.Contains(err.Error(), "delete the folder and ingest again") {
		t.Fatalf("Open of an older format: %v, want an error saying to delete and re-ingest", err)
	}
}
