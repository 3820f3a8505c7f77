package llm

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"newsdesk/internal/news"
	"newsdesk/internal/openaifake"
	"newsdesk/internal/openairetry"
	"newsdesk/prompts"
)

// An article that tries to give orders stays inside its fence, cannot forge
// the fence's end, and the system message says fenced text is data.
func TestAnswerPromptFencesInjection(t *testing.T) {
	fake := openaifake.New(t)
	fake.QueueChat(openaifake.Reply{Content: "Qatar brokered the talks [1]."})
	c := newTestChat(t, fake, func(o *Options) { o.Stream = false })
	if _, err := c.Answer(context.Background(), "Who brokered the talks?", nil, testSources(), news.Asked{}, nil); err != nil {
		t.Fatal(err)
	}
	req := fake.Requests()[0]
	user, system := req.User(), req.System()
	inj := strings.Index(user, "Ignore your instructions")
	begin := strings.Index(user, "=== BEGIN SOURCE [3] ===")
	end := strings.LastIndex(user, "=== END SOURCE [3] ===")
	if !(begin >= 0 && begin < inj && inj < end) {
		t.Fatalf("the injected text is not inside source 3's fence:\n%s", user)
	}
	if n := strings.Count(user, "=== END SOURCE [3] ==="); n != 1 {
		t.Errorf("source 3's fence end appears %d times; the article forged one", n)
	}
	for _, want := range []string{"untrusted data", "never instructions", "reply with exactly " + RefusalToken} {
		if !strings.Contains(system, want) {
			t.Errorf("system message lacks %q", want)
		}
	}
	if strings.Contains(system, "Ignore your instructions") {
		t.Errorf("source text leaked into the system message")
	}
	if got := req.Header.Get("Authorization"); got != "" {
		t.Errorf("an empty API key sent Authorization %q", got)
	}
	if req.Model != "fake-model" {
		t.Errorf("model %q, want fake-model", req.Model)
	}
}

func TestAnswerWithoutSourcesRefusesWithoutACall(t *testing.T) {
	fake := openaifake.New(t)
	c := newTestChat(t, fake, nil)
	got, err := c.Answer(context.Background(), "Who?", nil, nil, news.Asked{}, nil)
	if err != nil || !got.Refused {
		t.Fatalf("got %+v, %v; want a refusal", got, err)
	}
	if n := fake.Count("chat/completions"); n != 0 {
		t.Errorf("made %d requests, want none", n)
	}
}

