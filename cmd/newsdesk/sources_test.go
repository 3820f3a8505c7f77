package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"newsdesk/internal/testcorpus"
)

const parkArticle = `---
title: City council approves new riverside park
source: Riverside Courier
published_at: 2024-01-20
---
The city council voted on Tuesday to approve a new riverside park along the old mill district, officials said.
The park will include walking trails, a playground and a boat launch. Construction is expected to begin in the spring.
`

// parkFolder is a corpus folder of one article, unlike the seed articles.
func parkFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "park.md"), []byte(parkArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

type sourcesJSON struct {
	Sources []sourceJSON `json:"sources"`
}

func listSources(t *testing.T, index string) sourcesJSON {
	t.Helper()
	out, errs, code := runCmd(t, nil, "sources", "--index", index, "--json")
	if code != 0 {
		t.Fatalf("sources: exit %d: %s", code, errs)
	}
	var s sourcesJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("sources --json: %v\n%s", err, out)
	}
	return s
}

// citedDocs asks q and returns the doc_ids it cites.
func citedDocs(t *testing.T, index, q string) []string {
	t.Helper()
	out, errs, code := runCmd(t, nil, "ask", "--index", index, "--json", "--date", "2024-01-27", q)
	if code != 0 {
		t.Fatalf("ask %q: exit %d: %s", q, code, errs)
	}
	var a askJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range a.Citations {
		ids = append(ids, c.DocID)
	}
	return ids
}

func TestIngestAThenBKeepsBothAndRemoveDropsExactlyA(t *testing.T) {
	seedsDir, park := testcorpus.Seeds(t), parkFolder(t)
	index := t.TempDir()
	for _, root := range []string{seedsDir, park} {
		if _, errs, code := runCmd(t, nil, "ingest", "--corpus", root, "--index", index); code != 0 {
			t.Fatalf("ingest %s: %s", root, errs)
		}
	}
	const seedQ, parkQ = "Who is the director of Israel's Mossad?", "What will the new riverside park include?"
	if ids := citedDocs(t, index, seedQ); len(ids) == 0 || !strings.HasPrefix(ids[0], "00") {
		t.Fatalf("the seed question after ingesting B cites %v, want a seed article", ids)
	}
	if ids := citedDocs(t, index, parkQ); len(ids) == 0 || ids[0] != "park.md" {
		t.Fatalf("the park question cites %v, want park.md", ids)
	}
	src := listSources(t, index)
	if len(src.Sources) != 2 {
		t.Fatalf("sources: %+v, want two", src)
	}
	byRoot := map[string]sourceJSON{}
	for _, s := range src.Sources {
		byRoot[s.Root] = s
	}
	if s := byRoot[seedsDir]; s.Articles != 5 || s.Kind != "folder" || s.Updated == "" {
		t.Fatalf("seed source: %+v (sources %+v)", s, src)
	}
	if s := byRoot[park]; s.Articles != 1 || s.Passages != 1 {
		t.Fatalf("park source: %+v", s)
	}
	out, errs, code := runCmd(t, nil, "sources", "--index", index, "--remove", seedsDir)
	if code != 0 || !strings.Contains(out, "5 articles") {
		t.Fatalf("sources --remove: exit %d, %q %q", code, out, errs)
	}
	if src := listSources(t, index); len(src.Sources) != 1 || src.Sources[0].Root != park {
		t.Fatalf("after --remove: %+v", src)
	}
	if ids := citedDocs(t, index, parkQ); len(ids) == 0 || ids[0] != "park.md" {
		t.Fatalf("the park question after removing the seeds cites %v", ids)
	}
	if ids := citedDocs(t, index, seedQ); len(ids) != 0 {
		t.Fatalf("the seed question after removing the seeds cites %v", ids)
	}
	_, errs, code = runCmd(t, nil, "sources", "--index", index, "--remove", seedsDir)
	if code != 1 || !strings.Contains(errs, "not a source") {
		t.Fatalf("removing it again: exit %d, %q", code, errs)
	}
}

