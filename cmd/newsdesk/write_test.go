package main

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
)

// TestAOneArticleIngestWritesUnder5PercentOfTheIndex indexes realtimeqa,
// then ingests a folder of one new article: the second ingest's writes
// (ru_oublock x 512, as /usr/bin/time %O counts them) must stay under 5% of
// the index's size on disk.
func TestAOneArticleIngestWritesUnder5PercentOfTheIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests the realtimeqa corpus")
	}
	if _, err := os.Stat(realtimeqa); err != nil {
		t.Skip("realtimeqa corpus not present")
	}
	bin := buildBinary(t)
	index := t.TempDir()
	ingestCounts(t, bin, index)
	size := dirBytes(index)
	cmd := exec.Command(bin, "ingest", "--corpus", parkFolder(t), "--index", index)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage on this platform")
	}
	written := ru.Oublock * 512
	t.Logf("the one-article ingest wrote %d bytes; the index is %d bytes", written, size)
	if written*20 > size {
		t.Fatalf("the one-article ingest wrote %d bytes, over 5%% of the index's %d", written, size)
	}
}
