package answer

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk/answer/llm"
	"newsdesk/internal/news"
	"newsdesk/internal/openaifake"
	"newsdesk/prompts"
	"newsdesk/retrieval"
)

// datedSearcher is a Searcher of fixed results that knows its newest
// article's date, as *retrieval.Index does.
type datedSearcher struct {
	results []retrieval.Result
	newest  time.Time
}

func (s datedSearcher) Search(context.Context, retrieval.Query) ([]retrieval.Result, error) {
	return s.results, nil
}

func (s datedSearcher) Newest(time.Time) time.Time { return s.newest }

// passageResult is a search result whose passage is the part of body
// that holds from, up to the end of that sentence, as a chunk would be.
func passageResult(rank, group int, docID, outlet, body, from string) retrieval.Result {
	a := news.Article{DocID: docID, Title: "Report " + docID, Source: outlet, Body: body, PublishedAt: time.Date(2024, 1, 25, 0, 0, 0, 0, time.UTC)}
	start := strings.Index(body, from)
	end := start + strings.Index(body[start:], ". ") + 1
	return retrieval.Result{Rank: rank, Group: group, Article: a,
		Passage: retrieval.Passage{ID: docID + "#1", DocID: docID, Position: 1, Start: start, End: end, Text: body[start:end]}}
}

// filler is article text about something else, so that the passages are
// parts of their articles, not the whole of them.
const filler = "The weather in the region was cold and wet for most of the week, forecasters said. Schools reopened after the holiday break on Monday. "

func keremResults() []retrieval.Result {
	cnn := filler + "Israeli protesters blocked aid trucks at the Kerem Shalom crossing on Thursday, holding them up for hours. " +
		"As a result, only nine trucks were able to enter there, the UN said. " + filler
	post := filler + "Protesters at the Kerem Shalom crossing held up aid trucks again on Friday, the Post reported. " +
		"The army said it would keep the crossing open. " + filler
	return []retrieval.Result{
		passageResult(1, 1, "cnn-kerem", "CNN", cnn, "Israeli protesters blocked"),
		passageResult(2, 2, "post-kerem", "The Washington Post", post, "Protesters at the Kerem Shalom"),
	}
}

// chatService is a Service over search whose Generator is the real Chat
// client talking to a fake OpenAI-compatible server.
func chatService(t *testing.T, search Searcher, fake *openaifake.Server) *Service {
	t.Helper()
	tmpl, err := prompts.New()
	if err != nil {
		t.Fatal(err)
	}
	co := llm.DefaultOptions()
	co.BaseURL, co.Model, co.Stream, co.MaxRetries = fake.URL, "fake-model", false, 0
	chat, err := llm.New(co, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	opts := DefaultOptions()
	opts.Generator = chat
	svc, err := New(search, opts)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestGeneratorReadsWhatTheReaderFound checks what the model is sent: the
// sentence after the retrieved passage, which answers, the corpus's newest
// date, and for a question that names an outlet only that outlet's
// passages.
func TestGeneratorReadsWhatTheReaderFound(t *testing.T) {
	newest := time.Date(2024, 1, 26, 15, 0, 0, 0, time.UTC)
	search := datedSearcher{results: keremResults(), newest: newest}
	tests := []struct {
		name     string
		question string
		want     []string // in the user message
		unwanted []string
	}{
		{"the answering neighbour and the newest date", "How many aid trucks got through at Kerem Shalom when protesters held them up?",
			[]string{"only nine trucks were able to enter there", "The newest article in the news corpus is from 2024-01-26"}, nil},
		{"only the outlet named", "What does the Washington Post report about the aid trucks at Kerem Shalom?",
			[]string{"Outlet: The Washington Post", "held up aid trucks again on Friday"}, []string{"Outlet: CNN", "nine trucks"}},
	}
	t.Run("an outlet with nothing here: no model", func(t *testing.T) {
		fake := openaifake.New(t)
		fake.SetChat(func(openaifake.Request) openaifake.Reply {
			return openaifake.Reply{Content: "Nine trucks got through [1]."}
		})
		a, err := chatService(t, search, fake).Answer(context.Background(), news.Question{Text: "What does Reuters report about the aid trucks at Kerem Shalom?", Date: newest}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(fake.Requests()); n != 0 || !a.Refused || !strings.Contains(a.Text, "Reuters") {
			t.Errorf("%d requests, answer %+v; want the reader's refusal naming Reuters and no model call", n, a)
		}
	})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := openaifake.New(t)
			fake.SetChat(func(openaifake.Request) openaifake.Reply {
				return openaifake.Reply{Content: "Nine trucks got through [1]."}
			})
			a, err := chatService(t, search, fake).Answer(context.Background(), news.Question{Text: tc.question, Date: newest.Add(24 * time.Hour)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			reqs := fake.Requests()
			if len(reqs) != 1 || a.Note != "" {
				t.Fatalf("%d requests, note %q; want the model's answer", len(reqs), a.Note)
			}
			user := reqs[0].User()
			for _, w := range tc.want {
				if !strings.Contains(user, w) {
					t.Errorf("the prompt lacks %q:\n%s", w, user)
				}
			}
			for _, w := range tc.unwanted {
				if strings.Contains(user, w) {
					t.Errorf("the prompt holds %q:\n%s", w, user)
				}
			}
			if strings.Count(user, "only nine trucks") > 1 {
				t.Errorf("overlapping passages are sent twice:\n%s", user)
			}
		})
	}
}

func TestEvidenceJoinsOverlaps(t *testing.T) {
	body := filler + "Burns met Barnea in Paris on Sunday. Kamel joined them on Monday. Qatar's prime minister came too. " + filler
	r1 := passageResult(1, 1, "a", "CNN", body, "Burns met Barnea")
	r2 := passageResult(2, 1, "a", "CNN", body, "Kamel joined")
	r3 := passageResult(3, 2, "b", "AP", "Burns met Barnea in Paris on Sunday, AP said. "+filler, "Burns met Barnea")
	an := analyze("Who did Burns meet in Paris?", time.Time{})
	got := an.readerEvidence([]retrieval.Result{r1, r2, r3}, 8)
	docs := map[string]int{}
	for _, r := range got {
		docs[r.Article.DocID]++
		if r.Article.Body[r.Passage.Start:r.Passage.End] != r.Passage.Text {
			t.Errorf("passage %q is not its article's text", r.Passage.Text)
		}
	}
	if docs["a"] != 1 || docs["b"] != 1 {
		t.Fatalf("evidence %v: want each article's passages joined into one", docs)
	}
	for i, r := range got {
		if r.Rank != i+1 {
			t.Errorf("rank %d at %d", r.Rank, i)
		}
	}
}
