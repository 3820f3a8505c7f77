package openairetry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 1, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   string
		want time.Duration
		ok   bool
	}{
		{"seconds", "3", 3 * time.Second, true},
		{"fraction", "0.5", 500 * time.Millisecond, true},
		{"http date", now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{"date in the past", now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"empty", "", 0, false},
		{"negative", "-1", 0, false},
		{"garbage", "soon", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ParseRetryAfter(tc.in, now)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Kind
	}{
		{"429", &openai.APIError{HTTPStatusCode: 429}, KindRateLimited},
		{"500", &openai.APIError{HTTPStatusCode: 500}, KindServer},
		{"502 without JSON", &openai.RequestError{HTTPStatusCode: 502}, KindServer},
		{"408", &openai.RequestError{HTTPStatusCode: 408}, KindTimeout},
		{"401", &openai.APIError{HTTPStatusCode: 401}, KindRequest},
		{"deadline", fmt.Errorf("post: %w", context.DeadlineExceeded), KindTimeout},
		{"canceled", fmt.Errorf("post: %w", context.Canceled), KindCanceled},
		{"malformed", json.Unmarshal([]byte("{x"), &struct{}{}), KindMalformed},
		{"truncated", io.ErrUnexpectedEOF, KindMalformed},
		{"refused", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, KindUnavailable},
		{"kept kind", &Error{Kind: KindServer, Err: errors.New("x")}, KindServer},
		{"other", errors.New("x"), KindFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Classify(tc.err); got != tc.want {
				t.Errorf("Classify(%v) = %q, want %q", tc.err, got, tc.want)
			}
		})
	}
}

func TestPolicyDo(t *testing.T) {
	errServer := &openai.APIError{HTTPStatusCode: 503}
	tests := []struct {
		name     string
		errs     []error // the attempts' errors, in order; then success
		retries  int
		want     Kind // "" means success
		attempts int
	}{
		{"success", nil, 2, "", 1},
		{"retried to success", []error{errServer, errServer}, 2, "", 3},
		{"retries exhausted", []error{errServer, errServer, errServer}, 2, KindServer, 3},
		{"not retryable", []error{&openai.APIError{HTTPStatusCode: 400}}, 2, KindRequest, 1},
		{"final", []error{Final(errServer)}, 2, KindServer, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			p := Policy{MaxRetries: tc.retries, BaseDelay: time.Millisecond, Timeout: time.Second}
			err := p.Do(context.Background(), func(ctx context.Context) error {
				n++
				if _, ok := ctx.Deadline(); !ok {
					t.Error("attempt without a deadline")
				}
				if n <= len(tc.errs) {
					return tc.errs[n-1]
				}
				return nil
			})
			if n != tc.attempts {
				t.Errorf("%d attempts, want %d", n, tc.attempts)
			}
			var e *Error
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tc.want != "" && (!errors.As(err, &e) || e.Kind != tc.want || e.Attempts != tc.attempts):
				t.Fatalf("err = %#v, want kind %q after %d attempts", err, tc.want, tc.attempts)
			}
		})
	}
}

// The Transport reads Retry-After from a real response, and Do waits for it
// only when the caller's deadline allows.
func TestTransportRetryAfter(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	client := Client(nil)
	ctx, hint := WithHint(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if d, ok := hint.RetryAfter(); !ok || d != 30*time.Second {
		t.Fatalf("hint = %v, %v; want 30s", d, ok)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n := 0
	err = Policy{MaxRetries: 3, MaxDelay: time.Minute}.Do(ctx, func(ctx context.Context) error {
		n++
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		return &openai.RequestError{HTTPStatusCode: resp.StatusCode}
	})
	if n != 1 || Classify(err) != KindRateLimited {
		t.Errorf("%d attempts, err %v; want 1 attempt and a rate limit (30s is past the deadline)", n, err)
	}
	if ctx.Err() != nil {
		t.Error("Do waited for the deadline instead of giving up at once")
	}
}

func TestUserMessage(t *testing.T) {
	for _, kind := range []Kind{KindTimeout, KindRateLimited, KindServer, KindUnavailable, KindRequest, KindMalformed, KindStreamCut, KindEmpty, KindUncited, KindFailed} {
		err := error(&Error{Kind: kind, Err: errors.New("detail: status 500 at http://secret")})
		reason := UserMessage(fmt.Errorf("answer: %w", err))
		if reason == "" || strings.Contains(reason, "detail") || strings.HasSuffix(reason, ".") {
			t.Errorf("%s: reason %q is not a short user-safe clause", kind, reason)
		}
	}
	if UserMessage(errors.New("x")) == "" {
		t.Error("no reason for a plain error")
	}
}

// Innermost finds the error an attempt made itself inside the one Do made.
func TestInnermost(t *testing.T) {
	own := &Error{Kind: KindStreamCut, Err: errors.New("cut")}
	err := Policy{}.Do(context.Background(), func(context.Context) error { return Final(own) })
	if got := Innermost(err); got != own {
		t.Errorf("Innermost = %v, want the attempt's own %v", got, own)
	}
	if Innermost(errors.New("x")) != nil {
		t.Error("Innermost of a plain error is not nil")
	}
}
