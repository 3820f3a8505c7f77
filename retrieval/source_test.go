package retrieval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// twoSources writes two corpus folders of distinct articles.
func twoSources(t *testing.T) (a, b string) {
	t.Helper()
	a, b = t.TempDir(), t.TempDir()
	arts := testArticles()
	writeJSONL(t, filepath.Join(a, "a.jsonl"), arts[:2])
	writeJSONL(t, filepath.Join(b, "b.jsonl"), arts[2:])
	return a, b
}

func articleRoots(ix *Index) map[string]string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := map[string]string{}
	for _, a := range ix.articles {
		if a != nil {
			out[a.DocID] = a.root
		}
	}
	return out
}

func TestIngestOfAnotherRootKeepsTheFirst(t *testing.T) {
	ctx := context.Background()
	a, b := twoSources(t)
	dir := t.TempDir()
	ix := openTest(t, dir, NewLocalEmbedder(0))
	if _, err := ix.Ingest(ctx, []string{a}, nil); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Ingest(ctx, []string{b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 1 || st.Removed != 0 || st.Articles != 3 {
		t.Fatalf("second root: %+v, want 1 added, 0 removed, 3 articles", st)
	}
	got := openTest(t, dir, NewLocalEmbedder(0))
	srcs, err := got.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0].Articles+srcs[1].Articles != 3 || srcs[0].Kind != SourceFolder || srcs[0].Updated.IsZero() {
		t.Fatalf("sources after reopening: %+v", srcs)
	}
	// A file gone from a: its articles go when a is ingested, b's stay.
	os.Remove(filepath.Join(a, "a.jsonl"))
	st, err = got.Ingest(ctx, []string{a}, nil)
	if err != nil || st.Removed != 2 || st.Articles != 1 {
		t.Fatalf("after a's file went: %+v %v", st, err)
	}
}

func TestTheSameRootRelativeAndAbsoluteIsOneSource(t *testing.T) {
	ctx := context.Background()
	parent := t.TempDir()
	t.Chdir(parent)
	os.Mkdir("news", 0o755)
	writeJSONL(t, filepath.Join("news", "n.jsonl"), testArticles())
	ix := openTest(t, t.TempDir(), NewLocalEmbedder(0))
	if _, err := ix.Ingest(ctx, []string{"news"}, nil); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("news")
	for _, root := range []string{abs, "./news/", abs + "/."} {
		st, err := ix.Ingest(ctx, []string{root}, nil)
		if err != nil || st.Unchanged != 3 || st.Added+st.Updated+st.Removed != 0 {
			t.Fatalf("%s: %+v %v, want all 3 unchanged", root, st, err)
		}
	}
	if srcs, _ := ix.Sources(ctx); len(srcs) != 1 || srcs[0].Root != abs {
		t.Fatalf("sources: %+v, want the one %s", srcs, abs)
	}
}

func TestRemoveSourceDropsExactlyItsArticles(t *testing.T) {
	ctx := context.Background()
	a, b := twoSources(t)
	dir := t.TempDir()
	ix := openTest(t, dir, NewLocalEmbedder(0))
	for _, r := range []string{a, b} {
		if _, err := ix.Ingest(ctx, []string{r}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ix.RemoveSource(ctx, t.TempDir()); !errors.Is(err, ErrUnknownSource) {
		t.Fatalf("removing a root that is not a source: %v", err)
	}
	st, err := ix.RemoveSource(ctx, a)
	if err != nil || st.Removed != 2 || st.Articles != 1 {
		t.Fatalf("remove a: %+v %v", st, err)
	}
	got := openTest(t, dir, NewLocalEmbedder(0))
	if ids := articleRoots(got); len(ids) != 1 || ids["a3"] != b {
		t.Fatalf("after removing a: %v, want only a3 from %s", ids, b)
	}
	if srcs, _ := got.Sources(ctx); len(srcs) != 1 || srcs[0].Root != b {
		t.Fatalf("sources after removing a: %+v", srcs)
	}
	// Ingesting a again takes it all in again (its file records went too).
	if st, err := got.Ingest(ctx, []string{a}, nil); err != nil || st.Added != 2 {
		t.Fatalf("a again: %+v %v", st, err)
	}
}

func TestADocIDHeldByAnotherSourceIsSkipped(t *testing.T) {
	ctx := context.Background()
	a, b := t.TempDir(), t.TempDir()
	writeJSONL(t, filepath.Join(a, "n.jsonl"), testArticles()[:1])
	writeJSONL(t, filepath.Join(b, "n.jsonl"), testArticles()[:1])
	ix := openTest(t, t.TempDir(), NewLocalEmbedder(0))
	ix.Ingest(ctx, []string{a}, nil)
	st, err := ix.Ingest(ctx, []string{b}, nil)
	if err != nil || st.Added != 0 || st.Skipped != 1 || articleRoots(ix)["a1"] != a {
		t.Fatalf("%+v %v: want a1 kept from %s and the copy skipped", st, err, a)
	}
}

// Two Index values on one folder stand for two processes: each Ingest
// reads what the other saved before it changes anything.
func TestTwoWritersKeepEachOthersChanges(t *testing.T) {
	ctx := context.Background()
	a, b := twoSources(t)
	dir := t.TempDir()
	first := openTest(t, dir, NewLocalEmbedder(0))
	second := openTest(t, dir, NewLocalEmbedder(0)) // opened before first writes
	if _, err := first.Ingest(ctx, []string{a}, nil); err != nil {
		t.Fatal(err)
	}
	st, err := second.Ingest(ctx, []string{b}, nil)
	if err != nil || st.Articles != 3 || st.Removed != 0 {
		t.Fatalf("second writer: %+v %v, want 3 articles, none removed", st, err)
	}
	if _, err := first.Ingest(ctx, []string{a}, nil); err != nil { // first catches up on second's segment
		t.Fatal(err)
	}
	if n, _ := first.Len(); n != 3 {
		t.Fatalf("first writer sees %d articles, want 3", n)
	}
	if ids := articleRoots(openTest(t, dir, NewLocalEmbedder(0))); len(ids) != 3 {
		t.Fatalf("reopened: %v", ids)
	}
}

func TestOpenCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no", "such")
	ix := openTest(t, dir, NewLocalEmbedder(0))
	if n, _ := ix.Len(); n != 0 {
		t.Fatal("not empty")
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Open created %s", dir)
	}
	if ok, err := HasIndex(dir); ok || err != nil {
		t.Fatalf("HasIndex of nothing: %v %v", ok, err)
	}
}

func TestRefreshSeesAnotherWritersChanges(t *testing.T) {
	ctx := context.Background()
	a, b := twoSources(t)
	dir := t.TempDir()
	reader := openTest(t, dir, NewLocalEmbedder(0))
	writer := openTest(t, dir, NewLocalEmbedder(0))
	for _, root := range []string{a, b} {
		if _, err := writer.Ingest(ctx, []string{root}, nil); err != nil {
			t.Fatal(err)
		}
		if err := reader.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := reader.Len(); n != 3 {
		t.Fatalf("after refreshing, the reader has %d articles, want 3", n)
	}
	if res, _ := reader.Search(ctx, Query{Text: "storm power", K: 3}); len(res) == 0 || res[0].Article.DocID != "a3" {
		t.Fatalf("the reader does not find the writer's article: %+v", res)
	}
}
