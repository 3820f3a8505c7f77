package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/openaifake"
)

func TestDigestDryRunOnSeeds(t *testing.T) {
	seeds := needSeeds(t)
	index := t.TempDir()
	out, errOut, code := runCmd(t, nil, "digest", "--index", index, "--corpus", seeds, "--dry-run", "--since", "100000h")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	if !strings.Contains(out, "News digest: 1 story") || strings.Contains(out, "\n2. ") {
		t.Errorf("want exactly one story:\n%s", out)
	}
	for _, outlet := range []string{"ABC News", "CNN", "The Washington Post", "The New York Times"} {
		if !strings.Contains(out, "] "+outlet+" — ") {
			t.Errorf("outlet %q missing from the sources:\n%s", outlet, out)
		}
	}
	// The seeds have no titles: their sources are titled from their ledes.
	if m := regexp.MustCompile(`(?m)^   \[\d+\] .*(\.txt|Untitled)`).FindString(out); m != "" {
		t.Errorf("a source titled with a file name: %q", m)
	}
	// The summary is the line after the headline; each sentence is cited.
	lines := strings.Split(out, "\n")
	var summary string
	for i, l := range lines {
		if strings.HasPrefix(l, "1. ") && i+1 < len(lines) {
			summary = strings.TrimSpace(lines[i+1])
		}
	}
	sentences := regexp.MustCompile(`\[\d+\][.!?]`).Split(summary, -1)
	if summary == "" || strings.TrimSpace(sentences[len(sentences)-1]) != "" {
		t.Errorf("summary sentence without a citation at its end: %q", summary)
	}
	for _, m := range regexp.MustCompile(`\[(\d+)\]`).FindAllStringSubmatch(summary, -1) {
		if !strings.Contains(out, "\n   ["+m[1]+"] ") {
			t.Errorf("[%s] cited but not listed:\n%s", m[1], out)
		}
	}
}

func TestDigestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"bad since", []string{"digest", "--since", "yesterday"}, nil, "--since"},
		{"negative since", []string{"digest", "--since", "-3h"}, nil, "--since"},
		{"post without token", []string{"digest", "--post", "C1"}, nil, "SLACK_BOT_TOKEN"},
		{"stray argument", []string{"digest", "today"}, nil, "no arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCmd(t, tc.env, append(tc.args, "--index", t.TempDir())...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and a message about %s", code, errOut, tc.want)
			}
		})
	}
}

func TestParseSince(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"24h", 24 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"7d", 7 * 24 * time.Hour, true},
		{"1.5d", 36 * time.Hour, true},
		{"0h", 0, false},
		{"d", 0, false},
		{"week", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseSince(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("parseSince(%q) = %v, %v", tc.in, got, err)
			}
		})
	}
}

func TestPrintDigestEmpty(t *testing.T) {
	var b bytes.Buffer
	printDigest(&b, news.Digest{Since: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)})
	if got := b.String(); got != "Nothing new since 2026-01-05 08:00 UTC.\n" {
		t.Errorf("got %q", got)
	}
}

// fakeSlack is a Slack Web API that records chat.postMessage calls.
type fakeSlack struct {
	mu    sync.Mutex
	posts []url.Values
}

func (f *fakeSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasSuffix(r.URL.Path, "/chat.postMessage"):
		b, _ := io.ReadAll(r.Body)
		v, _ := url.ParseQuery(string(b))
		f.mu.Lock()
		f.posts = append(f.posts, v)
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.000100"}`, v.Get("channel"))
	case strings.HasSuffix(r.URL.Path, "/auth.test"):
		fmt.Fprint(w, `{"ok":true,"user_id":"UBOT","bot_id":"BBOT","team":"T"}`)
	default:
		fmt.Fprint(w, `{"ok":false,"error":"unknown_method"}`)
	}
}

func TestDigestPost(t *testing.T) {
	seeds := needSeeds(t)
	slack := &fakeSlack{}
	srv := httptest.NewServer(slack)
	defer srv.Close()
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": srv.URL + "/"}
	out, errOut, code := runCmd(t, env, "digest", "--index", t.TempDir(), "--corpus", seeds, "--since", "100000h", "--post", "C0NEWS")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	slack.mu.Lock()
	defer slack.mu.Unlock()
	if len(slack.posts) != 1 || slack.posts[0].Get("channel") != "C0NEWS" {
		t.Fatalf("posts = %v, want one to C0NEWS", slack.posts)
	}
	if blocks := slack.posts[0].Get("blocks"); !strings.Contains(blocks, "Washington Post") {
		t.Errorf("posted blocks lack the story's sources: %s", blocks)
	}
	if !strings.Contains(out, "posted the digest (1 story) to C0NEWS") {
		t.Errorf("stdout = %q", out)
	}
}

