package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
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
