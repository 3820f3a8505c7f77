package main

import (
	"bufio"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/slackfake"
	"newsdesk/internal/testcorpus"
)

// writtenBytes is what process pid has caused to be written to storage
// (Linux /proc/PID/io write_bytes; -1 where it is not there).
func writtenBytes(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/io")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "write_bytes: "); ok {
			n, _ := strconv.ParseInt(rest, 10, 64)
			return n
		}
	}
	return -1
}

// TestServeWatchesEverySourceAndAChangeWritesLittle starts the real binary's
// serve on an index of realtimeqa and a small folder, both ingested before
// and not named to serve: serve must watch the recorded folder, take in a
// file dropped into it, and write for that change at most 5% of the index's
// size.
func TestServeWatchesEverySourceAndAChangeWritesLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests the realtimeqa corpus")
	}
	if _, err := os.Stat(realtimeqa); err != nil {
		t.Skip("realtimeqa corpus not present")
	}
	bin := buildBinary(t)
	index, extra := t.TempDir(), testcorpus.Seeds(t)
	ingestCounts(t, bin, index)
	if out, err := exec.Command(bin, "ingest", "--corpus", extra, "--index", index).CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	size := int64(0)
	ents, _ := os.ReadDir(index)
	for _, e := range ents {
		if info, err := e.Info(); err == nil {
			size += info.Size()
		}
	}

	fake := slackfake.New()
	defer fake.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	errb := &syncBuffer{}
	cmd := exec.Command(bin, "serve", "--addr", addr, "--index", index)
	cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN=xoxb-serve-test-token", "SLACK_SIGNING_SECRET="+serveSecret, "SLACK_API_URL="+fake.APIURL())
	cmd.Stderr = errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready:\n%s", errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // the watchers start after /healthz
	before := writtenBytes(cmd.Process.Pid)
	if err := os.WriteFile(filepath.Join(extra, "park.md"), []byte(parkArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		out, _ := exec.Command(bin, "sources", "--index", index, "--json").Output()
		if strings.Contains(string(out), `"articles":6`) {
			break
		}
		if time.Now().After(deadline.Add(30 * time.Second)) {
			t.Fatalf("the dropped file was not taken in; sources %s\n%s", out, errb.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	after := writtenBytes(cmd.Process.Pid)
	if before < 0 || after < 0 {
		t.Skip("/proc/PID/io is not there; the bytes written cannot be measured")
	}
	t.Logf("the watched change wrote %d bytes; the index is %d bytes", after-before, size)
	if (after-before)*20 > size {
		t.Fatalf("the watched change wrote %d bytes, over 5%% of the index's %d", after-before, size)
	}

	// A source a CLI ingest adds while serve runs is followed too.
	later := t.TempDir()
	os.WriteFile(filepath.Join(later, "one.md"), []byte("# Ferry service resumes\n\nThe island ferry resumed service on Monday after repairs, the port authority said.\n"), 0o644)
	if out, err := exec.Command(bin, "ingest", "--corpus", later, "--index", index).CombinedOutput(); err != nil {
		t.Fatalf("ingest while serve runs: %v\n%s", err, out)
	}
	time.Sleep(refreshEvery + time.Second)
	os.WriteFile(filepath.Join(later, "two.md"), []byte("# Ferry fares rise\n\nFerry fares will rise by ten percent in June, the port authority said on Tuesday.\n"), 0o644)
	deadline = time.Now().Add(30 * time.Second)
	for {
		out, _ := exec.Command(bin, "sources", "--index", index, "--json").Output()
		var src sourcesJSON
		json.Unmarshal(out, &src)
		n := -1
		for _, s := range src.Sources {
			if s.Root == later {
				n = s.Articles
			}
		}
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not take in a file dropped into a source added while it ran; sources %s\n%s", out, errb.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}