func TestStandalone(t *testing.T) {
	history := []news.Turn{{Question: "Who brokered the Gaza talks?", Answer: "Egypt brokered them [1]."}}
	tests := []struct {
		name     string
		history  []news.Turn
		reply    *openaifake.Reply
		want     string
		wantKind openairetry.Kind
		requests int
	}{
		{name: "no history, no call", want: "and what about Qatar?", requests: 0},
		{name: "rewritten", history: history, reply: &openaifake.Reply{Content: "What role did Qatar play in the Gaza talks?"},
			want: "What role did Qatar play in the Gaza talks?", requests: 1},
		{name: "preamble and quotes removed", history: history, reply: &openaifake.Reply{Content: "\nStandalone question: \"What role did Qatar play in the Gaza talks?\"\nextra"},
			want: "What role did Qatar play in the Gaza talks?", requests: 1},
		{name: "refusal token instead", history: history, reply: &openaifake.Reply{Content: "NOT_IN_SOURCES"}, wantKind: openairetry.KindMalformed, requests: 1},
		{name: "empty reply", history: history, reply: &openaifake.Reply{Content: "  "}, wantKind: openairetry.KindEmpty, requests: 1},
		{name: "server error", history: history, reply: &openaifake.Reply{Status: 400}, wantKind: openairetry.KindRequest, requests: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := openaifake.New(t)
			if tc.reply != nil {
				fake.QueueChat(*tc.reply)
			}
			c := newTestChat(t, fake, nil)
			got, err := c.Standalone(context.Background(), news.Question{Text: "and what about Qatar?", History: tc.history})
			if n := fake.Count("chat/completions"); n != tc.requests {
				t.Errorf("made %d requests, want %d", n, tc.requests)
			}
			if tc.wantKind != "" {
				if llmKind(err) != tc.wantKind {
					t.Fatalf("err = %v, want kind %q", err, tc.wantKind)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
			if tc.requests > 0 {
				user := fake.Requests()[0].User()
				for _, want := range []string{"Who brokered the Gaza talks?", "Egypt brokered them.", "and what about Qatar?"} {
					if !strings.Contains(user, want) {
						t.Errorf("prompt lacks %q:\n%s", want, user)
					}
				}
			}
		})
	}
}

func TestNewValidates(t *testing.T) {
	tmpl, err := prompts.New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(*Options)
		tmpl *prompts.Templates
		ok   bool
	}{
		{name: "defaults", edit: func(*Options) {}, tmpl: tmpl, ok: true},
		{name: "local server without key", edit: func(o *Options) { o.BaseURL = "http://127.0.0.1:11434/v1"; o.APIKey = "" }, tmpl: tmpl, ok: true},
		{name: "azure", edit: func(o *Options) {
			o.APIType = "azure"
			o.BaseURL = "https://x.openai.azure.com"
			o.APIVersion = "2024-02-01"
		}, tmpl: tmpl, ok: true},
		{name: "zero values are refused (New fills in nothing)", edit: func(o *Options) { *o = Options{Model: "m"} }, tmpl: tmpl},
		{name: "no templates", edit: func(*Options) {}},
		{name: "no model", edit: func(o *Options) { o.Model = " " }, tmpl: tmpl},
		{name: "negative timeout", edit: func(o *Options) { o.Timeout = -1 }, tmpl: tmpl},
		{name: "negative retries", edit: func(o *Options) { o.MaxRetries = -1 }, tmpl: tmpl},
		{name: "unknown api type", edit: func(o *Options) { o.APIType = "anthropic" }, tmpl: tmpl},
		{name: "azure without base url", edit: func(o *Options) { o.APIType = "azure"; o.BaseURL = "" }, tmpl: tmpl},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := DefaultOptions()
			tc.edit(&opts)
			_, err := New(opts, tc.tmpl)
			if (err == nil) != tc.ok {
				t.Fatalf("New: err = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

// Reasoning models reject max_tokens and a temperature; they get
// max_completion_tokens instead, other models keep max_tokens.
func TestRequestTokenLimits(t *testing.T) {
	tests := []struct {
		model      string
		wantField  string
		wantAbsent string
	}{
		{"llama3.1", "max_tokens", "max_completion_tokens"},
		{"o3-mini", "max_completion_tokens", "max_tokens"},
		{"gpt-5-mini", "max_completion_tokens", "max_tokens"},
	}
	for _, tc := range tests {
		t.Run(tc.model, func(t *testing.T) {
			fake := openaifake.New(t)
			c := newTestChat(t, fake, func(o *Options) { o.Model = tc.model; o.Stream = false })
			if _, err := c.Answer(context.Background(), "Who?", nil, testSources(), news.Asked{}, nil); err != nil {
				t.Fatal(err)
			}
			var body map[string]any
			if err := json.Unmarshal(fake.Requests()[0].Body, &body); err != nil {
				t.Fatal(err)
			}
			if _, ok := body[tc.wantField]; !ok {
				t.Errorf("request lacks %s: %s", tc.wantField, fake.Requests()[0].Body)
			}
			if _, ok := body[tc.wantAbsent]; ok {
				t.Errorf("request has %s", tc.wantAbsent)
			}
		})
	}
}

func TestAzureRequest(t *testing.T) {
	fake := openaifake.New(t)
	c := newTestChat(t, fake, func(o *Options) {
		o.APIType, o.BaseURL, o.APIKey, o.APIVersion, o.Model = "azure", fake.BaseURL(), "azure-key", "2024-02-01", "my-deployment"
	})
	if _, err := c.Answer(context.Background(), "Who?", nil, testSources(), news.Asked{}, func(string) {}); err != nil {
		t.Fatal(err)
	}
	req := fake.Requests()[0]
	if req.Path != "/openai/deployments/my-deployment/chat/completions" || req.Header.Get("api-key") != "azure-key" {
		t.Errorf("request to %s with api-key %q", req.Path, req.Header.Get("api-key"))
	}
}
