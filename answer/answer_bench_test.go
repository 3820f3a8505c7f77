package answer

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/synth"
	"newsdesk/retrieval"
	"newsdesk/retrieval/corpus"
)

// BenchmarkAnswer times an extractive answer end to end, as `ask` gives it
// with the index loaded: search of the real index, then the answer. It runs
// on the realtimeqa corpus with its dev questions (when present) and on a
// synthetic corpus of 10k passages, and reports p50 and p99.
//
//	go test -run '^$' -bench Answer -benchtime 200x ./answer/
func BenchmarkAnswer(b *testing.B) {
	b.Run("realtimeqa", func(b *testing.B) {
		const dir = "../../shared/eval/realtimeqa"
		if _, err := os.Stat(filepath.Join(dir, "corpus.jsonl")); err != nil {
			b.Skip("realtimeqa not present")
		}
		ix := benchIndex(b, filepath.Join(dir, "corpus.jsonl"))
		benchAnswers(b, ix, devQuestions(b, filepath.Join(dir, "dev.jsonl")))
	})
	b.Run("synth-10k", func(b *testing.B) {
		c := synth.New(synth.DefaultOptions())
		n := c.ArticlesFor(10_000, 200, 50)
		corpus := b.TempDir()
		if _, err := c.WriteDir(context.Background(), corpus, n, 1000); err != nil {
			b.Fatal(err)
		}
		ix := benchIndex(b, corpus)
		var qs []news.Question
		for j := range 200 {
			q := c.Question(j, n)
			qs = append(qs, news.Question{Text: q.Text, Date: q.Date})
		}
		benchAnswers(b, ix, qs)
	})
}

func benchIndex(b *testing.B, corpus string) *retrieval.Index {
	b.Helper()
	ctx := context.Background()
	o := retrieval.DefaultOptions()
	o.Dir = b.TempDir()
	ix, err := retrieval.Open(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ix.Ingest(ctx, []string{corpus}, nil); err != nil {
		b.Fatal(err)
	}
	return ix
}

func devQuestions(b *testing.B, path string) []news.Question {
	b.Helper()
	fh, err := os.Open(path)
	if err != nil {
		b.Skip("no dev questions: ", err)
	}
	defer fh.Close()
	var out []news.Question
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var q struct {
			Question     string `json:"question"`
			QuestionDate string `json:"question_date"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			b.Fatal(err)
		}
		d, _ := corpus.ParseDate(q.QuestionDate)
		out = append(out, news.Question{Text: q.Question, Date: d})
	}
	return out
}

func benchAnswers(b *testing.B, ix *retrieval.Index, qs []news.Question) {
	svc, err := New(ix, DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t0 := time.Now()
		if _, err := svc.Answer(ctx, qs[i%len(qs)], nil); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		i++
	}
	slices.Sort(times)
	pct := func(p int) float64 {
		k := min(max((p*len(times)+99)/100, 1), len(times)) - 1
		return float64(times[k]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(50), "p50-ms")
	b.ReportMetric(pct(99), "p99-ms")
}
