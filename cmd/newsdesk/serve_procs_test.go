package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"newsdesk/bot"
	"newsdesk/internal/slackfake"
)

// serveProc is a real `newsdesk serve` process.
type serveProc struct {
	t     *testing.T
	cmd   *exec.Cmd
	out   *syncBuffer
	token string // its SLACK_BOT_TOKEN, to tell its calls from others'
	done  chan struct{}
}

// startServeProc starts bin serve with env on top of a clean environment
// (no Slack, OpenAI or newsdesk variables from the caller's).
func startServeProc(t *testing.T, bin string, env map[string]string, args ...string) *serveProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "SLACK_") && !strings.HasPrefix(k, "OPENAI_") && !strings.HasPrefix(k, "NEWSDESK_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &serveProc{t: t, cmd: cmd, out: &syncBuffer{}, token: env["SLACK_BOT_TOKEN"], done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	t.Cleanup(p.kill)
	return p
}

// kill ends the process with SIGKILL (no shutdown at all) and waits.
func (p *serveProc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop ends the process with SIGTERM, as an orchestrator would, and waits
// up to 40 s before killing it.
func (p *serveProc) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(40 * time.Second):
		p.t.Errorf("serve (%s) did not stop on SIGTERM in 40 s", p.token)
		p.kill()
	}
}

// writeServeConfig writes a config with an every-minute digest to C9 that
// posts even an empty period, and no corpus watching.
func writeServeConfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "newsdesk.yaml")
	cfg := "digest:\n  schedules:\n    - channel: C9\n      cron: \"* * * * *\"\n  post_empty: true\nwatch:\n  enabled: false\nlog:\n  level: debug\n"
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// digestSlots counts the digests in channel per slot ID (from their
// metadata); untagged messages count under "".
func digestSlots(fake *slackfake.Server, channel string) map[string]int {
	out := map[string]int{}
	for _, m := range fake.Messages(channel) {
		var md struct {
			EventType    string         `json:"event_type"`
			EventPayload map[string]any `json:"event_payload"`
		}
		id := ""
		if json.Unmarshal(m.Metadata, &md) == nil && md.EventType == bot.DigestEventType {
			id, _ = md.EventPayload["slot_id"].(string)
		}
		out[id]++
	}
	return out
}

