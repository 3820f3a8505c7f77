package retrieval

import (
	"strconv"
	"strings"
	"testing"

	"newsdesk/internal/news"
	"newsdesk/internal/testcorpus"
)

// sentencesOf returns n numbered sentences of words words each.
func sentencesOf(n, words int) []string {
	out := make([]string, n)
	for i := range out {
		w := make([]string, words)
		for j := range w {
			w[j] = "w" + strconv.Itoa(i)
		}
		w[0] = "S" + strconv.Itoa(i)
		out[i] = strings.Join(w, " ") + "."
	}
	return out
}

func TestChunk(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		opts      ChunkOptions
		passages  int
		maxWords  int  // no passage over this many words
		overlap   bool // consecutive passages share text
		firstText string
	}{
		{name: "short article is one passage", body: "The bridge closed. It reopens in spring.", opts: DefaultChunkOptions(),
			passages: 1, maxWords: 7, firstText: "The bridge closed. It reopens in spring."},
		{name: "empty body", body: "  \n ", opts: DefaultChunkOptions(), passages: 0},
		{name: "budget and overlap", body: strings.Join(sentencesOf(30, 10), " "), opts: ChunkOptions{MaxWords: 50, OverlapWords: 20},
			passages: 10, maxWords: 50, overlap: true},
		{name: "no overlap", body: strings.Join(sentencesOf(30, 10), " "), opts: ChunkOptions{MaxWords: 50},
			passages: 6, maxWords: 50},
		{name: "long sentence split at words", body: strings.Join(sentencesOf(1, 120), " "), opts: ChunkOptions{MaxWords: 50, OverlapWords: 10},
			passages: 3, maxWords: 50},
		{name: "paragraphs respected", body: strings.Join(sentencesOf(4, 10), " ") + "\n\n" + strings.Join(sentencesOf(4, 10), " "),
			opts: ChunkOptions{MaxWords: 50}, passages: 2, maxWords: 40, firstText: strings.Join(sentencesOf(4, 10), " ")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &news.Article{DocID: "doc", Body: tt.body}
			ps := Chunk(a, tt.opts)
			if len(ps) != tt.passages {
				t.Fatalf("%d passages, want %d: %q", len(ps), tt.passages, passageTexts(ps))
			}
			checkPassages(t, a, ps)
			for i, p := range ps {
				if n := countWords(p.Text); n > tt.maxWords {
					t.Errorf("passage %d has %d words, budget %d", i, n, tt.maxWords)
				}
				if i > 0 {
					if shared := p.Start < ps[i-1].End; shared != tt.overlap {
						t.Errorf("passage %d [%d,%d) after [%d,%d): overlap %v, want %v", i, p.Start, p.End, ps[i-1].Start, ps[i-1].End, shared, tt.overlap)
					}
				}
			}
			if tt.firstText != "" && ps[0].Text != tt.firstText {
				t.Errorf("first passage %q, want %q", ps[0].Text, tt.firstText)
			}
		})
	}
}

// checkPassages checks the invariants every chunking keeps: ids, positions,
// offsets, Text a substring of the body, whole sentences (or words), progress
// and coverage of every sentence.
func checkPassages(t *testing.T, a *news.Article, ps []Passage) {
	t.Helper()
	covered := 0
	for i, p := range ps {
		if p.ID != a.DocID+"#"+strconv.Itoa(i) || p.DocID != a.DocID || p.Position != i {
			t.Errorf("passage %d: id %q doc %q position %d", i, p.ID, p.DocID, p.Position)
		}
		if p.Start < 0 || p.End > len(a.Body) || p.Start >= p.End || p.Text != a.Body[p.Start:p.End] {
			t.Fatalf("passage %d: [%d,%d) text %q is not Body[Start:End]", i, p.Start, p.End, p.Text)
		}
		if i > 0 && (p.Start <= ps[i-1].Start || p.End <= ps[i-1].End) {
			t.Errorf("passage %d [%d,%d) does not advance past [%d,%d)", i, p.Start, p.End, ps[i-1].Start, ps[i-1].End)
		}
		if p.Start > covered && strings.TrimSpace(a.Body[covered:p.Start]) != "" {
			t.Errorf("text %q between passages is in none", a.Body[covered:p.Start])
		}
		covered = max(covered, p.End)
	}
	if rest := strings.TrimSpace(a.Body[covered:]); rest != "" {
		t.Errorf("trailing text %q is in no passage", rest)
	}
}

func passageTexts(ps []Passage) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Text)
	}
	return out
}

func TestChunkSeeds(t *testing.T) {
	for _, root := range []string{testcorpus.Seeds(t)} {
		for _, a := range readAll(t, root) {
			ps := Chunk(&a, DefaultChunkOptions())
			checkPassages(t, &a, ps)
			for _, p := range ps {
				if strings.Contains(p.Text, "Oct.\n") || strings.HasPrefix(p.Text, "7 attack") {
					t.Errorf("%s: passage split inside \"Oct. 7\": %.40q", p.ID, p.Text)
				}
			}
		}
	}
}

func BenchmarkChunk(b *testing.B) {
	bodies := benchBodies(b)
	arts := make([]news.Article, len(bodies))
	total := 0
	for i, s := range bodies {
		arts[i] = news.Article{DocID: strconv.Itoa(i), Body: s}
		total += len(s)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for range b.N {
		for i := range arts {
			Chunk(&arts[i], DefaultChunkOptions())
		}
	}
}
