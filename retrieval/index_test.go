package retrieval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingEmbedder wraps the local embedder and counts the texts it embeds.
type countingEmbedder struct {
	*LocalEmbedder
	model string
	n     atomic.Int64
}

func (c *countingEmbedder) Model() string { return c.model }
func (c *countingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	c.n.Add(int64(len(texts)))
	return c.LocalEmbedder.Embed(ctx, texts)
}

func newCounting(model string) *countingEmbedder {
	return &countingEmbedder{LocalEmbedder: NewLocalEmbedder(0), model: model}
}

type rec struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Source      string `json:"source"`
	PublishedAt string `json:"published_at"`
	Body        string `json:"body"`
}

func writeJSONL(t *testing.T, path string, recs []rec) {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		j, _ := json.Marshal(r)
		b.Write(j)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func testArticles() []rec {
	return []rec{
		{"a1", "Bridge closed after inspection", "Riverside Courier", "2026-03-02", "The Old Mill Bridge was closed on Monday after inspectors found corroded steel supports. The council said repairs would cost $4 million. Mayor Dana Ortiz said the bridge would reopen in spring."},
		{"a2", "School budget approved", "Valley Herald", "2026-03-03", "The school board approved a budget of $80 million for next year. Teachers will get a raise of three percent. The vote was five to two."},
		{"a3", "Storm knocks out power", "Metro Wire", "2026-03-04", "A storm with winds of 70 miles per hour knocked out power to 12,000 homes. Crews expect to restore electricity by Thursday."},
	}
}

func openTest(t *testing.T, dir string, emb Embedder) *Index {
	t.Helper()
	o := DefaultOptions()
	o.Dir = dir
	o.Embedder = emb
	_, o.SkipVectorQuery = emb.(*LocalEmbedder)
	ix, err := Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestIngestSearchAndIncrementalUpdates(t *testing.T) {
	ctx := context.Background()
	corpus, dir := t.TempDir(), t.TempDir()
	writeJSONL(t, filepath.Join(corpus, "news.jsonl"), testArticles())
	emb := newCounting("m1")
	ix := openTest(t, dir, emb)

	st, err := ix.Ingest(ctx, []string{corpus}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 3 || st.Articles != 3 || st.Passages < 3 || st.Embedded != st.Passages {
		t.Fatalf("first ingest: %+v", st)
	}
	res, err := ix.Search(ctx, Query{Text: "why was the bridge closed", Date: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || res[0].Passage.DocID != "a1" || res[0].Rank != 1 {
		t.Fatalf("want a1 first, got %+v", res)
	}
	if p := res[0].Passage; res[0].Article.Body[p.Start:p.End] != p.Text || res[0].Article.Source != "Riverside Courier" {
		t.Fatalf("passage does not quote its article: %+v", res[0])
	}

	t.Run("reopen unchanged embeds nothing", func(t *testing.T) {
		emb2 := newCounting("m1")
		ix2 := openTest(t, dir, emb2)
		if a, p := ix2.Len(); a != 3 || p != st.Passages {
			t.Fatalf("reopened index has %d articles, %d passages; want 3, %d", a, p, st.Passages)
		}
		st2, err := ix2.Ingest(ctx, []string{corpus}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st2.Unchanged != 3 || st2.Added+st2.Updated+st2.Removed != 0 || emb2.n.Load() != 0 {
			t.Fatalf("unchanged re-ingest: %+v, embedded %d", st2, emb2.n.Load())
		}
	})

	t.Run("one changed article re-embeds only its passages", func(t *testing.T) {
		recs := testArticles()
		recs[2].Body += " Officials urged residents to stay indoors."
		writeJSONL(t, filepath.Join(corpus, "news.jsonl"), recs)
		before := emb.n.Load()
		st3, err := ix.Ingest(ctx, []string{corpus}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st3.Updated != 1 || st3.Unchanged != 2 || st3.Added != 0 {
			t.Fatalf("after one change: %+v", st3)
		}
		// one passage for the changed article, plus the query embeddings are not counted here
		if got := emb.n.Load() - before; got != 1 {
			t.Fatalf("embedded %d texts, want 1", got)
		}
	})

	t.Run("removed file leaves the index", func(t *testing.T) {
		writeJSONL(t, filepath.Join(corpus, "news.jsonl"), testArticles()[:1])
		st4, err := ix.Ingest(ctx, []string{corpus}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st4.Removed != 2 || st4.Articles != 1 {
			t.Fatalf("after removal: %+v", st4)
		}
		res, _ := ix.Search(ctx, Query{Text: "storm power homes"})
		for _, r := range res {
			if r.Passage.DocID != "a1" {
				t.Fatalf("removed article still found: %s", r.Passage.DocID)
			}
		}
	})

	t.Run("a new embedding model re-embeds everything", func(t *testing.T) {
		emb3 := newCounting("m2")
		ix3 := openTest(t, dir, emb3)
		st5, err := ix3.Ingest(ctx, []string{corpus}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st5.Added != 1 || emb3.n.Load() != int64(st5.Passages) {
			t.Fatalf("model change: %+v, embedded %d", st5, emb3.n.Load())
		}
	})
}

func TestOpenRejectsCorruptSnapshot(t *testing.T) {
	ctx := context.Background()
	corpus, dir := t.TempDir(), t.TempDir()
	writeJSONL(t, filepath.Join(corpus, "news.jsonl"), testArticles())
	ix := openTest(t, dir, nil)
	if _, err := ix.Ingest(ctx, []string{corpus}, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, snapshotName)
	b, _ := os.ReadFile(path)
	b[len(b)/2] ^= 0xFF
	os.WriteFile(path, b, 0o644)
	o := DefaultOptions()
	o.Dir = dir
	_, err := Open(ctx, o)
	if err == nil || !strings.Contains(err.Error(), "corrupt") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("want a corrupt-index error naming the dir, got %v", err)
	}
}

func TestSearchClampsToSmallIndexAndEmptyIndex(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, t.TempDir(), nil)
	if res, err := ix.Search(ctx, Query{Text: "anything", K: 50}); err != nil || len(res) != 0 {
		t.Fatalf("empty index: %v %v", res, err)
	}
	corpus := t.TempDir()
	writeJSONL(t, filepath.Join(corpus, "n.jsonl"), testArticles()[:1])
	if _, err := ix.Ingest(ctx, []string{corpus}, nil); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, Query{Text: "bridge", K: 500})
	if err != nil || len(res) == 0 {
		t.Fatalf("k above the passage count: %v %v", res, err)
	}
}

func TestNearDuplicateVersionsShareAGroupAndDiversify(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	base := testArticles()[0]
	v2 := base
	v2.ID = "a1-v2"
	v2.Body = base.Body + " This story has been updated."
	other := testArticles()[1]
	writeJSONL(t, filepath.Join(corpus, "n.jsonl"), []rec{base, v2, other})
	ix := openTest(t, t.TempDir(), nil)
	if _, err := ix.Ingest(ctx, []string{corpus}, nil); err != nil {
		t.Fatal(err)
	}
	if ix.Group("a1") != ix.Group("a1-v2") || ix.Group("a1") == ix.Group("a2") {
		t.Fatalf("groups: a1 %d, a1-v2 %d, a2 %d", ix.Group("a1"), ix.Group("a1-v2"), ix.Group("a2"))
	}
	res, _ := ix.Search(ctx, Query{Text: "Old Mill Bridge corroded supports budget", K: 2})
	if len(res) != 2 || res[0].Group == res[1].Group {
		t.Fatalf("top two should come from distinct groups: %+v", res)
	}
}

func TestConcurrentSearchDuringIngest(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	var recs []rec
	for i := 0; i < 300; i++ {
		recs = append(recs, rec{ID: fmt.Sprint("d", i), Title: fmt.Sprint("Story ", i), Body: strings.Repeat(fmt.Sprintf("Word%d council bridge vote number %d. ", i, i), 20)})
	}
	writeJSONL(t, filepath.Join(corpus, "n.jsonl"), recs)
	ix := openTest(t, t.TempDir(), nil)
	done := make(chan error)
	go func() { _, err := ix.Ingest(ctx, []string{corpus}, nil); done <- err }()
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			if a, _ := ix.Len(); a != 300 {
				t.Fatalf("articles %d", a)
			}
			return
		default:
			if _, err := ix.Search(ctx, Query{Text: "council bridge"}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A JSON Lines file is streamed: it may be larger than MaxFileBytes, and an
// ingest flushes batches within it.
func TestIngestStreamsLargeJSONL(t *testing.T) {
	corpus := t.TempDir()
	writeJSONL(t, filepath.Join(corpus, "big.jsonl"), testArticles())
	o := DefaultOptions()
	o.Dir = t.TempDir()
	o.Reader.MaxFileBytes = 100
	ix, err := Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	st, err := ix.Ingest(context.Background(), []string{corpus}, nil)
	if err != nil || st.Added != 3 || st.Skipped != 0 {
		t.Fatalf("%+v %v", st, err)
	}
}

// A record with a title or URL but no text is found by its title and URL
// words, with an empty passage to show for it.
func TestHeadlineOnlyRecordIsFoundByItsURLWords(t *testing.T) {
	corpus := t.TempDir()
	os.WriteFile(filepath.Join(corpus, "n.jsonl"), []byte(
		`{"id":"h1","url":"https://www.cnn.com/travel/article/eiffel-tower-paris-needs-repairs/index.html"}`+"\n"+
			`{"id":"a1","title":"Bridge closed","body":"The Old Mill Bridge was closed on Monday after inspectors found corroded supports."}`+"\n"), 0o644)
	ix := openTest(t, t.TempDir(), nil)
	st, err := ix.Ingest(context.Background(), []string{corpus}, nil)
	if err != nil || st.Added != 2 || st.Skipped != 0 {
		t.Fatalf("%+v %v", st, err)
	}
	res, err := ix.Search(context.Background(), Query{Text: "Which Paris landmark needs repairs?"})
	if err != nil || len(res) == 0 || res[0].Passage.DocID != "h1" || res[0].Passage.Text != "" {
		t.Fatalf("want the headline-only record first with an empty passage: %+v %v", res, err)
	}
	if a, _ := ix.Article("h1"); a.Title != "" || a.Body != "" {
		t.Fatalf("nothing may be invented for it: %+v", a)
	}
}