// waitSlots waits until channel holds at least n distinct digest slots.
func waitSlots(t *testing.T, fake *slackfake.Server, channel string, n int, timeout time.Duration, procs ...*serveProc) map[string]int {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := digestSlots(fake, channel)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			for _, p := range procs {
				t.Logf("serve %s output:\n%s", p.token, tail(p.out.String(), 4000))
			}
			t.Fatalf("%d digest slots in %s after %v, want %d: %v", len(got), channel, timeout, n, got)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// checkEachSlotOnce fails unless every digest in channel is tagged and each
// slot was posted once, by one chat.postMessage each (no blind retries).
func checkEachSlotOnce(t *testing.T, fake *slackfake.Server, channel string, slots map[string]int) {
	t.Helper()
	for id, n := range slots {
		if id == "" {
			t.Errorf("%d digests in %s without their slot tag", n, channel)
		} else if n != 1 {
			t.Errorf("slot %s posted %d times", id, n)
		}
	}
	posts := 0
	for _, c := range fake.Calls("chat.postMessage") {
		if c.Values.Get("channel") == channel {
			posts++
		}
	}
	if posts != len(slots) {
		t.Errorf("%d chat.postMessage calls to %s for %d slots", posts, channel, len(slots))
	}
}

// TestServeDigestOnceAcrossKill runs the real binary against a Slack that
// takes 35 s to answer every post (the client gives up after 30 s), with
// an every-minute digest: serve is killed with SIGKILL while the first
// post is in flight and restarted on the same index folder. Every slot,
// the one in flight included, is in the channel exactly once.
func TestServeDigestOnceAcrossKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real binary for about four minutes")
	}
	seeds := needSeeds(t)
	t.Parallel()
	bin := buildBinary(t)
	fake := slackfake.New()
	defer fake.Close()
	fake.SlowChannelPosts("C9", 1000, 35*time.Second)
	index := t.TempDir()
	env := map[string]string{"SLACK_SIGNING_SECRET": serveSecret, "SLACK_API_URL": fake.APIURL(), "NEWSDESK_CONFIG": writeServeConfig(t)}
	args := []string{"--addr", "127.0.0.1:0", "--index", index, "--corpus", seeds}
	env["SLACK_BOT_TOKEN"] = "xoxb-first-life"
	first := startServeProc(t, bin, env, args...)
	if calls := fake.Wait(100*time.Second, 1, "chat.postMessage"); len(calls) == 0 {
		t.Fatalf("no digest posted in 100 s:\n%s", first.out.String())
	}
	time.Sleep(time.Second) // the post is in flight: Slack answers in 34 s
	first.kill()
	inFlight := digestSlots(fake, "C9")
	if len(inFlight) != 1 {
		t.Fatalf("slots at the kill: %v", inFlight)
	}
	env["SLACK_BOT_TOKEN"] = "xoxb-second-life"
	second := startServeProc(t, bin, env, args...)
	waitSlots(t, fake, "C9", 3, 200*time.Second, first, second)
	time.Sleep(45 * time.Second) // the last post settles; a repeat would show by now
	second.stop()
	slots := digestSlots(fake, "C9")
	for id := range inFlight {
		if slots[id] != 1 {
			t.Errorf("the slot in flight at the kill, %s, is in the channel %d times", id, slots[id])
		}
	}
	checkEachSlotOnce(t, fake, "C9", slots)
	if !strings.Contains(second.out.String(), "taking over a slot") {
		t.Errorf("the restarted serve did not settle the slot left in flight:\n%s", tail(second.out.String(), 4000))
	}
	t.Logf("slots posted once each across a kill -9 and a 35 s Slack: %v", slots)
}

