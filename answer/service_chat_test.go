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
)

// TestServiceWithChat drives the Service with the real Chat client against
// a fake OpenAI-compatible server: every failure of the model ends in the
// extractive answer with a one-line note, never an error or a raw message.
func TestServiceWithChat(t *testing.T) {
	tests := []struct {
		name     string
		reply    openaifake.Reply
		stream   bool
		wantText string // substring of the answer
		wantNote string // substring of the note; "" means none
	}{
		{name: "normal reply", reply: openaifake.Reply{Content: "David Barnea heads Mossad [1]."},
			wantText: "David Barnea heads Mossad [1]."},
		{name: "streamed reply", stream: true, reply: openaifake.Reply{Content: "David Barnea heads Mossad [1]."},
			wantText: "David Barnea heads Mossad [1]."},
		{name: "out-of-range marker only", reply: openaifake.Reply{Content: "David Barnea heads Mossad [7]."},
			wantText: "Barnea", wantNote: "cited no article"},
		{name: "server error", reply: openaifake.Reply{Status: 500, Body: `{"error":{"message":"boom at main.go:12"}}`},
			wantText: "Barnea", wantNote: "service had an error"},
		{name: "rate limited", reply: openaifake.Reply{Status: 429, RetryAfter: "0"},
			wantText: "Barnea", wantNote: "rate-limiting"},
		{name: "malformed JSON", reply: openaifake.Reply{Body: `{"choices": [`},
			wantText: "Barnea", wantNote: "malformed"},
		{name: "timeout", reply: openaifake.Reply{Delay: 2 * time.Second, Content: "late [1]."},
			wantText: "Barnea", wantNote: "timed out"},
		{name: "stream cut", stream: true, reply: openaifake.Reply{Content: "David Barnea heads the agency [1] and more words follow here.", CutAfter: 2, Abort: true},
			wantText: "Barnea", wantNote: "cut off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := openaifake.New(t)
			fake.SetChat(func(openaifake.Request) openaifake.Reply { return tt.reply })
			tmpl, err := prompts.New()
			if err != nil {
				t.Fatal(err)
			}
			co := llm.DefaultOptions()
			co.BaseURL, co.Model, co.Stream = fake.URL, "fake-model", tt.stream
			co.MaxRetries, co.Timeout = 0, 300*time.Millisecond
			chat, err := llm.New(co, tmpl)
			if err != nil {
				t.Fatal(err)
			}
			opts := DefaultOptions()
			opts.Generator = chat
			svc, err := New(fixedResults(spyResults()), opts)
			if err != nil {
				t.Fatal(err)
			}
			var deltas strings.Builder
			a, err := svc.Answer(context.Background(), news.Question{Text: "Who is the director of Mossad?"}, func(s string) { deltas.WriteString(s) })
			if err != nil {
				t.Fatalf("Answer: %v", err)
			}
			if a.Refused || !strings.Contains(a.Text, tt.wantText) {
				t.Errorf("answer %q, want it to contain %q", a.Text, tt.wantText)
			}
			if tt.wantNote == "" && a.Note != "" || !strings.Contains(a.Note, tt.wantNote) {
				t.Errorf("note %q, want %q", a.Note, tt.wantNote)
			}
			if strings.ContainsAny(a.Note, "\n{}") || strings.Contains(a.Note, "main.go") {
				t.Errorf("note %q is not a clean sentence", a.Note)
			}
			if tt.stream && tt.wantNote == "" && deltas.String() == "" {
				t.Errorf("nothing was streamed")
			}
			checkContract(t, a)
		})
	}
}
