package pgindex

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/pgtest"
	"newsdesk/internal/testcorpus"
	"newsdesk/retrieval"
)

func openTest(t *testing.T, url string, emb retrieval.Embedder) *Index {
	t.Helper()
	o := DefaultOptions()
	o.URL = url
	o.Embedder = emb
	ix, err := Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func ingest(t *testing.T, ix interface {
	Ingest(context.Context, []string, func(retrieval.IngestProgress)) (retrieval.IngestStats, error)
}, roots ...string) retrieval.IngestStats {
	t.Helper()
	st, err := ix.Ingest(context.Background(), roots, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

var asked = time.Date(2024, 1, 27, 0, 0, 0, 0, time.UTC)

// TestSearchRanksAsTheEmbeddedIndex: the same corpus in PostgreSQL and in
// the embedded index gives the same passages in the same order, with the
// lexical candidates rescored by vector (the local embedder) and with the
// nearest passages by vector too (HNSW, as for a real model).
func TestSearchRanksAsTheEmbeddedIndex(t *testing.T) {
	for _, tc := range []struct {
		name       string
		skipVector bool
	}{{"lexical candidates", true}, {"and nearest vectors", false}} {
		t.Run(tc.name, func(t *testing.T) {
			url := pgtest.VectorURL(t)
			seeds := testcorpus.Seeds(t)
			o := DefaultOptions()
			o.URL, o.Embedder, o.SkipVectorQuery = url, retrieval.NewLocalEmbedder(0), tc.skipVector
			pg, err := Open(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			defer pg.Close()
			ingest(t, pg, seeds)
			eo := retrieval.DefaultOptions()
			eo.Dir, eo.Embedder, eo.SkipVectorQuery = t.TempDir(), retrieval.NewLocalEmbedder(0), tc.skipVector
			emb, err := retrieval.Open(context.Background(), eo)
			if err != nil {
				t.Fatal(err)
			}
			ingest(t, emb, seeds)
			for _, q := range []string{
				"How many trucks crossed into Gaza?",
				"Who leads the Warsaw government?",
				"women and children killed",
				"what did the mayor say about the strike",
				"zzzz unknownword",
			} {
				want, err := emb.Search(context.Background(), retrieval.Query{Text: q, Date: asked, K: 10})
				if err != nil {
					t.Fatal(err)
				}
				got, err := pg.Search(context.Background(), retrieval.Query{Text: q, Date: asked, K: 10})
				if err != nil {
					t.Fatal(err)
				}
				if ids(got) != ids(want) {
					t.Errorf("%q: postgres ranks\n %s\nthe embedded index\n %s", q, ids(got), ids(want))
				}
				for i := range got {
					if got[i].Passage.Text != want[i].Passage.Text || got[i].Article.Title != want[i].Article.Title {
						t.Errorf("%q: result %d: passage or article differs", q, i+1)
					}
				}
			}
		})
	}
}

func ids(rs []retrieval.Result) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Passage.ID + " ")
	}
	return b.String()
}

// TestIngestUpdatesOneSourceAndKeepsTheOthers: unchanged re-ingest embeds
// nothing; an edited article is re-embedded only where its text changed and
// keeps when it was first seen; a deleted file's articles go; the articles
// of another source stay.
func TestIngestUpdatesOneSourceAndKeepsTheOthers(t *testing.T) {
	url := pgtest.VectorURL(t)
	a, b := testcorpus.Seeds(t), t.TempDir()
	os.WriteFile(filepath.Join(b, "extra.md"), []byte("# Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after repairs that took three years, officials said.\n"), 0o644)
	ix := openTest(t, url, nil)
	first := ingest(t, ix, a)
	if first.Added != 5 || first.Embedded != first.Passages {
		t.Fatalf("first ingest: %+v", first)
	}
	again := ingest(t, ix, a)
	if again.Embedded != 0 || again.Unchanged != 5 || again.Passages != first.Passages {
		t.Fatalf("unchanged re-ingest: %+v", again)
	}
	st := ingest(t, ix, b)
	if st.Added != 1 || st.Articles != 6 || st.Removed != 0 {
		t.Fatalf("a second source: %+v", st)
	}
	before, _, _ := ix.Article(context.Background(), "000_b7a197151d229b49.txt")
	p := filepath.Join(a, "000_b7a197151d229b49.txt")
	body, _ := os.ReadFile(p)
	os.WriteFile(p, append(body, []byte("\n\nAn editor's note was added at the end.\n")...), 0o644)
	os.Remove(filepath.Join(a, "004_064194450108b23d.txt"))
	st = ingest(t, ix, a)
	if st.Updated != 1 || st.Removed != 1 || st.Articles != 5 || st.Embedded == 0 || st.Embedded > 3 {
		t.Fatalf("edit and delete: %+v", st)
	}
	after, ok, _ := ix.Article(context.Background(), "000_b7a197151d229b49.txt")
	if !ok || !after.FirstSeen.Equal(before.FirstSeen) {
		t.Fatalf("first seen %v, then %v", before.FirstSeen, after.FirstSeen)
	}
	if _, ok, _ := ix.Article(context.Background(), "extra.md"); !ok {
		t.Fatal("the other source's article is gone")
	}
	if n := len(ix.Articles(time.Time{}, time.Now().Add(time.Hour))); n != 5 {
		t.Fatalf("Articles: %d articles", n)
	}
	if g := ix.Group("extra.md"); g < 0 || ix.Group("nope") != -1 {
		t.Fatalf("groups: %d, %d", g, ix.Group("nope"))
	}
}

// TestOpenRefusesAnotherModel: vectors of different models are never mixed.
func TestOpenRefusesAnotherModel(t *testing.T) {
	url := pgtest.VectorURL(t)
	openTest(t, url, retrieval.NewLocalEmbedder(64)).Close() // PGlite serves one client at a time
	o := DefaultOptions()
	o.URL = url
	o.Embedder = retrieval.NewLocalEmbedder(128)
	if ix, err := Open(context.Background(), o); err == nil || !strings.Contains(err.Error(), "embedding model") {
		if ix != nil {
			ix.Close()
		}
		t.Fatalf("opened with another model: %v", err)
	}
}