func TestTheSameFolderRelativeAndAbsoluteIsOneSource(t *testing.T) {
	seedsDir := testcorpus.Seeds(t)
	index := t.TempDir()
	t.Chdir(filepath.Dir(seedsDir))
	if _, errs, code := runCmd(t, nil, "ingest", "--corpus", "./"+filepath.Base(seedsDir), "--index", index); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code := runCmd(t, nil, "ingest", "--corpus", seedsDir+"/", "--index", index)
	if code != 0 || !strings.Contains(out, "added 0, updated 0, unchanged 5, removed 0") {
		t.Fatalf("the same folder given absolute: exit %d, %q %q", code, out, errs)
	}
	if src := listSources(t, index); len(src.Sources) != 1 {
		t.Fatalf("sources: %+v", src)
	}
}

func TestReadingAMissingIndexFailsAndCreatesNothing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no", "such", "dir")
	for _, args := range [][]string{
		{"ask", "--index", missing, "anything"},
		{"search", "--index", missing, "--json", "anything"},
		{"digest", "--index", missing, "--dry-run"},
		{"sources", "--index", missing},
	} {
		t.Run(args[0], func(t *testing.T) {
			out, errs, code := runCmd(t, nil, args...)
			if code != 1 || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 ||
				!strings.Contains(errs, "newsdesk ingest --corpus") || !strings.Contains(errs, missing) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and one sentence saying how to build it", code, out, errs)
			}
			if _, err := os.Stat(filepath.Dir(filepath.Dir(missing))); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s created a folder", args[0])
			}
		})
	}
}

func TestTheDefaultIndexFallsBackToTheSampleWithoutWritingIt(t *testing.T) {
	t.Chdir(t.TempDir())
	for i := range 2 { // it says so every time
		out, errs, code := runCmd(t, nil, "search", "--json", "Harbor")
		if code != 0 || !strings.Contains(errs, "bundled sample corpus") || !strings.Contains(out, `"results"`) {
			t.Fatalf("run %d: exit %d, %q %q", i, code, out, errs)
		}
		if _, err := os.Stat(".newsdesk"); !errors.Is(err, os.ErrNotExist) {
			t.Fatal("the sample was written into ./.newsdesk")
		}
	}
}

// snapshotOf lists a folder's files with their sizes and times.
func snapshotOf(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		info, _ := e.Info()
		fmt.Fprintf(&b, "%s %d %s\n", e.Name(), info.Size(), info.ModTime())
	}
	return b.String()
}

func TestReadingNeverWritesTheIndex(t *testing.T) {
	index := t.TempDir()
	if _, errs, code := runCmd(t, nil, "ingest", "--corpus", testcorpus.Seeds(t), "--index", index); code != 0 {
		t.Fatal(errs)
	}
	before := snapshotOf(t, index)
	for _, args := range [][]string{
		{"ask", "--index", index, "Who heads Egypt's intelligence service?"},
		{"search", "--index", index, "--json", "Mossad"},
		{"digest", "--index", index, "--dry-run", "--since", "100000h"},
		{"sources", "--index", index},
		{"eval", "--index", index, "--questions", writeQuestions(t)},
	} {
		if _, errs, code := runCmd(t, nil, args...); code != 0 {
			t.Fatalf("%s: %s", args[0], errs)
		}
	}
	if after := snapshotOf(t, index); after != before {
		t.Fatalf("reading changed the index folder:\nbefore %s\nafter %s", before, after)
	}
}

func writeQuestions(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(p, []byte(`{"id":"q1","question":"Who is the director of Israel's Mossad?","gold_ids":["001_5333fd87b6e1a47e.txt"]}`+"\n"), 0o644)
	return p
}

