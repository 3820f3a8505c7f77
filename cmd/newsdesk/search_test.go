package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmdIn is runCmd with standard input.
func runCmdIn(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func seedIndex(t *testing.T) string {
	t.Helper()
	seeds := needSeeds(t)
	index := t.TempDir()
	if _, errs, code := runCmd(t, nil, "ingest", "--corpus", seeds, "--index", index); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	return index
}

func TestSearchJSON(t *testing.T) {
	index := seedIndex(t)
	out, errs, code := runCmd(t, nil, "search", "--index", index, "-k", "3", "--json", "Mossad director Barnea")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Results []searchHit `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got.Results) != 3 {
		t.Fatalf("want 3 results, got %d", len(got.Results))
	}
	for i, r := range got.Results {
		if r.Rank != i+1 || r.DocID == "" || !strings.HasPrefix(r.ChunkID, r.DocID+"#") || r.Text == "" || r.Score <= 0 {
			t.Errorf("result %d is incomplete: %+v", i, r)
		}
	}
	if !strings.Contains(got.Results[0].Text, "Barnea") {
		t.Errorf("first passage does not mention Barnea: %q", got.Results[0].Text)
	}
}

func TestSearchBatchKeepsOrderAndReportsBadLines(t *testing.T) {
	index := seedIndex(t)
	in := `{"id":"q1","question":"Who heads Egypt's intelligence service?","question_date":"2024/01/27"}
{"id":"q2","question":"How many people have died in Gaza?"}
`
	out, errs, code := runCmdIn(t, in, "search", "--index", index, "--batch", "-k", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %d:\n%s", len(lines), out)
	}
	for i, want := range []string{"q1", "q2"} {
		var l struct {
			ID      string      `json:"id"`
			Results []searchHit `json:"results"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &l); err != nil || l.ID != want || len(l.Results) != 2 {
			t.Errorf("line %d: %v %+v", i+1, err, l)
		}
	}
	out, errs, code = runCmdIn(t, `{"id":"x","question":"Mossad"}`+"\nnot json\n"+`{"id":"z","question":"Qatar"}`+"\n", "search", "--index", index, "--batch")
	if code != 1 || !strings.Contains(errs, "line 2") {
		t.Errorf("a bad line: exit %d, stderr %q; want 1 and the line number", code, errs)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 3 || !strings.Contains(lines[1], `"error"`) || !strings.Contains(lines[2], `"id":"z"`) {
		t.Errorf("a bad line must keep its place and the rest must be searched:\n%s", out)
	}
}

func TestEvalPrintsMetricsAndMisses(t *testing.T) {
	index := seedIndex(t)
	qs := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(qs, []byte(`{"id":"e1","question":"Who is the director of Israel's Mossad?","question_date":"2024-01-27","gold_ids":["002_c5fd127ae03c9c49.txt","003_1ab1b478d471f12f.txt","001_5333fd87b6e1a47e.txt","004_064194450108b23d.txt"]}
{"id":"e2","question":"Who won the 2023 World Series?","gold_ids":["no-such-article"]}
`), 0o644)
	out, errs, code := runCmd(t, nil, "eval", "--index", index, "--questions", qs, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rep.Questions != 2 || rep.Hits10 != 0.5 || rep.Hits1 != 0.5 || rep.MRR10 != 0.5 {
		t.Errorf("report %+v; want 2 questions, one found first, one never", rep)
	}
	out, _, _ = runCmd(t, nil, "eval", "--index", index, "--questions", qs, "--misses")
	if !strings.Contains(out, "e2 rank -") || strings.Contains(out, "e1 rank") || !strings.Contains(out, "Hits@10 0.500") {
		t.Errorf("--misses output:\n%s", out)
	}
}
