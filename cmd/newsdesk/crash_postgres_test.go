package main

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"newsdesk/internal/pgtest"
	"newsdesk/internal/synth"
)

var embeddedRE = regexp.MustCompile(`(\d+) passages embedded`)

// pgIngestTimeout bounds one ingest in the kill tests, so a server that
// stalls fails the test instead of hanging it.
const pgIngestTimeout = 5 * time.Minute

// pgIngest runs one ingest of corpus into index to its end and returns its
// counts, what it embedded and how long it took.
func pgIngest(t *testing.T, bin, corpus, index string) (articles, passages, embedded int, took time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pgIngestTimeout)
	defer cancel()
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "ingest", "--corpus", corpus, "--index", index)
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("ingest %s: %v\n%s", corpus, err, errb.String())
	}
	took = time.Since(t0)
	m, e := passagesRE.FindStringSubmatch(out.String()), embeddedRE.FindStringSubmatch(out.String())
	if m == nil || e == nil {
		t.Fatalf("no counts in %q", out.String())
	}
	articles, _ = strconv.Atoi(m[1])
	passages, _ = strconv.Atoi(m[2])
	embedded, _ = strconv.Atoi(e[1])
	return articles, passages, embedded, took
}

// killDuringPostgresIngest is the kill test: a clean build of corpus into an
// embedded index gives the counts; a clean ingest into the database at url
// must match them and measures how long an ingest takes there; then, from an
// empty database, kills ingests with SIGKILL at random moments within that
// time (so mid-ingest on a slow machine or a fast one), checks the index
// opens after each, and checks that the next ingest ends with exactly the
// clean counts and one more embeds nothing.
func killDuringPostgresIngest(t *testing.T, corpus, url string, kills int) {
	t.Helper()
	bin := buildBinary(t)
	cleanA, cleanP, _, _ := pgIngest(t, bin, corpus, t.TempDir()) // the embedded index chunks alike
	a, p, _, took := pgIngest(t, bin, corpus, url)
	if a != cleanA || p != cleanP {
		t.Fatalf("a clean ingest into PostgreSQL: %d articles, %d passages; the embedded index has %d, %d", a, p, cleanA, cleanP)
	}
	t.Logf("a clean ingest into PostgreSQL: %d articles, %d passages in %s", a, p, took.Round(time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := pgtest.DropIndex(ctx, url); err != nil {
		t.Fatal(err)
	}

	// A kill lands at a random moment within the time a whole ingest takes.
	// That time is a guess (the machine's load changes under a test run), so
	// an ingest that ends before its kill is not counted: the index is
	// dropped, the window shrinks to what that ingest took, and another is
	// started, until kills ingests were killed or attempts run out.
	rng := rand.New(rand.NewPCG(2, uint64(time.Now().UnixNano())))
	killed := 0
	for attempt := 0; killed < kills; attempt++ {
		if attempt == 4*kills {
			t.Fatalf("%d of %d ingests ended before their kill; the test did not test %d kills", attempt-killed, attempt, kills)
		}
		cmd := exec.Command(bin, "ingest", "--corpus", corpus, "--index", url)
		t0 := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		at := took/10 + time.Duration(rng.Int64N(int64(took*8/10)+1))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			took = time.Since(t0)
			t.Logf("attempt %d: the ingest ended (%v) in %s, before its kill at %s; dropping the index and trying again", attempt, err, took.Round(time.Millisecond), at.Round(time.Millisecond))
			dctx, dcancel := context.WithTimeout(context.Background(), time.Minute)
			err = pgtest.DropIndex(dctx, url)
			dcancel()
			if err != nil {
				t.Fatal(err)
			}
			continue
		case <-time.After(at):
			_ = cmd.Process.Signal(syscall.SIGKILL)
			<-done
			killed++
			t.Logf("attempt %d: killed at %s", attempt, at.Round(time.Millisecond))
		}
		sctx, scancel := context.WithTimeout(context.Background(), pgIngestTimeout)
		out, err := exec.CommandContext(sctx, bin, "search", "--index", url, "--json", "hurricane").CombinedOutput()
		scancel()
		if err != nil {
			t.Fatalf("index does not open after kill %d: %v\n%s", killed, err, out)
		}
	}
	a, p, _, _ = pgIngest(t, bin, corpus, url)
	if a != cleanA || p != cleanP {
		t.Fatalf("after kills and a re-run: %d articles, %d passages; a clean build has %d, %d", a, p, cleanA, cleanP)
	}
	if _, _, e, _ := pgIngest(t, bin, corpus, url); e != 0 {
		t.Fatalf("an unchanged re-ingest embedded %d passages", e)
	}
}

// TestKillDuringPostgresIngestLeavesAnIndexThatCompletes is the kill test
// on a synthetic corpus written into the test's temp dir: 150 articles, one
// a file, small enough for PGlite's socket server (CI's pgvector server).
func TestKillDuringPostgresIngestLeavesAnIndexThatCompletes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests a synthetic corpus into PostgreSQL several times")
	}
	url := pgtest.VectorURL(t)
	if pgtest.IsPGlite(t, url) {
		url = shieldPGlite(t, url)
	}
	corpus := t.TempDir()
	if _, err := synth.New(synth.DefaultOptions()).WriteDir(context.Background(), corpus, 150, 1); err != nil {
		t.Fatal(err)
	}
	killDuringPostgresIngest(t, corpus, url, 2)
}

// TestKillDuringPostgresIngestOfRealtimeQALeavesAnIndexThatCompletes is the
// kill test on the realtimeqa corpus (3,827 articles, several write batches,
// so kills land between commits too), for a real PostgreSQL with pgvector.
func TestKillDuringPostgresIngestOfRealtimeQALeavesAnIndexThatCompletes(t *testing.T) {
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
	killDuringPostgresIngest(t, realtimeqa, url, 2)
}

// shieldPGlite returns url through a loopback proxy that ends each of its
// connections to the server in order: when the client is killed, the proxy
// closes its side to the server and reads what the server still sends until
// the server closes. PGlite's socket server (0.0.20) dies of an unhandled
// ECONNRESET when a client killed with unread data in its socket resets the
// connection, and would take the rest of the test run with it.
func shieldPGlite(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	upstream := u.Host
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go proxyConn(c, upstream)
		}
	}()
	u.Host = l.Addr().String()
	return u.String()
}

func proxyConn(c net.Conn, upstream string) {
	defer c.Close()
	s, err := net.Dial("tcp", upstream)
	if err != nil {
		return
	}
	defer s.Close()
	toClient := make(chan struct{})
	go func() {
		defer close(toClient)
		var dead bool
		buf := make([]byte, 32<<10)
		for {
			n, err := s.Read(buf)
			if n > 0 && !dead {
				if _, werr := c.Write(buf[:n]); werr != nil {
					dead = true // keep draining the server
				}
			}
			if err != nil {
				return
			}
		}
	}()
	_, _ = io.Copy(s, c)
	if tc, ok := s.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
	_ = c.Close()
	select {
	case <-toClient:
	case <-time.After(time.Minute):
	}
}
