package main

import (
	"regexp"
	"strings"
	"testing"

	"newsdesk/internal/openaifake"
)

// TestAskWithAnLLMSendsTheReadersEvidence runs `ask` with an LLM over the
// seeds: the prompt says when the corpus ends, and a question that names
// an outlet sends only that outlet's articles.
func TestAskWithAnLLMSendsTheReadersEvidence(t *testing.T) {
	seeds := needSeeds(t)
	index := t.TempDir()
	if _, errs, code := runCmd(t, nil, "ingest", "--corpus", seeds, "--index", index); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	tests := []struct {
		name, question string
		outlet         string // every source's outlet, when set
	}{
		{"any outlet", "Who is the director of Israel's Mossad?", ""},
		{"one outlet named", "What does the Washington Post report about the hostage talks?", "The Washington Post"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			llm := openaifake.New(t)
			llm.SetChat(func(openaifake.Request) openaifake.Reply { return openaifake.Reply{Content: "Talks continue [1]."} })
			cfg := t.TempDir() + "/c.yaml"
			writeFile(t, cfg, "llm:\n  max_retries: 0\n  stream: false\n")
			env := map[string]string{"OPENAI_BASE_URL": llm.URL, "NEWSDESK_CHAT_MODEL": "test-model"}
			if _, errs, code := runCmd(t, env, "ask", "--config", cfg, "--index", index, "--json", "--date", "2024-01-27", tc.question); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			reqs := llm.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests to the model, want 1", len(reqs))
			}
			user := reqs[0].User()
			if !strings.Contains(user, "The newest article in the news corpus is from 2024-01-26") {
				t.Errorf("the prompt does not say when the corpus ends:\n%s", user)
			}
			outlets := regexp.MustCompile(`(?m)^Outlet: (.*)$`).FindAllStringSubmatch(user, -1)
			if len(outlets) == 0 {
				t.Fatalf("no sources sent:\n%s", user)
			}
			for _, o := range outlets {
				if tc.outlet != "" && o[1] != tc.outlet {
					t.Errorf("a source from %s is sent for a question about %s", o[1], tc.outlet)
				}
			}
		})
	}
}
