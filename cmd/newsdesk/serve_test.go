package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/slackfake"
)

const serveSecret = "serve-test-signing-secret"

func TestServeRefusesWithoutSecrets(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no bot token", map[string]string{"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"},
		{"http without signing secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"},
		{"socket without bot token", map[string]string{"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"},
		{"app token as bot token", map[string]string{"SLACK_BOT_TOKEN": "xapp-1-A1-secret", "SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN (or slack.bot_token) must be the bot token, which starts with xoxb-; this one starts with xapp-"},
		{"swapped tokens", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN (or slack.app_token) must be the app-level token, which starts with xapp-; this one starts with xoxb-"},
		{"user token", map[string]string{"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_SIGNING_SECRET": "s"}, "xoxp- (a user token"},
		{"bad state url", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "NEWSDESK_STATE_URL": "mysql://u:pw@h/db"}, "state.url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCmd(t, tt.env, "serve", "--index", t.TempDir())
			if code != 1 || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Fatalf("exit %d, stderr %q; want exit 1 and one sentence naming %s", code, errs, tt.want)
			}
			if strings.Contains(errs, "A1-secret") || strings.Contains(errs, ":pw@") {
				t.Fatalf("stderr shows a secret: %q", errs)
			}
		})
	}
}

// served is `newsdesk serve` running in-process against a fake Slack.
type served struct {
	t     *testing.T
	base  string
	slack *slackfake.Server
	stop  func() error
	errs  *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs serve on the seeds (and any extra corpus folders) with a
// fake Slack; socket chooses Socket Mode.
func startServe(t *testing.T, socket bool, extra ...string) *served {
	t.Helper()
	seeds := needSeeds(t)
	fake := slackfake.New()
	t.Cleanup(fake.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-serve-test-token", "SLACK_SIGNING_SECRET": serveSecret, "SLACK_API_URL": fake.APIURL(),
	}
	if socket {
		env["SLACK_APP_TOKEN"] = "xapp-serve-test-token"
	}
	ctx, cancel := context.WithCancel(context.Background())
	errs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		args := []string{"serve", "--addr", addr, "--index", t.TempDir(), "--corpus", seeds}
		for _, c := range extra {
			args = append(args, "--corpus", c)
		}
		done <- run(ctx, args,
			func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, errs)
	}()
	s := &served{t: t, base: "http://" + addr, slack: fake, errs: errs}
	var once sync.Once
	var stopErr error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(40 * time.Second):
				stopErr = fmt.Errorf("serve did not stop in 40 s")
			}
		})
		return stopErr
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited: %v\n%s", err, errs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready in 60 s:\n%s", errs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Cleanup(func() { _ = s.stop() })
	return s
}

func (s *served) post(path, contentType string, body []byte) (int, string, time.Duration) {
	start := time.Now()
	req := slackfake.SignedRequest(serveSecret, s.base+path, contentType, body, time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Error(err)
		return 0, "", 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), time.Since(start)
}

func TestServeHTTP(t *testing.T) {
	s := startServe(t, false)
	code, body, took := s.post("/slack/commands", "application/x-www-form-urlencoded",
		[]byte(slackfake.SlashForm("/ask", "Who is the director of Israel's Mossad?", "U1", "C1", s.slack.ResponseURL("ask")).Encode()))
	if code != 200 || took > 3*time.Second {
		t.Fatalf("ack %d after %v: %s", code, took, body)
	}
	calls := s.slack.Wait(30*time.Second, 1, "response_url")
	if len(calls) != 1 || !strings.Contains(calls[0].Content, "[1]") || !strings.Contains(calls[0].Content, "Barnea") {
		t.Fatalf("no cited answer on the response_url: %+v", calls)
	}
	ts := s.slack.NewTS()
	ev, _ := json.Marshal(slackfake.EventCallback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> How long a pause in fighting has Israel proposed?", ts, "")))
	if code, _, _ := s.post("/slack/events", "application/json", ev); code != 200 {
		t.Fatalf("event: %d", code)
	}
	posts := s.slack.Wait(30*time.Second, 1, "chat.postMessage")
	if len(posts) == 0 || posts[0].Values.Get("thread_ts") != ts || !strings.Contains(posts[0].Content, "[1]") {
		t.Fatalf("mention not answered in its thread: posts %+v", posts)
	}
	if code, _, _ := s.post("/slack/events", "application/json", []byte("{")); code != 400 {
		t.Errorf("malformed event: %d, want 400", code)
	}
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(m), `newsdesk_questions_total{kind="command",transport="http"} 1`) {
		t.Errorf("metrics lack the question count:\n%.2000s", m)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("serve returned %v on shutdown", err)
	}
	if strings.Contains(s.errs.String(), "xoxb-serve-test-token") || strings.Contains(s.errs.String(), serveSecret) {
		t.Error("logs contain a secret")
	}
}

