package synth

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestArticleDeterministic(t *testing.T) {
	c1, c2 := New(DefaultOptions()), New(DefaultOptions())
	for _, i := range []int{0, 7, 999} {
		a, b := c1.Article(i, 1000), c2.Article(i, 1000)
		if a.Body != b.Body || a.Title != b.Title || !a.PublishedAt.Equal(b.PublishedAt) {
			t.Errorf("article %d differs between two corpora of one seed", i)
		}
	}
	o := DefaultOptions()
	o.Seed = 2
	if New(o).Article(0, 10).Body == c1.Article(0, 10).Body {
		t.Error("seeds 1 and 2 made the same article")
	}
}

func TestArticleShape(t *testing.T) {
	c := New(DefaultOptions())
	o := DefaultOptions()
	for i := range 50 {
		a := c.Article(i, 50)
		words := len(strings.Fields(a.Body))
		if words < o.MinWords || words > o.MaxWords+30 {
			t.Errorf("article %d has %d words, want %d..%d", i, words, o.MinWords, o.MaxWords)
		}
		if a.Title == "" || a.URL == "" || a.Source == "" || len(a.Authors) == 0 {
			t.Errorf("article %d lacks a field: %+v", i, a)
		}
		if a.PublishedAt.Before(o.Start) || a.PublishedAt.After(o.Start.AddDate(0, 0, o.Days+1)) {
			t.Errorf("article %d dated %s, outside the year", i, a.PublishedAt)
		}
	}
}

func TestQuestionFromItsArticle(t *testing.T) {
	c := New(DefaultOptions())
	for j := range 20 {
		q := c.Question(j, 100)
		a := c.Article(mustIndex(t, q.DocID), 100)
		subject := strings.Fields(a.Title)[0]
		if !strings.Contains(q.Text, subject) {
			t.Errorf("question %q does not name its article's subject %q", q.Text, subject)
		}
		if !q.Date.After(a.PublishedAt) {
			t.Errorf("question %d asked %s, before its article (%s)", j, q.Date, a.PublishedAt)
		}
	}
}

func mustIndex(t *testing.T, id string) int {
	t.Helper()
	var i int
	for _, c := range strings.TrimPrefix(id, "syn-") {
		i = i*10 + int(c-'0')
	}
	return i
}

func TestWriteDir(t *testing.T) {
	c := New(DefaultOptions())
	dir := t.TempDir()
	w, err := c.WriteDir(context.Background(), dir, 25, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Files) != 3 || w.Articles != 25 || w.Bytes == 0 {
		t.Fatalf("wrote %+v, want 3 files, 25 articles", w)
	}
	ids := map[string]bool{}
	for _, f := range w.Files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var rec record
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			ids[rec.ID] = true
		}
		fh.Close()
	}
	if len(ids) != 25 {
		t.Errorf("read %d distinct ids, want 25", len(ids))
	}
}

func TestArticlesFor(t *testing.T) {
	c := New(DefaultOptions())
	tests := []struct {
		name     string
		passages int
		lo, hi   int
	}{
		{"none", 0, 0, 0},
		{"one", 1, 1, 1},
		{"ten thousand", 10000, 1800, 2800},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.ArticlesFor(tt.passages, 200, 50); got < tt.lo || got > tt.hi {
				t.Errorf("ArticlesFor(%d) = %d, want %d..%d", tt.passages, got, tt.lo, tt.hi)
			}
		})
	}
}
