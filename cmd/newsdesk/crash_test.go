package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"newsdesk/internal/synth"
)

const realtimeqa = "../../../shared/eval/realtimeqa/corpus.jsonl"

var passagesRE = regexp.MustCompile(`(\d+) articles, (\d+) passages`)

// buildBinary builds newsdesk into a temp dir, for tests that need a real
// process (to kill it, for one).
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "newsdesk")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func ingestCounts(t *testing.T, bin, index string) (articles, passages int) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, "ingest", "--corpus", realtimeqa, "--index", index)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errb.String())
	}
	m := passagesRE.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no counts in %q", out.String())
	}
	a, _ := strconv.Atoi(m[1])
	p, _ := strconv.Atoi(m[2])
	return a, p
}

// TestKillDuringIngestLeavesAnIndexThatCompletes kills ingest with SIGKILL at
// random moments, then checks that the index opens and a second ingest ends
// with exactly the passages of a clean build.
func TestKillDuringIngestLeavesAnIndexThatCompletes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests the realtimeqa corpus several times")
	}
	if _, err := os.Stat(realtimeqa); err != nil {
		t.Skip("realtimeqa corpus not present")
	}
	bin := buildBinary(t)
	cleanA, cleanP := ingestCounts(t, bin, t.TempDir())

	index := t.TempDir()
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	for i := 0; i < 3; i++ {
		cmd := exec.Command(bin, "ingest", "--corpus", realtimeqa, "--index", index, "--checkpoint-every", "300ms")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(300+rng.IntN(3000)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		// The index must open after every kill.
		if out, err := exec.Command(bin, "search", "--index", index, "--json", "hurricane").CombinedOutput(); err != nil {
			t.Fatalf("index does not open after kill %d: %v\n%s", i, err, out)
		}
	}
	a, p := ingestCounts(t, bin, index)
	if a != cleanA || p != cleanP {
		t.Fatalf("after kills and a re-run: %d articles, %d passages; a clean build has %d, %d", a, p, cleanA, cleanP)
	}
}

// TestKillDuringAnIngestOfSegmentsLeavesAnIndexThatCompletes is the kill
// test with segments present: realtimeqa is the base snapshot, then a folder
// of 250 one-article files (under 1/32 of it, so no compaction) is ingested
// with checkpoints every 50ms (each a segment), killed at random moments; the index must open after every kill, and the
// next ingest of both sources must end with exactly a clean build's counts.
func TestKillDuringAnIngestOfSegmentsLeavesAnIndexThatCompletes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests the realtimeqa corpus several times")
	}
	if _, err := os.Stat(realtimeqa); err != nil {
		t.Skip("realtimeqa corpus not present")
	}
	bin := buildBinary(t)
	more := t.TempDir()
	if _, err := synth.New(synth.DefaultOptions()).WriteDir(context.Background(), more, 250, 1); err != nil {
		t.Fatal(err)
	}
	both := func(index string, extra ...string) (int, int) {
		t.Helper()
		ingestCounts(t, bin, index)
		var out, errb bytes.Buffer
		cmd := exec.Command(bin, append([]string{"ingest", "--corpus", more, "--index", index}, extra...)...)
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("ingest: %v\n%s", err, errb.String())
		}
		m := passagesRE.FindStringSubmatch(out.String())
		a, _ := strconv.Atoi(m[1])
		p, _ := strconv.Atoi(m[2])
		return a, p
	}
	cleanA, cleanP := both(t.TempDir())

	index := t.TempDir()
	ingestCounts(t, bin, index)
	rng := rand.New(rand.NewPCG(2, uint64(time.Now().UnixNano())))
	segments := 0
	for i := 0; i < 4; i++ {
		cmd := exec.Command(bin, "ingest", "--corpus", more, "--index", index, "--checkpoint-every", "50ms")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(500+rng.IntN(2000)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		segs, _ := filepath.Glob(filepath.Join(index, "seg-*.seg"))
		segments = max(segments, len(segs))
		if out, err := exec.Command(bin, "search", "--index", index, "--json", "hurricane").CombinedOutput(); err != nil {
			t.Fatalf("index does not open after kill %d: %v\n%s", i, err, out)
		}
	}
	if segments == 0 {
		t.Fatal("no segment was written before the kills; the test did not test them")
	}
	a, p := both(index)
	if a != cleanA || p != cleanP {
		t.Fatalf("after kills and a re-run: %d articles, %d passages; a clean build has %d, %d", a, p, cleanA, cleanP)
	}
}
