package retrieval

import (
	"context"
	"path/filepath"
	"testing"

	"newsdesk/internal/synth"
)

// samePartition reports whether two group assignments (by slot) split the
// live slots alike.
func samePartition(ix *Index, a, b []int) bool {
	ab, ba := map[int]int{}, map[int]int{}
	for slot, art := range ix.articles {
		if art == nil {
			continue
		}
		if g, ok := ab[a[slot]]; ok && g != b[slot] {
			return false
		}
		if g, ok := ba[b[slot]]; ok && g != a[slot] {
			return false
		}
		ab[a[slot]], ba[b[slot]] = b[slot], a[slot]
	}
	return true
}

func TestAFewNewArticlesAreGroupedAsARegroupWould(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	if _, err := synth.New(synth.DefaultOptions()).WriteDir(ctx, corpus, 60, 30); err != nil {
		t.Fatal(err)
	}
	ix := openTest(t, t.TempDir(), NewLocalEmbedder(0))
	if _, err := ix.Ingest(ctx, []string{corpus}, nil); err != nil {
		t.Fatal(err)
	}
	orig := testArticles()[0]
	version := orig
	version.ID, version.Body = "a1-v2", orig.Body+" The council will meet again on Friday to discuss the repairs."
	for i, r := range []rec{orig, version} {
		dir := t.TempDir()
		writeJSONL(t, filepath.Join(dir, "n.jsonl"), []rec{r})
		if _, err := ix.Ingest(ctx, []string{dir}, nil); err != nil {
			t.Fatal(err)
		}
		if !ix.groupsFresh || len(ix.groups) != len(ix.articles) {
			t.Fatalf("ingest %d: groups not fresh", i)
		}
	}
	if g := ix.Group("a1"); g < 0 || g != ix.Group("a1-v2") {
		t.Fatalf("the two versions are in groups %d and %d", g, ix.Group("a1-v2"))
	}
	incremental := append([]int(nil), ix.groups...)
	ix.mu.Lock()
	ix.regroup()
	ix.mu.Unlock()
	if !samePartition(ix, incremental, ix.groups) {
		t.Fatal("the incremental groups differ from a regroup's")
	}
}
