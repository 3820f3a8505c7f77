package sample

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
	"newsdesk/retrieval/corpus"
	"newsdesk/retrieval/neardup"
)

// readSample writes the sample corpus out and reads it back with the corpus
// readers, failing on any skipped input.
func readSample(t *testing.T) []news.Article {
	t.Helper()
	dir := t.TempDir()
	if err := WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	var arts []news.Article
	opts := corpus.DefaultReaderOptions()
	skip := func(s news.Skipped) { t.Errorf("skipped: %v", s) }
	files, err := corpus.Walk(context.Background(), []string{dir}, opts, skip)
	for _, f := range files {
		if err == nil {
			err = corpus.Read(f, opts, func(a news.Article) error { arts = append(arts, a); return nil }, skip)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

func TestSampleCorpusReads(t *testing.T) {
	arts := readSample(t)
	if len(arts) < 6 || len(arts) > 8 {
		t.Fatalf("%d articles, want 6 to 8", len(arts))
	}
	outlets := map[string]bool{}
	for _, a := range arts {
		if a.Title == "" || a.Source == "" || a.PublishedAt.IsZero() || len(a.Authors) == 0 {
			t.Errorf("%s: missing metadata: title %q source %q date %v authors %q", a.DocID, a.Title, a.Source, a.PublishedAt, a.Authors)
		}
		if a.PublishedAt.Year() != 2026 {
			t.Errorf("%s: dated %v, want 2026", a.DocID, a.PublishedAt)
		}
		if n := len(strings.Fields(a.Body)); n < 150 || n > 400 {
			t.Errorf("%s: %d words, want 150 to 400", a.DocID, n)
		}
		for _, junk := range []string{"<", "RIVERSIDE —", "By Elena", "By Jordan", "window.analytics", "Most read", "All rights reserved"} {
			if strings.Contains(a.Body, junk) {
				t.Errorf("%s: body holds %q", a.DocID, junk)
			}
		}
		outlets[a.Source] = true
	}
	for _, o := range []string{"Riverside Courier", "Valley Herald", "Metro Wire"} {
		if !outlets[o] {
			t.Errorf("no article from %s", o)
		}
	}
}

func TestSampleCorpusFormats(t *testing.T) {
	var exts []string
	err := fs.WalkDir(FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if i := strings.LastIndexByte(path, '.'); i >= 0 && !slices.Contains(exts, path[i:]) {
				exts = append(exts, path[i:])
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(exts)
	if want := []string{".html", ".json", ".jsonl", ".md", ".txt"}; !slices.Equal(exts, want) {
		t.Errorf("formats %q, want %q", exts, want)
	}
}

// The README's quick-start question must be answerable from the sample, and
// the bridge story must be told by two outlets that are not near-duplicates.
func TestSampleBridgeStory(t *testing.T) {
	arts := readSample(t)
	var bridge []news.Article
	for _, a := range arts {
		if strings.Contains(a.Body, "Old Mill Bridge") && strings.Contains(a.Title, "ridge") {
			bridge = append(bridge, a)
		}
	}
	if len(bridge) < 2 || bridge[0].Source == bridge[1].Source {
		t.Fatalf("bridge story covered by %d articles, want two outlets", len(bridge))
	}
	answered := false
	for _, a := range bridge {
		for _, s := range text.Sentences(a.Body) {
			sent := strings.ToLower(a.Body[s.Start:s.End])
			if strings.Contains(sent, "council") && strings.Contains(sent, "close") && strings.Contains(sent, "corroded steel supports") {
				answered = true
			}
		}
	}
	if !answered {
		t.Error("no sentence says why the council closed the bridge")
	}
	sk := make([]neardup.Sketch, len(arts))
	for i := range arts {
		sk[i] = neardup.NewSketch(arts[i].Body)
	}
	groups := neardup.Group(sk, neardup.DefaultThreshold)
	seen := map[int]string{}
	for i, g := range groups {
		if other, ok := seen[g]; ok {
			t.Errorf("%s and %s are near-duplicates", other, arts[i].DocID)
		}
		seen[g] = arts[i].DocID
	}
}
