package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"newsdesk/internal/news"
	"newsdesk/internal/openairetry"
	"newsdesk/retrieval"
)

// searchFunc is a Searcher made of a function.
type searchFunc func(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)

func (f searchFunc) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error) {
	return f(ctx, q)
}

// fixedResults returns a Searcher that always finds results.
func fixedResults(results []retrieval.Result) Searcher {
	return searchFunc(func(context.Context, retrieval.Query) ([]retrieval.Result, error) { return results, nil })
}

// funcGenerator is a Generator made of closures; a nil closure fails.
type funcGenerator struct {
	answer     func(question string, sources []news.Source, onDelta func(string)) (news.Generated, error)
	standalone func(q news.Question) (string, error)
}

func (g funcGenerator) Answer(ctx context.Context, question string, history []news.Turn, sources []news.Source, asked news.Asked, onDelta func(string)) (news.Generated, error) {
	if g.answer == nil {
		return news.Generated{}, errors.New("no answer func")
	}
	return g.answer(question, sources, onDelta)
}

func (g funcGenerator) Standalone(ctx context.Context, q news.Question) (string, error) {
	if g.standalone == nil {
		return "", errors.New("no standalone func")
	}
	return g.standalone(q)
}

var _ Generator = funcGenerator{}

// result builds a search result from one passage that is the whole body.
func result(rank, group int, docID, outlet, body string) retrieval.Result {
	a := news.Article{DocID: docID, Title: "Title of " + docID, Source: outlet, URL: "https://example.com/" + docID, Body: body}
	return retrieval.Result{
		Rank: rank, Group: group, Article: a,
		Passage: retrieval.Passage{ID: docID + "#0", DocID: docID, Start: 0, End: len(body), Text: body},
	}
}

// spyResults are three articles, two of them versions of one report; the
// second version is the more complete (a generator is given that one).
func spyResults() []retrieval.Result {
	return []retrieval.Result{
		result(1, 7, "cnn-1.txt", "CNN", "(CNN) — Mossad director David Barnea met CIA Director Bill Burns in Paris on Sunday. The talks were described as productive by officials."),
		result(2, 7, "cnn-2.txt", "CNN", "Mossad director David Barnea met CIA Director Bill Burns in Paris on Sunday. The talks were described as productive by officials. This story has been updated."),
		result(3, 9, "post.txt", "The Washington Post", "Abbas Kamel, head of Egypt's intelligence service, joined the talks in Paris. Qatar's prime minister is expected to travel to Washington next week."),
	}
}

