package pgindex

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/pgtest"
	"newsdesk/internal/testcorpus"
	"newsdesk/retrieval"
)

func openTest(t *testing.T, url string) *Index {
	t.Helper()
	o := DefaultOptions()
	o.URL = url
	ix, err := Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestIngestAndSearchTheSeeds(t *testing.T) {
	url := pgtest.VectorURL(t)
	ctx := context.Background()
	ix := openTest(t, url)
	st, err := ix.Ingest(ctx, []string{testcorpus.Seeds(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	res, err := ix.Search(ctx, retrieval.Query{Text: "trucks", Date: time.Date(2024, 1, 27, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		t.Logf("%d %s %.3f %q", r.Rank, r.Passage.ID, r.Score, r.Article.Title)
	}
}
