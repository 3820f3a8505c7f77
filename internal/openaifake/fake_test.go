package openaifake

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestWordsJoin(t *testing.T) {
	for _, s := range []string{"", "one", "one two  three [1].", " lead"} {
		if got := strings.Join(Words(s), ""); got != s {
			t.Errorf("Words(%q) joins to %q", s, got)
		}
	}
}

func post(t *testing.T, url, body string) *http.Response {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestChatDefaultsAndRecords(t *testing.T) {
	s := New(t)
	tests := []struct{ name, system, user, want string }{
		{"answer", "You answer.", "Sources: ...", "The sources answer the question [1]."},
		{"follow-up", "You rewrite.", "Conversation\n\nFollow-up question: and Qatar?\n\nStandalone question:", "and Qatar?"},
		{"digest", "HEADLINE: <...>", "Sources", "HEADLINE: A story from the fake model\nSUMMARY: The sources report the story [1]."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"model": "m", "messages": []Message{{"system", tc.system}, {"user", tc.user}}})
			var out struct {
				Choices []struct {
					Message Message `json:"message"`
				} `json:"choices"`
			}
			if err := json.NewDecoder(post(t, s.URL+"/chat/completions", string(body)).Body).Decode(&out); err != nil {
				t.Fatal(err)
			}
			if len(out.Choices) != 1 || out.Choices[0].Message.Content != tc.want {
				t.Errorf("got %+v, want %q", out, tc.want)
			}
		})
	}
	if got := s.Count("chat/completions"); got != len(tests) {
		t.Errorf("recorded %d requests, want %d", got, len(tests))
	}
}

func TestChatStreamEndsWithDone(t *testing.T) {
	s := New(t)
	s.QueueChat(Reply{Content: "a b c"})
	resp := post(t, s.URL+"/chat/completions", `{"model":"m","stream":true,"messages":[]}`)
	var lines []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			lines = append(lines, l)
		}
	}
	// role chunk, 3 words, finish chunk, [DONE]
	if len(lines) != 6 || lines[5] != "data: [DONE]" {
		t.Errorf("stream lines %q", lines)
	}
}