func TestAnswerWithGenerator(t *testing.T) {
	tests := []struct {
		name       string
		reply      string
		err        error
		refused    bool
		wantText   string // exact, when set
		wantDocs   []string
		wantNote   string // substring of Note; "" means no note
		wantRefuse bool
	}{
		{name: "valid markers", reply: "Barnea heads Mossad [1]. Kamel heads Egypt's service [2].",
			wantText: "Barnea heads Mossad [1]. Kamel heads Egypt's service [2].", wantDocs: []string{"cnn-2.txt", "post.txt"}},
		{name: "renumbered in order of first citation", reply: "Kamel heads Egypt's service [2]. Barnea heads Mossad [1].",
			wantText: "Kamel heads Egypt's service [1]. Barnea heads Mossad [2].", wantDocs: []string{"post.txt", "cnn-2.txt"}},
		{name: "out-of-range marker dropped", reply: "Barnea heads Mossad [1][7]. Kamel is in Paris [3].",
			wantText: "Barnea heads Mossad [1]. Kamel is in Paris.", wantDocs: []string{"cnn-2.txt"}},
		{name: "only invalid markers falls back", reply: "Barnea heads Mossad [7].",
			wantNote: "cited no article", wantDocs: []string{"cnn-1.txt"}},
		{name: "timeout", err: &openairetry.Error{Kind: openairetry.KindTimeout, Err: context.DeadlineExceeded},
			wantNote: "The language model timed out; this answer was extracted", wantDocs: []string{"cnn-1.txt"}},
		{name: "rate limit", err: &openairetry.Error{Kind: openairetry.KindRateLimited, Err: errors.New("429 Too Many Requests")},
			wantNote: "rate-limiting", wantDocs: []string{"cnn-1.txt"}},
		{name: "server error", err: &openairetry.Error{Kind: openairetry.KindServer, Err: errors.New("500 internal")},
			wantNote: "service had an error", wantDocs: []string{"cnn-1.txt"}},
		{name: "malformed reply", err: &openairetry.Error{Kind: openairetry.KindMalformed, Err: errors.New("invalid character '<'")},
			wantNote: "malformed reply", wantDocs: []string{"cnn-1.txt"}},
		{name: "stream cut", err: &openairetry.Error{Kind: openairetry.KindStreamCut, Err: errors.New("unexpected EOF")},
			wantNote: "cut off", wantDocs: []string{"cnn-1.txt"}},
		{name: "unknown error", err: errors.New("goroutine 1 [running]: panic"),
			wantNote: "The language model failed", wantDocs: []string{"cnn-1.txt"}},
		{name: "refused", refused: true, wantRefuse: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotSources []news.Source
			var streamed strings.Builder
			gen := funcGenerator{answer: func(q string, sources []news.Source, onDelta func(string)) (news.Generated, error) {
				gotSources = sources
				if tt.err != nil {
					return news.Generated{}, tt.err
				}
				onDelta(tt.reply)
				return news.Generated{Text: tt.reply, Refused: tt.refused}, nil
			}}
			opts := DefaultOptions()
			opts.Generator = gen
			svc, err := New(fixedResults(spyResults()), opts)
			if err != nil {
				t.Fatal(err)
			}
			a, err := svc.Answer(context.Background(), news.Question{Text: "Who is the director of Mossad?"}, func(s string) { streamed.WriteString(s) })
			if err != nil {
				t.Fatalf("Answer: %v", err)
			}
			if len(gotSources) != 2 {
				t.Errorf("generator got %d sources, want 2 (the two CNN versions are one)", len(gotSources))
			}
			if tt.err == nil && streamed.String() != tt.reply {
				t.Errorf("streamed %q, want %q", streamed.String(), tt.reply)
			}
			if a.Refused != tt.wantRefuse {
				t.Fatalf("Refused = %v, want %v (text %q)", a.Refused, tt.wantRefuse, a.Text)
			}
			if tt.wantRefuse {
				if len(a.Citations) != 0 || !strings.Contains(a.Text, "couldn't find") {
					t.Errorf("refusal = %+v", a)
				}
				return
			}
			if tt.wantText != "" && a.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", a.Text, tt.wantText)
			}
			if got := citedDocs(a); fmt.Sprint(got) != fmt.Sprint(tt.wantDocs) {
				t.Errorf("cited %v, want %v", got, tt.wantDocs)
			}
			if tt.wantNote == "" && a.Note != "" || !strings.Contains(a.Note, tt.wantNote) {
				t.Errorf("Note = %q, want it to contain %q", a.Note, tt.wantNote)
			}
			if tt.err != nil && strings.Contains(a.Note, tt.err.Error()) {
				t.Errorf("Note %q shows the raw error", a.Note)
			}
			if strings.Contains(a.Note, "\n") {
				t.Errorf("Note %q is not one line", a.Note)
			}
			checkContract(t, a)
		})
	}
}

// citedDocs lists the cited doc ids in citation order.
func citedDocs(a news.Answer) []string {
	var out []string
	for _, c := range a.Citations {
		out = append(out, c.DocID)
	}
	return out
}

