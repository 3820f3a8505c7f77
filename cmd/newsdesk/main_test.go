package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"newsdesk/internal/testcorpus"
)

// runCmd runs the program in-process and returns stdout, stderr and the exit code.
func runCmd(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errb)
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

// needSeeds writes the five seed articles (internal/testcorpus) to a
// temporary folder and returns it.
func needSeeds(t *testing.T) string {
	t.Helper()
	return testcorpus.Seeds(t)
}

func TestUsageAndHelp(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "no command"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"help", []string{"--help"}, 0, "Commands:"},
		{"ask help", []string{"ask", "--help"}, 0, "Usage: newsdesk ask"},
		{"ask without question", []string{"ask"}, 2, "needs a QUESTION"},
		{"bad flag", []string{"search", "--nope", "x"}, 2, "flag provided but not defined"},
		{"bad date", []string{"ask", "--date", "yesterday", "q"}, 2, "not a date"},
		{"ingest without corpus", []string{"ingest"}, 2, "needs --corpus"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runCmd(t, nil, tc.args...)
			if code != tc.code || !strings.Contains(out+errs, tc.want) {
				t.Fatalf("exit %d (want %d), output %q %q, want %q", code, tc.code, out, errs, tc.want)
			}
			if strings.Contains(errs, "goroutine ") || strings.Contains(errs, "panic") {
				t.Fatalf("panic trace leaked: %s", errs)
			}
		})
	}
}

func TestConfigErrorsNameTheKey(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "index: x\nanswr:\n  passages: 3\n", "answr"},
		{"unknown nested key", "index: x\nanswer:\n  passagez: 3\n", "answer.passagez"},
		{"unknown key in a list", "digest:\n  schedules:\n    - channel: C1\n      cronn: x\n", "digest.schedules[0].cronn"},
		{"wrong type", "answer:\n  passages: many\n", "passages"},
		{"invalid value", "embed:\n  provider: magic\n", "embed.provider"},
		{"bad url", "llm:\n  base_url: ftp://x\n", "llm.base_url"},
		{"bad timezone", "digest:\n  schedules:\n    - channel: C1\n      cron: \"0 8 * * *\"\n      timezone: Mars/Olympus\n", "timezone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".yaml")
			os.WriteFile(p, []byte(tc.yaml), 0o644)
			_, errs, code := runCmd(t, nil, "ask", "--config", p, "--index", t.TempDir(), "anything")
			if code != 1 || !strings.Contains(errs, tc.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Fatalf("exit %d, stderr %q; want one line naming %q", code, errs, tc.want)
			}
		})
	}
}

func TestConfigExampleIsValid(t *testing.T) {
	if _, err := loadConfig("../../config.example.yaml", func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
}

func TestBadInputIsSkippedWithReasonAndTheRestIndexed(t *testing.T) {
	corpus := t.TempDir()
	files := map[string]string{
		"good.txt":      "Council votes to fix the bridge\n\nThe Riverside council voted on Tuesday to repair the Old Mill Bridge for $4 million.\n",
		"empty.txt":     "",
		"binary.txt":    "\x00\x01\x02\x03binary\x00garbage",
		"broken.jsonl":  `{"id":"j1","title":"Storm hits","body":"A storm knocked out power to 12,000 homes on Monday."}` + "\n{not json\n" + `{"id":"j2","title":"Budget","body":"The school board approved an $80 million budget."}` + "\n",
		"picture.png":   "\x89PNG....",
		"broken.json":   `[{"id": "x1", "body": "unterminated`,
		"notes/ok.md":   "---\ntitle: Library opens\nsource: Valley Herald\npublished_at: 2026-03-01\n---\nThe new library opened its doors on Saturday with 40,000 books.\n",
		".hidden/x.txt": "ignored",
	}
	for name, body := range files {
		p := filepath.Join(corpus, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	out, errs, code := runCmd(t, nil, "ingest", "--corpus", corpus, "--index", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"empty.txt", "binary.txt", "broken.jsonl:2", "picture.png", "broken.json"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr does not report %s:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "x.txt") {
		t.Errorf("hidden file reported: %s", errs)
	}
	if !strings.Contains(out, "added 4,") {
		t.Errorf("want 4 articles added (good.txt, j1, j2, ok.md): %s", out)
	}
}

// seedQuestion is a line of seed-dev.jsonl.
type seedQuestion struct {
	ID         string     `json:"id"`
	Question   string     `json:"question"`
	AnswerAll  [][]string `json:"answer_all"`
	SourcesAny []string   `json:"sources_any"`
	Refuse     bool       `json:"refuse"`
}

func TestAskAnswersTheSeedQuestions(t *testing.T) {
	seeds := needSeeds(t)
	b, err := os.ReadFile(testcorpus.SeedQuestions(t))
	if err != nil {
		t.Fatal(err)
	}
	index := t.TempDir()
	if _, errs, code := runCmd(t, nil, "ingest", "--corpus", seeds, "--index", index); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var q seedQuestion
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			t.Fatal(err)
		}
		t.Run(q.ID, func(t *testing.T) {
			out, errs, code := runCmd(t, nil, "ask", "--index", index, "--json", "--date", "2024-01-27", q.Question)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var a askJSON
			if err := json.Unmarshal([]byte(out), &a); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			checkCitations(t, a)
			if q.Refuse {
				if !a.Refused || len(a.Citations) != 0 {
					t.Fatalf("%q should be refused, got %+v", q.Question, a)
				}
				return
			}
			if a.Refused {
				t.Fatalf("%q refused: %s", q.Question, a.Answer)
			}
			low := strings.ToLower(a.Answer)
			for _, group := range q.AnswerAll {
				ok := false
				for _, alt := range group {
					ok = ok || strings.Contains(low, strings.ToLower(alt))
				}
				if !ok {
					t.Errorf("%q: answer lacks any of %v:\n%s", q.Question, group, a.Answer)
				}
			}
			cited := false
			for _, c := range a.Citations {
				for _, s := range q.SourcesAny {
					cited = cited || c.DocID == s
				}
			}
			if !cited {
				t.Errorf("%q: cites none of %v: %+v", q.Question, q.SourcesAny, a.Citations)
			}
		})
	}
}

// checkCitations checks that every [n] in the answer has its citation and
// every citation is used.
func checkCitations(t *testing.T, a askJSON) {
	t.Helper()
	have := map[int]bool{}
	for _, c := range a.Citations {
		have[c.N] = true
		if !strings.Contains(a.Answer, "["+strconv.Itoa(c.N)+"]") {
			t.Errorf("citation [%d] not used in %q", c.N, a.Answer)
		}
	}
	for i := 0; i < len(a.Answer); i++ {
		if a.Answer[i] != '[' {
			continue
		}
		j := strings.IndexByte(a.Answer[i:], ']')
		if j < 0 {
			break
		}
		n := 0
		for _, ch := range a.Answer[i+1 : i+j] {
			if ch < '0' || ch > '9' {
				n = -1
				break
			}
			n = n*10 + int(ch-'0')
		}
		if n > 0 && !have[n] {
			t.Errorf("marker [%d] has no citation in %q", n, a.Answer)
		}
	}
}