func TestServeSocketMode(t *testing.T) {
	s := startServe(t, true)
	if err := s.slack.WaitConnected(20 * time.Second); err != nil {
		t.Fatalf("%v\n%s", err, s.errs.String())
	}
	if err := s.slack.Send(slackfake.SlashEnvelope("env-1", slackfake.SlashForm("/ask", "Who is the director of Israel's Mossad?", "U1", "C1", s.slack.ResponseURL("sock")))); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.slack.WaitAck("env-1", 3*time.Second); !ok {
		t.Fatal("slash command not acknowledged within 3 s")
	}
	calls := s.slack.Wait(30*time.Second, 1, "response_url")
	if len(calls) != 1 || !strings.Contains(calls[0].Content, "Barnea") {
		t.Fatalf("no answer over Socket Mode: %+v", calls)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("serve returned %v on shutdown", err)
	}
}

// TestServeLatency asks 50 questions at once over HTTP and logs the
// acknowledgement and answer latency percentiles (no assertions on time):
//
//	go test ./cmd/newsdesk -run TestServeLatency -v
func TestServeLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("latency run skipped in -short")
	}
	s := startServe(t, false)
	questions := []string{
		"How long a pause in fighting has Israel proposed?", "Who is the director of Israel's Mossad?",
		"How many hostages were freed during the weeklong pause in November?", "Where will Burns meet the officials?",
		"What do Qatar and Egypt do in the talks?",
	}
	const n = 50
	var wg sync.WaitGroup
	starts := make([]time.Time, n)
	acks := make([]time.Duration, n)
	for i := range n {
		wg.Go(func() {
			form := slackfake.SlashForm("/ask", questions[i%len(questions)], fmt.Sprintf("U%03d", i), "C1", s.slack.ResponseURL(fmt.Sprint("q", i)))
			starts[i] = time.Now()
			code, body, took := s.post("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()))
			acks[i] = took
			if code != 200 || !strings.Contains(body, "Searching") {
				t.Errorf("ask %d: %d %q", i, code, body)
			}
		})
	}
	wg.Wait()
	calls := s.slack.Wait(120*time.Second, n, "response_url")
	if len(calls) != n {
		t.Fatalf("%d of %d answered", len(calls), n)
	}
	var answers []time.Duration
	cited := 0
	for _, c := range calls {
		var i int
		fmt.Sscanf(c.Path[strings.LastIndex(c.Path, "/q")+2:], "%d", &i)
		answers = append(answers, c.At.Sub(starts[i]))
		if strings.Contains(c.Content, "[1]") {
			cited++
		}
	}
	t.Logf("50 concurrent /ask on the seeds (workers %d): ack p50 %v p99 %v; answer p50 %v p99 %v; %d/%d answers cited",
		DefaultConfig().Slack.Workers, pct(acks, 50), pct(acks, 99), pct(answers, 50), pct(answers, 99), cited, n)
}

func pct(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))].Round(100 * time.Microsecond)
}

