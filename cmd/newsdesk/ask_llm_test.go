package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/openaifake"
)

// TestAskWithAnLLM runs `ask --json` against an OpenAI-compatible fake named
// by OPENAI_BASE_URL: the model's cited answer is used with its markers
// checked, and every failure falls back to the extractive answer with a note.
func TestAskWithAnLLM(t *testing.T) {
	seeds := needSeeds(t)
	index := t.TempDir()
	if _, errs, code := runCmd(t, nil, "ingest", "--corpus", seeds, "--index", index); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	const q = "Who is the director of Israel's Mossad?"
	tests := []struct {
		name     string
		reply    openaifake.Reply
		want     string // in the answer
		wantNote bool
	}{
		{"model answer", openaifake.Reply{Content: "David Barnea directs the Mossad [1]."}, "David Barnea directs the Mossad [1].", false},
		{"out-of-range marker dropped", openaifake.Reply{Content: "David Barnea directs the Mossad [1][7]."}, "David Barnea directs the Mossad [1].", false},
		{"server error falls back", openaifake.Reply{Status: http.StatusInternalServerError}, "Barnea", true},
		{"malformed reply falls back", openaifake.Reply{Body: `{"choices": [`}, "Barnea", true},
		{"uncited reply falls back", openaifake.Reply{Content: "It is David Barnea."}, "Barnea", true},
		{"timeout falls back", openaifake.Reply{Delay: 3 * time.Second, Content: "late [1]"}, "Barnea", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			llm := openaifake.New(t)
			llm.SetChat(func(openaifake.Request) openaifake.Reply { return tc.reply })
			cfg := t.TempDir() + "/c.yaml"
			writeFile(t, cfg, "llm:\n  timeout: 1s\n  max_retries: 0\n  stream: false\n")
			env := map[string]string{"OPENAI_BASE_URL": llm.URL, "NEWSDESK_CHAT_MODEL": "test-model"}
			out, errs, code := runCmd(t, env, "ask", "--config", cfg, "--index", index, "--json", "--date", "2024-01-27", q)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var a askJSON
			if err := json.Unmarshal([]byte(out), &a); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			checkCitations(t, a)
			if a.Refused || !strings.Contains(a.Answer, tc.want) || len(a.Citations) == 0 {
				t.Fatalf("answer %+v, want it to contain %q with citations", a, tc.want)
			}
			if (a.Note != "") != tc.wantNote {
				t.Fatalf("note %q, want a note: %v", a.Note, tc.wantNote)
			}
			if strings.Contains(a.Note, "goroutine") || strings.Contains(a.Note, "{") {
				t.Fatalf("the note leaks internals: %q", a.Note)
			}
			if llm.Count("/chat/completions") == 0 {
				t.Fatal("the model was not asked")
			}
		})
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
