package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsdesk/answer"
	"newsdesk/answer/digest"
	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// docIDTitle matches a title that is a doc id or a file name.
var docIDTitle = regexp.MustCompile(`^rtqa-[0-9a-f]+$|\.(txt|md|html?|jsonl?)$`)

// TestRealtimeQAReadsClean checks, over the whole realtimeqa corpus, what
// a reader sees: no gallery text ("Hide Caption 14 of 44") in any digest
// story or in the answers to the dev questions and to questions about the
// galleries' subjects, and no source titled with a doc id or a file name.
func TestRealtimeQAReadsClean(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests the realtimeqa corpus")
	}
	if _, err := os.Stat(realtimeqa); err != nil {
		t.Skip("realtimeqa corpus not present")
	}
	ctx := context.Background()
	o := retrieval.DefaultOptions()
	o.Dir = t.TempDir()
	ix, err := retrieval.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Ingest(ctx, []string{realtimeqa}, nil); err != nil {
		t.Fatal(err)
	}
	dirty := func(s string) bool { return strings.Contains(s, "Hide Caption") }

	t.Run("digest of the whole corpus", func(t *testing.T) {
		do := digest.DefaultOptions()
		do.MaxStories = 10000
		dg, err := mustDigester(t, ix, do).Period(ctx, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Now())
		if err != nil || len(dg.Stories) < 1000 {
			t.Fatalf("%d stories, %v", len(dg.Stories), err)
		}
		for _, st := range dg.Stories {
			if dirty(st.Headline) || dirty(st.Summary) || docIDTitle.MatchString(st.Headline) {
				t.Errorf("story %q: %q", st.Headline, st.Summary)
			}
			for _, c := range st.Citations {
				if c.Title == "" || docIDTitle.MatchString(c.Title) || dirty(c.Quote) {
					t.Errorf("story %q: source [%d] titled %q, quoting %q", st.Headline, c.N, c.Title, c.Quote)
				}
			}
		}
	})

	t.Run("answers", func(t *testing.T) {
		svc, err := answer.New(ix, answer.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		qs := []news.Question{
			{Text: "Where did deadly flooding hit in western Europe?", Date: time.Date(2021, 7, 20, 0, 0, 0, 0, time.UTC)},
			{Text: "Where was Shinzo Abe shot?", Date: time.Date(2022, 7, 9, 0, 0, 0, 0, time.UTC)},
			{Text: "Where was Boris Johnson seen at 15?", Date: time.Date(2022, 6, 7, 0, 0, 0, 0, time.UTC)},
			{Text: "Which buildings were destroyed in Irpin, Ukraine?", Date: time.Date(2022, 6, 20, 0, 0, 0, 0, time.UTC)},
		}
		qs = append(qs, devQuestions(t, filepath.Join(filepath.Dir(realtimeqa), "dev.jsonl"))...)
		for _, q := range qs {
			a, err := svc.Answer(ctx, q, nil)
			if err != nil {
				t.Fatal(err)
			}
			if dirty(a.Text) {
				t.Errorf("%q: answer %q", q.Text, a.Text)
			}
			for _, c := range a.Citations {
				if dirty(c.Quote) || c.Title == "" || docIDTitle.MatchString(c.Title) {
					t.Errorf("%q: source [%d] titled %q, quoting %q", q.Text, c.N, c.Title, c.Quote)
				}
			}
		}
	})
}

func mustDigester(t *testing.T, ix *retrieval.Index, o digest.Options) *digest.Digester {
	t.Helper()
	d, err := digest.New(ix, o)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// devQuestions reads the questions of a batch file, each as of its date.
func devQuestions(t *testing.T, path string) []news.Question {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []news.Question
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct {
			Question     string `json:"question"`
			QuestionDate string `json:"question_date"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		d, _ := time.Parse("2006/01/02", r.QuestionDate)
		out = append(out, news.Question{Text: r.Question, Date: d})
	}
	return out
}
