package answer

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// TestRealtimeQA measures the extractive Service on the RealTime QA dev
// questions over their 3,827-article corpus: how often the answer holds
// the right choice, how often it refuses, and how often the right choice
// was in the passages at all. It is a measurement, not a gate: set
// NEWSDESK_RTQA=1 to run it (it ingests the corpus, a minute or so). It
// fails only when most answerable questions are refused.
func TestRealtimeQA(t *testing.T) {
	if os.Getenv("NEWSDESK_RTQA") == "" {
		t.Skip("set NEWSDESK_RTQA=1 to measure on the RealTime QA corpus")
	}
	const dir = "../../shared/eval/realtimeqa"
	opts := retrieval.DefaultOptions()
	opts.Dir = t.TempDir()
	ix, err := retrieval.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Ingest(context.Background(), []string{dir + "/corpus.jsonl"}, nil); err != nil {
		t.Fatal(err)
	}
	svc, err := New(ix, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(dir + "/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var total, right, refused, reachable, refusedReachable int
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var q struct {
			ID, Question, Answer string
			QuestionDate         string `json:"question_date"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		date, _ := time.Parse("2006/01/02", q.QuestionDate)
		gold := strings.ToLower(strings.Trim(q.Answer, "“”\" "))
		a, err := svc.Answer(context.Background(), news.Question{Text: q.Question, Date: date}, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, _ := ix.Search(context.Background(), retrieval.Query{Text: q.Question, Date: date, K: 8})
		inPassages := false
		for _, r := range res {
			inPassages = inPassages || strings.Contains(strings.ToLower(r.Passage.Text), gold)
		}
		total++
		if inPassages {
			reachable++
		}
		switch {
		case a.Refused:
			refused++
			if inPassages {
				refusedReachable++
				t.Logf("refused though the passages hold %q: %s\n  %s", gold, q.Question, a.Text)
			}
		case strings.Contains(strings.ToLower(a.Text), gold):
			right++
		case inPassages && os.Getenv("NEWSDESK_RTQA") == "v":
			t.Logf("missed %q though the passages hold it: %s\n  %s", gold, q.Question, a.Text)
		}
	}
	t.Logf("%d questions: answer holds the right choice %d, refused %d; right choice in the passages %d, of which refused %d",
		total, right, refused, reachable, refusedReachable)
	if reachable > 0 && 2*refusedReachable > reachable {
		t.Errorf("refused %d of %d questions whose passages hold the answer", refusedReachable, reachable)
	}
}