// replicaStateURL creates a fresh schema in NEWSDESK_TEST_POSTGRES_URL's
// database (dropped afterwards) and returns a URL whose search_path is it;
// it skips the test when the variable is unset.
func replicaStateURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("NEWSDESK_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("NEWSDESK_TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable); skipping the replica tests")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "newsdesk_replicas_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to NEWSDESK_TEST_POSTGRES_URL: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, base); err == nil {
			_, _ = c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			c.Close(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestReplicasTwo(t *testing.T)                 { runReplicas(t, 2, false) }
func TestReplicasThreeKillOneMidPost(t *testing.T) { runReplicas(t, 3, true) }

// runReplicas runs n real serve replicas in Socket Mode, each with its own
// index folder, sharing their state in PostgreSQL, against one fake Slack:
// an event and a slash command delivered to every connection (and then
// redelivered as retries) are answered once; an every-minute digest in all
// replicas is posted once per slot; with kill, the replica holding the
// first digest post in flight is killed with SIGKILL and that slot is still
// posted once.
func runReplicas(t *testing.T, n int, kill bool) {
	if testing.Short() {
		t.Skip("runs real serve replicas for minutes")
	}
	seeds := needSeeds(t)
	stateURL := replicaStateURL(t)
	t.Parallel()
	bin := buildBinary(t)
	fake := slackfake.New()
	defer fake.Close()
	if kill {
		fake.SlowChannelPosts("C9", 1, 35*time.Second)
	}
	cfg := writeServeConfig(t)
	var procs []*serveProc
	for i := range n {
		env := map[string]string{
			"SLACK_BOT_TOKEN": "xoxb-replica-" + string(rune('a'+i)), "SLACK_APP_TOKEN": "xapp-replicas",
			"SLACK_API_URL": fake.APIURL(), "NEWSDESK_CONFIG": cfg, "NEWSDESK_STATE_URL": stateURL,
		}
		procs = append(procs, startServeProc(t, bin, env, "--addr", "127.0.0.1:0", "--index", t.TempDir(), "--corpus", seeds))
	}
	if err := fake.WaitConnections(n, 120*time.Second); err != nil {
		for _, p := range procs {
			t.Logf("%s:\n%s", p.token, tail(p.out.String(), 3000))
		}
		t.Fatal(err)
	}

	// One event and one slash command, delivered to every connection, then
	// again as retries.
	ts := fake.NewTS()
	event := slackfake.EventCallback("EvReplicas", slackfake.Mention("C1", "U1", "<@UBOT> Who is the director of Israel's Mossad?", ts, ""))
	form := slackfake.SlashForm("/ask", "How long a pause in fighting has Israel proposed?", "U2", "C1", fake.ResponseURL("replicas"))
	for attempt := range 2 {
		if _, err := fake.SendAll(slackfake.EventsEnvelope("ev"+string(rune('0'+attempt)), attempt, event)); err != nil {
			t.Fatal(err)
		}
		if _, err := fake.SendAll(slackfake.SlashEnvelope("sl"+string(rune('0'+attempt)), form)); err != nil {
			t.Fatal(err)
		}
	}
	fake.Wait(60*time.Second, 1, "response_url")
	deadline := time.Now().Add(60 * time.Second)
	for len(threadPosts(fake, ts)) == 0 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(3 * time.Second) // a second answer would be under way by now
	if got := threadPosts(fake, ts); len(got) != 1 || !strings.Contains(got[0].Content, "[1]") {
		t.Errorf("the event delivered to %d connections twice got %d answers, want one cited answer", n, len(got))
	}
	if got := fake.Calls("response_url"); len(got) != 1 {
		t.Errorf("the slash command delivered to %d connections twice got %d answers, want one", n, len(got))
	}

	// The digests: each slot once, even with the poster of one killed.
	var killed *serveProc
	want := 2
	if kill {
		want = 3
		var post *slackfake.Call
		for deadline := time.Now().Add(100 * time.Second); post == nil && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			for _, c := range fake.Calls("chat.postMessage") {
				if c.Values.Get("channel") == "C9" {
					post = &c
					break
				}
			}
		}
		if post == nil {
			t.Fatal("no replica posted a digest in 100 s")
		}
		for _, p := range procs {
			if p.token == post.Token {
				killed = p
			}
		}
		if killed == nil || time.Since(post.At) > 30*time.Second {
			t.Fatalf("the digest post (token %q, %v ago) is no longer in flight at a replica", post.Token, time.Since(post.At))
		}
		time.Sleep(time.Second) // in flight: Slack answers in 34 s
		killed.kill()
		t.Logf("killed %s while its digest post was in flight", killed.token)
	}
	waitSlots(t, fake, "C9", want, 200*time.Second, procs...)
	time.Sleep(15 * time.Second)
	for _, p := range procs {
		if p != killed {
			p.stop()
		}
	}
	slots := digestSlots(fake, "C9")
	checkEachSlotOnce(t, fake, "C9", slots)
	if killed != nil {
		tookOver := false
		for _, p := range procs {
			tookOver = tookOver || (p != killed && strings.Contains(p.out.String(), "taking over a slot"))
		}
		if !tookOver {
			t.Error("no surviving replica took over the slot left in flight")
		}
	}
	posters := map[string]int{}
	for _, c := range fake.Calls("chat.postMessage") {
		if c.Values.Get("channel") == "C9" {
			posters[c.Token]++
		}
	}
	t.Logf("%d replicas: slots %v posted by %v", n, slots, posters)
}

// threadPosts are the bot's posts in the thread of ts in C1.
func threadPosts(fake *slackfake.Server, ts string) []slackfake.Call {
	var out []slackfake.Call
	for _, c := range fake.Calls("chat.postMessage") {
		if c.Values.Get("channel") == "C1" && c.Values.Get("thread_ts") == ts {
			out = append(out, c)
		}
	}
	return out
}