// checkContract checks that every marker has its citation, every citation
// is cited, numbers run 1..n, and each quote is text of a retrieved passage.
func checkContract(t *testing.T, a news.Answer) {
	t.Helper()
	cited := markersIn(a.Text)
	if len(cited) != len(a.Citations) {
		t.Errorf("markers %v but %d citations in %q", cited, len(a.Citations), a.Text)
	}
	for i, c := range a.Citations {
		if c.N != i+1 {
			t.Errorf("citation %d has N %d", i, c.N)
		}
		if i < len(cited) && cited[i] != i+1 {
			t.Errorf("marker %d first cited in position %d: not numbered in order", cited[i], i+1)
		}
		if c.Quote == "" {
			t.Errorf("citation %d has no quote", c.N)
		}
	}
}

func TestAnswerExtractiveDeduplicatesGroups(t *testing.T) {
	svc, err := New(fixedResults(spyResults()), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.Answer(context.Background(), news.Question{Text: "Who met CIA director Burns in Paris?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, a)
	groups := map[string]bool{}
	for _, c := range a.Citations {
		g := "post"
		if strings.HasPrefix(c.DocID, "cnn") {
			g = "cnn"
		}
		if groups[g] {
			t.Errorf("two citations of one report: %v", citedDocs(a))
		}
		groups[g] = true
	}
	if strings.Count(a.Text, "David Barnea met") > 1 {
		t.Errorf("the same sentence twice: %q", a.Text)
	}
	if strings.Contains(a.Text, "(CNN)") {
		t.Errorf("dateline left in %q", a.Text)
	}
}

func TestUnknownGroupsStayApart(t *testing.T) {
	results := spyResults()
	for i := range results {
		results[i].Group = -1
	}
	sources := numberSources(results)
	if len(sources) != 3 {
		t.Errorf("%d sources from three articles of unknown groups, want 3", len(sources))
	}
}

func TestAnswerSearchFails(t *testing.T) {
	boom := errors.New("index closed")
	svc, err := New(searchFunc(func(context.Context, retrieval.Query) ([]retrieval.Result, error) { return nil, boom }), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Answer(context.Background(), news.Question{Text: "Who heads Mossad?"}, nil); !errors.Is(err, boom) {
		t.Errorf("err = %v, want it to wrap %v", err, boom)
	}
}

func TestAnswerRefuses(t *testing.T) {
	tests := []struct {
		name, question string
		results        []retrieval.Result
	}{
		{"no results", "Who heads Mossad?", nil},
		{"name missing from passages", "Who won the World Series?", spyResults()},
		{"most words missing", "how do i bake sourdough bread", spyResults()},
		{"no content words", "what is it?", spyResults()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			opts := DefaultOptions()
			opts.Generator = funcGenerator{answer: func(string, []news.Source, func(string)) (news.Generated, error) {
				called = true
				return news.Generated{Text: "Made up [1]."}, nil
			}}
			svc, err := New(fixedResults(tt.results), opts)
			if err != nil {
				t.Fatal(err)
			}
			a, err := svc.Answer(context.Background(), news.Question{Text: tt.question}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Refused || len(a.Citations) != 0 || !strings.HasPrefix(a.Text, notFound) {
				t.Errorf("answer = %+v, want a refusal", a)
			}
			if called {
				t.Errorf("the generator was asked although the evidence lacks the question's terms")
			}
		})
	}
}

func TestNewValidates(t *testing.T) {
	search := fixedResults(nil)
	tests := []struct {
		name    string
		search  Searcher
		mutate  func(*Options)
		wantErr bool
	}{
		{"defaults", search, func(*Options) {}, false},
		{"zero options are refused (New fills in nothing)", search, func(o *Options) { *o = Options{} }, true},
		{"no searcher", nil, func(*Options) {}, true},
		{"negative passages", search, func(o *Options) { o.Passages = -1 }, true},
		{"negative sentences", search, func(o *Options) { o.MaxSentences = -2 }, true},
		{"cover above one", search, func(o *Options) { o.MinCover = 1.5 }, true},
		{"negative ratio", search, func(o *Options) { o.KeepRatio = -0.1 }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := DefaultOptions()
			tt.mutate(&opts)
			_, err := New(tt.search, opts)
			if (err != nil) != tt.wantErr {
				t.Errorf("New err = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}
