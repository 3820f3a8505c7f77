package retrieval

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestArticlesByPublication checks the digest's period: articles count by
// their publication date, an undated one by when the index first saw it.
func TestArticlesByPublication(t *testing.T) {
	ctx := context.Background()
	corpus, dir := t.TempDir(), t.TempDir()
	recs := append(testArticles(), rec{"u1", "Undated notice", "Metro Wire", "", "The library opens a new reading room for children this spring, the city said."})
	writeJSONL(t, filepath.Join(corpus, "news.jsonl"), recs)
	ix := openTest(t, dir, NewLocalEmbedder(0))
	before := time.Now()
	if _, err := ix.Ingest(ctx, []string{corpus}, nil); err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	ids := func(from, to time.Time) []string {
		var out []string
		for _, a := range ix.Articles(from, to) {
			out = append(out, a.DocID)
		}
		return out
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"two published days, newest first", day(2), day(4), []string{"a2", "a1"}},
		{"to is excluded", day(4), day(4).Add(time.Nanosecond), []string{"a3"}},
		{"a day with nothing", day(5), day(6), nil},
		{"undated by first seen", before.Add(-time.Second), time.Now().Add(time.Second), []string{"u1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(tc.from, tc.to); !slices.Equal(got, tc.want) {
				t.Errorf("Articles = %v, want %v", got, tc.want)
			}
		})
	}
}