func TestAWaitingWriterSaysItIsWaiting(t *testing.T) {
	index := t.TempDir()
	lock := flock.New(filepath.Join(index, "ingest.lock"))
	if err := lock.Lock(); err != nil {
		t.Fatal(err)
	}
	type result struct {
		errs string
		code int
	}
	done := make(chan result)
	var stderr syncBuffer
	go func() {
		var out bytes.Buffer
		err := run(t.Context(), []string{"ingest", "--corpus", testcorpus.Seeds(t), "--index", index}, func(string) string { return "" }, strings.NewReader(""), &out, &stderr)
		done <- result{stderr.String(), exitCode(err, &stderr)}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(stderr.String(), "waiting for another ingest") {
		if time.Now().After(deadline) {
			t.Fatalf("no waiting message: %q", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case r := <-done:
		t.Fatalf("the ingest ran while the lock was held: %+v", r)
	case <-time.After(200 * time.Millisecond):
	}
	lock.Unlock()
	if r := <-done; r.code != 0 {
		t.Fatalf("after the lock was released: exit %d: %s", r.code, r.errs)
	}
}

// TestConcurrentIngestsOfDifferentFoldersBothSurvive runs two ingest
// processes at once into one index, several times: each must see what the
// other wrote, and both folders' articles be there, with the right counts.
func TestConcurrentIngestsOfDifferentFoldersBothSurvive(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	seedsDir := testcorpus.Seeds(t)
	for round := range 3 {
		index, park := t.TempDir(), parkFolder(t)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		outs := make([]string, 2)
		for i, root := range []string{seedsDir, park} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var o, e bytes.Buffer
				cmd := exec.Command(bin, "ingest", "--corpus", root, "--index", index)
				cmd.Stdout, cmd.Stderr = &o, &e
				errs[i] = cmd.Run()
				outs[i] = o.String() + e.String()
			}()
		}
		wg.Wait()
		for i := range errs {
			if errs[i] != nil {
				t.Fatalf("round %d: ingest %d: %v\n%s", round, i, errs[i], outs[i])
			}
		}
		src := listSources(t, index)
		total := 0
		for _, s := range src.Sources {
			total += s.Articles
		}
		if len(src.Sources) != 2 || total != 6 {
			t.Fatalf("round %d: sources %+v, want both folders (5 + 1 articles)\n%s\n%s", round, src, outs[0], outs[1])
		}
		if strings.Contains(outs[0]+outs[1], "removed 1") || strings.Contains(outs[0]+outs[1], "removed 5") {
			t.Fatalf("round %d: an ingest removed the other's articles:\n%s\n%s", round, outs[0], outs[1])
		}
	}
}

func TestAWindows1252ArticleIsIndexedAndFoundByAnAccentedWord(t *testing.T) {
	corpus := t.TempDir()
	// Windows-1252: “ ” are 0x93 0x94, é is 0xe9, – is 0x96.
	article := "Caf\xe9 owners cheer new rules\n\nBy Marie Dubois\n\n" +
		"The owners of the city\x92s caf\xe9s welcomed the council\x92s decision on Monday. " +
		"\x93This is a good day for every caf\xe9 on the square,\x94 said Ren\xe9 Martin \x96 who has run one for twenty years.\n"
	if err := os.WriteFile(filepath.Join(corpus, "cafe.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	index := t.TempDir()
	_, errs, code := runCmd(t, nil, "ingest", "--corpus", corpus, "--index", index)
	if code != 0 || !strings.Contains(errs, "cafe.txt: transcoded from Windows-1252") || strings.Contains(errs, "newsdesk: skipped") {
		t.Fatalf("ingest: exit %d, %q; want it read and said transcoded", code, errs)
	}
	out, errs, code := runCmd(t, nil, "search", "--index", index, "--json", "René café")
	if code != 0 {
		t.Fatal(errs)
	}
	var res struct {
		Results []searchHit `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Results) == 0 {
		t.Fatalf("search: %v %s", err, out)
	}
	if r := res.Results[0]; r.DocID != "cafe.txt" || !strings.Contains(r.Text, "“This is a good day for every café on the square,” said René Martin – who") {
		t.Fatalf("found %+v; want cafe.txt with its curly quotes, é and dash in UTF-8", r)
	}
}