func TestBackgroundWatchesCorpus(t *testing.T) {
	seeds := needSeeds(t)
	ctx := context.Background()
	corpus := t.TempDir()
	first, _ := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if len(first) == 0 {
		t.Skip("no seed files")
	}
	copyFile(t, first[0], filepath.Join(corpus, filepath.Base(first[0])))
	cfg := DefaultConfig()
	cfg.Index, cfg.Corpus = t.TempDir(), []string{corpus}
	cfg.Watch.Debounce = 20 * time.Millisecond
	var stderr bytes.Buffer
	s := streams{env: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr}
	ix, err := openIndex(ctx, cfg, s)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	stop, err := startBackground(ctx, cfg, ix, newLogger(cfg, io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	deadline := time.Now().Add(10 * time.Second)
	for i := 1; ; i++ {
		if n, _ := ix.Len(); n >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a file dropped into the watched corpus was not indexed within 10s")
		}
		if i < len(first) {
			// Drop a new file; the watcher may not have been ready for
			// the one before.
			copyFile(t, first[i], filepath.Join(corpus, filepath.Base(first[i])))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBackgroundTakesInFeeds(t *testing.T) {
	seeds := needSeeds(t)
	ctx := context.Background()
	mux := http.NewServeMux()
	var srvURL string
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Gazette</title>
<item><title>Port strike ends after three weeks</title><link>%s/a1</link><guid>a1</guid>
<pubDate>Mon, 05 Jan 2026 09:00:00 GMT</pubDate></item></channel></rss>`, srvURL)
	})
	mux.HandleFunc("/a1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><article><p>Dock workers voted on Monday to end a three-week strike that had stranded hundreds of containers at the harbor.</p></article></body></html>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL

	cfg := DefaultConfig()
	cfg.Index, cfg.Corpus = t.TempDir(), []string{seeds}
	cfg.Watch.Enabled = false
	cfg.Feeds = []FeedConfig{{URL: srv.URL + "/feed.xml", Interval: time.Hour}}
	cfg, err := serveCorpus(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := streams{env: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	ix, err := openIndex(ctx, cfg, s)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	before, _ := ix.Len()
	stop, err := startBackground(ctx, cfg, ix, newLogger(cfg, io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if n, _ := ix.Len(); n == before+1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the feed's item was not indexed within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	found := false
	for _, a := range ix.Articles(time.Time{}, time.Now().Add(time.Hour)) {
		if a.Title == "Port strike ends after three weeks" && a.Source == "Harbor Gazette" && strings.Contains(a.Body, "Dock workers") {
			found = true
		}
	}
	if !found {
		t.Error("the feed article is not in the index with its title, outlet and text")
	}
}

func TestConfigRejectsBadSchedule(t *testing.T) {
	tests := []struct {
		name, yaml, key string
	}{
		{"bad cron", "digest:\n  schedules:\n    - channel: C1\n      cron: \"every morning\"\n", "digest.schedules[0].cron"},
		{"bad zone", "digest:\n  schedules:\n    - channel: C1\n      cron: \"0 8 * * *\"\n      timezone: Mars/Olympus\n", "digest.schedules[0].timezone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.yaml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, errOut, code := runCmd(t, nil, "digest", "--config", path, "--index", t.TempDir())
			if code != 1 || !strings.Contains(errOut, tc.key) {
				t.Errorf("exit %d, stderr %q; want 1 and the key %s", code, errOut, tc.key)
			}
		})
	}
}

func TestDigestWithLLM(t *testing.T) {
	seeds := needSeeds(t)
	tests := []struct {
		name        string
		reply       openaifake.Reply
		wantHead    string
		wantSummary string // a substring; "" means the extractive summary
	}{
		{"llm summary", openaifake.Reply{Content: "HEADLINE: CIA chief heads to Europe for hostage talks\nSUMMARY: Bill Burns will meet Israeli, Egyptian and Qatari officials [1][2]."},
			"1. CIA chief heads to Europe for hostage talks", "Bill Burns will meet Israeli, Egyptian and Qatari officials [1][2]."},
		{"llm down, extractive", openaifake.Reply{Status: http.StatusBadRequest, Body: `{"error":{"message":"bad model"}}`}, "1. ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			llm := openaifake.New(t)
			llm.SetChat(func(openaifake.Request) openaifake.Reply { return tc.reply })
			env := map[string]string{"OPENAI_BASE_URL": llm.URL, "OPENAI_API_KEY": "sk-test"}
			out, errOut, code := runCmd(t, env, "digest", "--index", t.TempDir(), "--corpus", seeds, "--dry-run", "--since", "100000h")
			if code != 0 {
				t.Fatalf("exit %d; stderr:\n%s", code, errOut)
			}
			if !strings.Contains(out, tc.wantHead) || (tc.wantSummary != "" && !strings.Contains(out, tc.wantSummary)) {
				t.Errorf("output:\n%s", out)
			}
			if tc.wantSummary == "" && !regexp.MustCompile(`\[\d+\]\.`).MatchString(out) {
				t.Errorf("no cited extractive summary after the LLM failed:\n%s", out)
			}
			if len(llm.Requests()) == 0 {
				t.Error("the LLM was not asked")
			}
		})
	}
}
