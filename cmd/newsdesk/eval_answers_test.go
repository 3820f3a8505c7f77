package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalAnswers runs `eval --answers` on the seeds with both formats: a
// quiz record (answer, choices, gold_ids), a seed record (answer_all,
// sources_any) and a question to refuse.
func TestEvalAnswers(t *testing.T) {
	index := seedIndex(t)
	qs := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(qs, []byte(`{"id":"a1","question":"Who is the director of Israel's Mossad?","question_date":"2024-01-27","choices":["David Barnea","Abbas Kamel"],"answer":"Barnea","gold_ids":["002_c5fd127ae03c9c49.txt"]}
{"id":"a2","question":"Who heads Egypt's intelligence service?","answer_all":[["Kamel"]],"sources_any":["001_5333fd87b6e1a47e.txt","002_c5fd127ae03c9c49.txt","003_1ab1b478d471f12f.txt","004_064194450108b23d.txt"]}
{"id":"a3","question":"Who won the 2023 World Series?","question_date":"2024-01-27","refuse":true}
{"id":"a4","question":"Who is the director of Israel's Mossad?","question_date":"2024-01-27","answer":"Netanyahu"}
`), 0o644)
	out, errs, code := runCmd(t, nil, "eval", "--answers", "--index", index, "--questions", qs, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep answersReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rep.Questions != 4 || rep.Answerable != 3 || rep.RefuseAsked != 1 || rep.RefuseRefused != 1 {
		t.Errorf("report %+v; want 4 questions, 3 answerable, the one to refuse refused", rep)
	}
	if rep.Contains < 0.66 || rep.Contains > 0.67 || rep.Refused != 0 {
		t.Errorf("contains %.3f refused %.3f; want 2 of 3 (the wrong gold a4 missed), none refused", rep.Contains, rep.Refused)
	}
	out, _, code = runCmd(t, nil, "eval", "--answers", "--index", index, "--questions", qs, "--misses")
	if code != 0 || !strings.Contains(out, `a4 misses "Netanyahu"`) || strings.Contains(out, "a1 misses") ||
		!strings.Contains(out, "contains answer 0.667") || !strings.Contains(out, "refused when it should 1.000 (1 of 1)") {
		t.Errorf("--misses output:\n%s", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte(`{"id":"b1","question":"No gold here?"}`+"\n"), 0o644)
	if _, errs, code := runCmd(t, nil, "eval", "--answers", "--index", index, "--questions", bad); code != 1 || !strings.Contains(errs, "bad.jsonl:1") {
		t.Errorf("a record with no gold: exit %d, stderr %q; want 1 naming the line", code, errs)
	}
}
