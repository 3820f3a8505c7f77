package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/answer"
	"newsdesk/internal/news"
	"newsdesk/internal/slackfake"
)

var _ Answerer = (*answer.Service)(nil)

const testSecret = "test-signing-secret"

// answererFunc is an Answerer made of a closure.
type answererFunc func(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error)

func (f answererFunc) Answer(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
	return f(ctx, q, onDelta)
}

// recorder is an Answerer that answers normalAnswer and remembers the
// questions it was asked.
type recorder struct {
	mu  sync.Mutex
	qs  []news.Question
	ans news.Answer
}

func (r *recorder) Answer(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.qs = append(r.qs, q)
	if r.ans.Text == "" {
		return normalAnswer(), nil
	}
	return r.ans, nil
}

func (r *recorder) questions() []news.Question {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]news.Question(nil), r.qs...)
}

// harness is a started Bot with a fake Slack and its HTTP endpoints.
type harness struct {
	t     *testing.T
	bot   *Bot
	slack *slackfake.Server
	srv   *httptest.Server
	logs  *bytes.Buffer
}

func newHarness(t *testing.T, ans Answerer, edit func(*Options)) *harness {
	t.Helper()
	fake := slackfake.New()
	t.Cleanup(fake.Close)
	opt := DefaultOptions()
	opt.SigningSecret = testSecret
	opt.UpdateEvery = 20 * time.Millisecond
	opt.RatePerMinute = 0
	logs := &bytes.Buffer{}
	opt.Log = slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if edit != nil {
		edit(&opt)
	}
	b, err := New(NewClient("xoxb-secret-bot-token", fake.APIURL(), nil), ans, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(b.Handler())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = b.Shutdown(ctx)
		srv.Close()
	})
	return &harness{t: t, bot: b, slack: fake, srv: srv, logs: logs}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// post sends a signed request and returns the status and body.
func (h *harness) post(path, contentType string, body []byte, header http.Header) (int, string) {
	h.t.Helper()
	req := slackfake.SignedRequest(testSecret, h.srv.URL+path, contentType, body, time.Now())
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (h *harness) event(eventID string, inner map[string]any, header http.Header) int {
	h.t.Helper()
	body, _ := json.Marshal(slackfake.EventCallback(eventID, inner))
	code, _ := h.post("/slack/events", "application/json", body, header)
	return code
}

func (h *harness) command(form url.Values) (int, string) {
	h.t.Helper()
	return h.post("/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), nil)
}

func (h *harness) click(payload map[string]any) int {
	h.t.Helper()
	p, _ := json.Marshal(payload)
	code, _ := h.post("/slack/interactive", "application/x-www-form-urlencoded", []byte(url.Values{"payload": {string(p)}}.Encode()), nil)
	return code
}

// settle waits for the bot to finish what it started (answers, reactions).
func (h *harness) settle() {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.bot.Shutdown(ctx); err != nil {
		h.t.Fatal(err)
	}
}

// noUnsafe fails when any call to Slack carries unescaped markup.
func noUnsafe(t *testing.T, calls []slackfake.Call) {
	t.Helper()
	for _, c := range calls {
		if unsafe.MatchString(c.Content) {
			t.Errorf("%s posted unescaped markup %q in %q", c.Method, unsafe.FindString(c.Content), c.Content)
		}
	}
}

func contentHas(calls []slackfake.Call, s string) bool {
	for _, c := range calls {
		if strings.Contains(c.Content, s) {
			return true
		}
	}
	return false
}
