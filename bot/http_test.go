package bot

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/slackfake"
)

func TestHTTPRequestRules(t *testing.T) {
	h := newHarness(t, &recorder{}, nil)
	goodEvent, _ := json.Marshal(slackfake.EventCallback("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> hi", "1.000001", "")))
	signed := func(body []byte, at time.Time) *http.Request {
		return slackfake.SignedRequest(testSecret, h.srv.URL+"/slack/events", "application/json", body, at)
	}
	tests := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"good signature", func() *http.Request { return signed(goodEvent, time.Now()) }, 200},
		{"missing signature", func() *http.Request {
			r := signed(goodEvent, time.Now())
			r.Header.Del("X-Slack-Signature")
			return r
		}, 401},
		{"missing timestamp", func() *http.Request {
			r := signed(goodEvent, time.Now())
			r.Header.Del("X-Slack-Request-Timestamp")
			return r
		}, 401},
		{"bad signature", func() *http.Request {
			r := signed(goodEvent, time.Now())
			r.Header.Set("X-Slack-Signature", "v0=0000")
			return r
		}, 401},
		{"stale timestamp", func() *http.Request { return signed(goodEvent, time.Now().Add(-6*time.Minute)) }, 401},
		{"body changed after signing", func() *http.Request {
			r := signed(goodEvent, time.Now())
			r.Body = io.NopCloser(bytes.NewReader(append(goodEvent, ' ')))
			r.ContentLength++
			return r
		}, 401},
		{"malformed json", func() *http.Request { return signed([]byte(`{"type":`), time.Now()) }, 400},
		{"json without type", func() *http.Request { return signed([]byte(`{"x":1}`), time.Now()) }, 400},
		{"event_callback without event", func() *http.Request { return signed([]byte(`{"type":"event_callback","event_id":"E"}`), time.Now()) }, 400},
		{"unknown inner event acknowledged", func() *http.Request {
			return signed([]byte(`{"type":"event_callback","event_id":"E9","event":{"type":"no_such_event"}}`), time.Now())
		}, 200},
		{"over 1 MiB", func() *http.Request { return signed(bytes.Repeat([]byte("a"), MaxBody+1), time.Now()) }, 413},
		{"ssl check", func() *http.Request {
			return slackfake.SignedRequest(testSecret, h.srv.URL+"/slack/commands", "application/x-www-form-urlencoded", []byte("ssl_check=1&token=x"), time.Now())
		}, 200},
		{"command without a command", func() *http.Request {
			return slackfake.SignedRequest(testSecret, h.srv.URL+"/slack/commands", "application/x-www-form-urlencoded", []byte("text=hi"), time.Now())
		}, 400},
		{"malformed command", func() *http.Request {
			return slackfake.SignedRequest(testSecret, h.srv.URL+"/slack/commands", "application/x-www-form-urlencoded", []byte("%zz"), time.Now())
		}, 400},
		{"interaction without payload", func() *http.Request {
			return slackfake.SignedRequest(testSecret, h.srv.URL+"/slack/interactive", "application/x-www-form-urlencoded", []byte("a=b"), time.Now())
		}, 400},
		{"interaction with bad payload", func() *http.Request {
			return slackfake.SignedRequest(testSecret, h.srv.URL+"/slack/interactive", "application/x-www-form-urlencoded", []byte("payload=%7B"), time.Now())
		}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.DefaultClient.Do(tt.req())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
}

func TestURLVerification(t *testing.T) {
	h := newHarness(t, &recorder{}, nil)
	code, body := h.post("/slack/events", "application/json", []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`), nil)
	if code != 200 || body != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("got %d %q, want 200 and the challenge", code, body)
	}
}

func TestHealthzAndMetrics(t *testing.T) {
	h := newHarness(t, &recorder{}, nil)
	get := func(path string) (int, string) {
		resp, err := http.Get(h.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Fatalf("healthz %d, want 200", code)
	}
	h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("m")))
	h.slack.Wait(5*time.Second, 1, "response_url")
	code, body := get("/metrics")
	for _, want := range []string{`newsdesk_questions_total{kind="command",transport="http"} 1`, "newsdesk_answer_seconds_bucket", "newsdesk_queue_depth"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("metrics (%d) lack %q", code, want)
		}
	}
	h.settle()
	if code, _ := get("/healthz"); code != 503 {
		t.Fatalf("healthz after shutdown %d, want 503", code)
	}
}

func TestRecoverReturns500(t *testing.T) {
	h := newHarness(t, &recorder{}, nil)
	srv := httptest.NewServer(h.bot.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 || !strings.Contains(h.logs.String(), "boom") {
		t.Fatalf("status %d; want 500 and the panic logged", resp.StatusCode)
	}
}

func TestLogsHaveNoSecrets(t *testing.T) {
	h := newHarness(t, &recorder{}, nil)
	h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("m")))
	h.post("/slack/events", "application/json", []byte(`{}`), http.Header{"X-Slack-Signature": {"v0=00"}})
	h.settle()
	for _, secret := range []string{"xoxb-secret-bot-token", testSecret} {
		if strings.Contains(h.logs.String(), secret) {
			t.Errorf("logs contain the secret %q", secret)
		}
	}
}
