package neardup_test

import (
	"context"
	"strings"
	"testing"

	"newsdesk/internal/news"
	"newsdesk/internal/testcorpus"
	"newsdesk/retrieval/corpus"
	"newsdesk/retrieval/neardup"
)

// The seeds hold two versions of one CNN report (001_ and 004_): they, and
// only they, are near-duplicates.
func TestGroupSeeds(t *testing.T) {
	arts := readSeeds(t)
	sk := make([]neardup.Sketch, len(arts))
	for i := range arts {
		sk[i] = neardup.NewSketch(arts[i].Body)
	}
	g := neardup.Group(sk, neardup.DefaultThreshold)
	for i := range arts {
		for j := i + 1; j < len(arts); j++ {
			same := g[i] == g[j]
			want := strings.HasPrefix(arts[i].DocID, "001_") && strings.HasPrefix(arts[j].DocID, "004_")
			if same != want {
				t.Errorf("%s and %s grouped %v, want %v (similarity %.3f)", arts[i].DocID, arts[j].DocID, same, want, sk[i].Similarity(&sk[j]))
			}
		}
	}
}

// readSeeds reads the seed articles as the index would.
func readSeeds(t *testing.T) []news.Article {
	t.Helper()
	opts := corpus.DefaultReaderOptions()
	files, err := corpus.Walk(context.Background(), []string{testcorpus.Seeds(t)}, opts, func(news.Skipped) {})
	if err != nil {
		t.Fatal(err)
	}
	var arts []news.Article
	for _, f := range files {
		if err := corpus.Read(f, opts, func(a news.Article) error { arts = append(arts, a); return nil }, func(news.Skipped) {}); err != nil {
			t.Fatal(err)
		}
	}
	return arts
}
