// Package openairetry retries calls to OpenAI-compatible HTTP APIs made
// through go-openai: it classifies errors (rate limit, server, timeout,
// malformed reply, client error), waits with exponential backoff and jitter,
// and honours the server's Retry-After header, which go-openai does not
// expose, by reading it in an http.RoundTripper decorator.
//
// Its Error is the one error type of a failed call to a model, for the chat
// client (answer/llm) and the embedder (retrieval) alike: a Kind, the detail
// for logs, and a UserMessage fit to show. It imports nothing of newsdesk.
package openairetry

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Hint carries what the server said about when to retry. It is filled by
// Transport for requests whose context holds it (see WithHint).
type Hint struct {
	mu         sync.Mutex
	retryAfter time.Duration
	ok         bool
}

type hintKey struct{}

// WithHint returns a context that makes Transport record the Retry-After of
// failed responses of requests made with it, and the Hint it records into.
func WithHint(ctx context.Context) (context.Context, *Hint) {
	h := &Hint{}
	return context.WithValue(ctx, hintKey{}, h), h
}

// RetryAfter returns the delay the last 429 or 5xx response asked for, and
// whether it asked.
func (h *Hint) RetryAfter() (time.Duration, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.retryAfter, h.ok
}

func (h *Hint) set(d time.Duration) {
	h.mu.Lock()
	h.retryAfter, h.ok = d, true
	h.mu.Unlock()
}

// Transport is an http.RoundTripper decorator that records the Retry-After
// header of 429 and 5xx responses into the request context's Hint. It does
// not change requests or responses.
type Transport struct {
	// Base makes the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Now is the clock for HTTP-date Retry-After values; nil means time.Now.
	Now func() time.Time
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500) {
		return resp, err
	}
	if h, ok := req.Context().Value(hintKey{}).(*Hint); ok {
		now := time.Now
		if t.Now != nil {
			now = t.Now
		}
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now()); ok {
			h.set(d)
		}
	}
	return resp, nil
}

// ParseRetryAfter parses a Retry-After header value: a number of seconds or
// an HTTP date (relative to now). A date in the past gives 0.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs > 1e6 {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// Client returns an *http.Client that makes requests like c (nil means a
// default client) through a Transport wrapping c's transport. c itself is
// not modified.
func Client(c *http.Client) *http.Client {
	var out http.Client
	if c != nil {
		out = *c
	}
	out.Transport = &Transport{Base: out.Transport}
	return &out
}