// hostileArticle is a corpus article whose title and text try to ping the
// channel, a user and a group, and to smuggle a link.
const hostileArticle = `---
title: "<!channel> Lighthouse keepers strike <@U123>"
source: "<!here> Harbour Gazette"
url: "https://harbour.example/strike"
published_at: 2024-01-20
---
The lighthouse keepers of Port Amber went on strike on Monday <!everyone>, said union leader Mara Quist <@U123>.
Details at <http://evil.example|click here> and <!subteam^S42|@keepers>; the strike over lighthouse pay continues.
`

func TestServeEscapesHostileArticles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hostile.md"), []byte(hostileArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, false, dir)
	q := "Why did the lighthouse keepers of Port Amber strike?"
	s.post("/slack/commands", "application/x-www-form-urlencoded", []byte(slackfake.SlashForm("/ask", q, "U1", "C1", s.slack.ResponseURL("ask")).Encode()))
	ev, _ := json.Marshal(slackfake.EventCallback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> "+q, s.slack.NewTS(), "")))
	s.post("/slack/events", "application/json", ev)
	answers := s.slack.Wait(30*time.Second, 1, "response_url")
	s.slack.Wait(30*time.Second, 1, "chat.postMessage")
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if len(answers) == 0 || !strings.Contains(answers[0].Content, "Lighthouse keepers") {
		t.Fatalf("the hostile article was not cited: %+v", answers)
	}
	bad := regexp.MustCompile(`<!channel>|<!here>|<!everyone>|<@U|<!subteam|<http://evil`)
	for _, c := range s.slack.Calls() {
		if bad.MatchString(c.Content) {
			t.Errorf("%s posted %q unescaped: %s", c.Method, bad.FindString(c.Content), c.Content)
		}
	}
}

// TestServeAnswersFromAFileDroppedWhileRunning drops an article into a
// watched corpus folder while serve runs, then asks /ask about it until it
// is answered with that article cited (within 10 s).
func TestServeAnswersFromAFileDroppedWhileRunning(t *testing.T) {
	extra := t.TempDir()
	s := startServe(t, false, extra)
	article := "---\ntitle: Lighthouse keeper retires after forty years\nsource: Harbor Gazette\npublished_at: 2026-11-20\n---\n" +
		"Marguerite Olsen, the keeper of the Cape Wren lighthouse, retired on Friday after forty years of service, the harbor board said.\n"
	if err := os.WriteFile(filepath.Join(extra, "lighthouse.md"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; ; i++ {
		name := fmt.Sprint("drop", i)
		form := slackfake.SlashForm("/ask", "Who kept the Cape Wren lighthouse?", "U7", "C1", s.slack.ResponseURL(name))
		if code, body, _ := s.post("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode())); code != 200 {
			t.Fatalf("ack %d: %s", code, body)
		}
		calls := s.slack.Wait(10*time.Second, i+1, "response_url")
		if len(calls) > i && strings.Contains(calls[i].Content, "Olsen") && strings.Contains(calls[i].Content, "Harbor Gazette") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the dropped article was not answerable within 10 s; last answer: %+v", calls)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func TestServeSaysWhenTheStateIsUnreachable(t *testing.T) {
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
		"NEWSDESK_STATE_URL": "postgres://newsdesk:hunter2@127.0.0.1:1/newsdesk?sslmode=disable&connect_timeout=2"}
	_, errs, code := runCmd(t, env, "serve", "--addr", "127.0.0.1:0", "--index", t.TempDir(), "--corpus", needSeeds(t))
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	last := lines[len(lines)-1]
	if code != 1 || !strings.Contains(last, "NEWSDESK_STATE_URL") || !strings.Contains(last, "PostgreSQL") {
		t.Fatalf("exit %d, stderr %q; want exit 1 and a sentence naming the state URL", code, errs)
	}
	if strings.Contains(errs, "hunter2") {
		t.Fatalf("stderr shows the database password: %q", errs)
	}
}
