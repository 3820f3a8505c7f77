package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"syscall"
	"testing"
	"time"

	"newsdesk/internal/pgtest"
)

var embeddedRE = regexp.MustCompile(`(\d+) passages embedded`)

// TestKillDuringPostgresIngestLeavesAnIndexThatCompletes kills an ingest
// into PostgreSQL with SIGKILL at random moments, then checks that the index
// opens and that a second ingest ends with exactly the articles and passages
// of a clean build, and a third embeds nothing.
func TestKillDuringPostgresIngestLeavesAnIndexThatCompletes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests the realtimeqa corpus into PostgreSQL")
	}
	if _, err := os.Stat(realtimeqa); err != nil {
		t.Skip("realtimeqa corpus not present")
	}
	url := pgtest.VectorURL(t)
	if pgtest.IsPGlite(t, url) {
		t.Skip("PGlite stalls part way through ingesting the realtimeqa corpus over its socket server; set " + pgtest.EnvVector + " to a PostgreSQL with pgvector")
	}
	bin := buildBinary(t)
	cleanA, cleanP := ingestCounts(t, bin, t.TempDir()) // the embedded index chunks alike

	rng := rand.New(rand.NewPCG(2, uint64(time.Now().UnixNano())))
	for i := 0; i < 2; i++ {
		cmd := exec.Command(bin, "ingest", "--corpus", realtimeqa, "--index", url)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(3000+rng.IntN(6000)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if out, err := exec.Command(bin, "search", "--index", url, "--json", "hurricane").CombinedOutput(); err != nil {
			t.Fatalf("index does not open after kill %d: %v\n%s", i, err, out)
		}
	}
	a, p := ingestCounts(t, bin, url)
	if a != cleanA || p != cleanP {
		t.Fatalf("after kills and a re-run: %d articles, %d passages; a clean build has %d, %d", a, p, cleanA, cleanP)
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, "ingest", "--corpus", realtimeqa, "--index", url)
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if m := embeddedRE.FindStringSubmatch(out.String()); m == nil || m[1] != "0" {
		t.Fatalf("an unchanged re-ingest embedded passages: %s", out.String())
	}
}
