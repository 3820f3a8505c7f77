package answer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

func TestIsFollowUp(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"and who heads Egypt's intelligence service?", true},
		{"What about Qatar?", true},
		{"how about Egypt", true},
		{"What did he say about Qatar?", true},
		{"When did they meet?", true},
		{"Why does it matter?", true},
		{"How many?", true},
		{"Who is the director of Israel's Mossad?", false},
		{"How many hostages were freed during the weeklong pause in November?", false},
		{"Who is the White House coordinator for the Middle East?", false},
	}
	for _, tt := range tests {
		if got := isFollowUp(tt.q); got != tt.want {
			t.Errorf("isFollowUp(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestRewriteFollowUps(t *testing.T) {
	tests := []struct {
		name    string
		history []string
		q       string
		want    []string // words the rewrite must hold
		wantNot []string // words it must not hold
	}{
		{"no history", nil, "and who heads Egypt's intelligence service?", []string{"and who heads"}, nil},
		{"own names replace earlier names", []string{"Who is the director of Mossad?"}, "and who heads Egypt's intelligence service?",
			[]string{"who heads Egypt's intelligence service", "director"}, []string{"Mossad", "and who"}},
		{"what about: question word and topic carried", []string{"Who is the director of Mossad?"}, "what about Qatar?",
			[]string{"who", "Qatar", "director"}, []string{"Mossad", "about"}},
		{"pronoun carries names", []string{"What did Netanyahu say about Qatar?"}, "When did he say it?",
			[]string{"When did he say it", "Netanyahu", "Qatar"}, nil},
		{"not a follow-up", []string{"Who is the director of Mossad?"}, "How many hostages were freed in November?",
			[]string{"How many hostages were freed in November?"}, []string{"director", "Mossad"}},
		{"chain", []string{"How many hostages were freed in November?", "and in the October attack?"}, "what about Americans?",
			[]string{"how many", "Americans", "hostages"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := news.Question{Text: tt.q}
			for _, h := range tt.history {
				q.History = append(q.History, news.Turn{Question: h, Answer: "…"})
			}
			got := rewriteFollowUps(q)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("rewrite %q lacks %q", got, w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("rewrite %q holds %q", got, w)
				}
			}
		})
	}
}

// TestFollowUpAnswers asks follow-ups of the seed corpus offline.
func TestFollowUpAnswers(t *testing.T) {
	svc, err := New(newTermSearcher(loadSeeds(t)), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	first := news.Turn{Question: "Who is the director of Mossad?", Answer: "David Barnea [1]"}
	tests := []struct {
		q    string
		want string
	}{
		{"and who heads Egypt's intelligence service?", "Kamel"},
		{"what about Qatar?", "Al Thani"},
	}
	for _, tt := range tests {
		a, err := svc.Answer(context.Background(), news.Question{Text: tt.q, History: []news.Turn{first}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Refused || !strings.Contains(a.Text, tt.want) {
			t.Errorf("%q after %q (searched %q) = %q, want it to name %s", tt.q, first.Question, a.Query, a.Text, tt.want)
		}
		checkContract(t, a)
	}
}

func TestFollowUpWithGenerator(t *testing.T) {
	tests := []struct {
		name       string
		standalone func(news.Question) (string, error)
		wantQuery  string
	}{
		{"generator rewrites", func(news.Question) (string, error) { return "Who heads Egypt's intelligence service?", nil },
			"Who heads Egypt's intelligence service?"},
		{"generator fails: offline rewrite", func(news.Question) (string, error) { return "", errors.New("timeout") },
			"who heads Egypt's intelligence service director?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var searched string
			search := searchFunc(func(_ context.Context, q retrieval.Query) ([]retrieval.Result, error) {
				searched = q.Text
				return spyResults(), nil
			})
			opts := DefaultOptions()
			opts.Generator = funcGenerator{standalone: tt.standalone}
			svc, err := New(search, opts)
			if err != nil {
				t.Fatal(err)
			}
			q := news.Question{Text: "and who heads Egypt's intelligence service?", History: []news.Turn{{Question: "Who is the director of Mossad?"}}}
			a, err := svc.Answer(context.Background(), q, nil)
			if err != nil {
				t.Fatal(err)
			}
			if searched != tt.wantQuery || a.Query != tt.wantQuery {
				t.Errorf("searched %q, Query %q; want %q", searched, a.Query, tt.wantQuery)
			}
		})
	}
}
