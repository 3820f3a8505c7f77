package openairetry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Kind says why a call failed.
type Kind string

// The kinds of failure. Classify tells the first eight apart; the retryable
// ones are KindTimeout, KindRateLimited, KindServer and KindUnavailable.
// The last three are said by the caller of a chat model about a reply that
// came but cannot be used.
const (
	KindTimeout     Kind = "timeout"      // the attempt's deadline passed
	KindCanceled    Kind = "canceled"     // the caller's context ended
	KindRateLimited Kind = "rate_limited" // HTTP 429
	KindServer      Kind = "server"       // HTTP 5xx
	KindUnavailable Kind = "unavailable"  // connection refused, reset, DNS
	KindMalformed   Kind = "malformed"    // the reply is not the JSON or form expected
	KindRequest     Kind = "request"      // another HTTP 4xx: bad key, unknown model
	KindFailed      Kind = "failed"       // anything else
	KindStreamCut   Kind = "stream_cut"   // the stream ended before the model finished
	KindEmpty       Kind = "empty"        // an empty reply
	KindUncited     Kind = "uncited"      // an answer with no valid [n] marker
)

// Retryable reports whether a failure of kind k may succeed if tried again.
func (k Kind) Retryable() bool {
	switch k {
	case KindTimeout, KindRateLimited, KindServer, KindUnavailable:
		return true
	}
	return false
}

// UserMessage says what went wrong in words fit for a user, as a clause
// with a capital letter and no final period, so that a caller can write
// UserMessage() + "; this answer was extracted from the articles directly."
// It never holds the detail of the failure (URLs, status lines, keys).
func (k Kind) UserMessage() string {
	switch k {
	case KindTimeout:
		return "The language model timed out"
	case KindCanceled:
		return "The request to the language model was canceled"
	case KindRateLimited:
		return "The language model is rate-limiting requests"
	case KindServer:
		return "The language model service had an error"
	case KindUnavailable:
		return "The language model could not be reached"
	case KindRequest:
		return "The language model refused the request"
	case KindMalformed:
		return "The language model sent a malformed reply"
	case KindStreamCut:
		return "The language model's reply was cut off"
	case KindEmpty:
		return "The language model sent an empty reply"
	case KindUncited:
		return "The language model's answer cited no article"
	}
	return "The language model failed"
}

// Error is a failed call: its Kind, how many attempts were made, and the
// last attempt's error. Error() is the detail, for logs; UserMessage() is
// what a user may be shown.
type Error struct {
	Kind     Kind
	Attempts int
	Err      error
}

// Error implements error.
func (e *Error) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("%s after %d attempts: %v", e.Kind, e.Attempts, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Kind, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// UserMessage is e.Kind.UserMessage().
func (e *Error) UserMessage() string { return e.Kind.UserMessage() }

// UserMessage returns the user-safe message of err: that of the *Error it
// is or wraps, that of KindTimeout for a passed deadline, and that of
// KindFailed for anything else.
func UserMessage(err error) string {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.UserMessage()
	case errors.Is(err, context.DeadlineExceeded):
		return KindTimeout.UserMessage()
	}
	return KindFailed.UserMessage()
}

// Innermost returns the innermost *Error that err is or wraps: the one an
// attempt made itself (a cut stream, an empty reply) rather than the one Do
// wrapped it in. It returns nil when err holds no *Error.
func Innermost(err error) *Error {
	var last *Error
	for e := (*Error)(nil); errors.As(err, &e); err = e.Err {
		last = e
	}
	return last
}

// Final marks err as one not to retry, whatever its kind: for example a
// stream that failed after part of it was shown.
func Final(err error) error { return &finalError{err: err} }

type finalError struct{ err error }

func (e *finalError) Error() string { return e.err.Error() }
func (e *finalError) Unwrap() error { return e.err }

// Classify tells what kind of failure err is. An *Error keeps its Kind, so an
// attempt can mark its own failures (for example a cut stream) as final.
func Classify(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if errors.Is(err, context.Canceled) {
		return KindCanceled
	}
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
		return KindTimeout
	}
	if status := httpStatus(err); status != 0 {
		switch {
		case status == http.StatusTooManyRequests:
			return KindRateLimited
		case status == http.StatusRequestTimeout:
			return KindTimeout
		case status >= 500:
			return KindServer
		case status >= 400:
			return KindRequest
		}
	}
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &syntaxErr) || errors.As(err, &typeErr) || errors.Is(err, io.ErrUnexpectedEOF) {
		return KindMalformed
	}
	var opErr *net.OpError
	var dnsErr *net.DNSError
	if errors.As(err, &opErr) || errors.As(err, &dnsErr) || errors.Is(err, io.EOF) {
		return KindUnavailable
	}
	return KindFailed
}

func httpStatus(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// Policy says how often and how patiently to retry.
type Policy struct {
	// MaxRetries is how many times a retryable failure is tried again.
	MaxRetries int
	// Timeout is the deadline of each attempt; 0 means none beyond the
	// caller's context.
	Timeout time.Duration
	// BaseDelay is the first backoff; it doubles each retry, with jitter.
	// 0 means 500ms.
	BaseDelay time.Duration
	// MaxDelay caps every wait, including one asked for by Retry-After.
	// 0 means 20s.
	MaxDelay time.Duration
	// OnRetry, when not nil, is told of each retry before its wait.
	OnRetry func(attempt int, kind Kind, wait time.Duration, err error)
}

// Do calls attempt until it succeeds, fails in a way that is not retryable,
// or MaxRetries retries have failed. Each attempt gets a context with the
// per-attempt deadline and a Hint that Transport fills from Retry-After;
// the wait before a retry is that Retry-After when the server sent one,
// otherwise exponential backoff with jitter, capped by MaxDelay. Do never
// waits past ctx's deadline: when the wait would end after it, Do gives up
// at once. The error returned is an *Error.
func (p Policy) Do(ctx context.Context, attempt func(ctx context.Context) error) error {
	for i := 0; ; i++ {
		actx, hint := WithHint(ctx)
		cancel := context.CancelFunc(func() {})
		if p.Timeout > 0 {
			actx, cancel = context.WithTimeout(actx, p.Timeout)
		}
		err := attempt(actx)
		cancel()
		if err == nil {
			return nil
		}
		kind := Classify(err)
		if ctxErr := ctx.Err(); ctxErr != nil {
			kind = KindCanceled
			if errors.Is(ctxErr, context.DeadlineExceeded) {
				kind = KindTimeout
			}
		}
		var final *finalError
		if ctx.Err() != nil || !kind.Retryable() || i >= p.MaxRetries || errors.As(err, &final) {
			return &Error{Kind: kind, Attempts: i + 1, Err: err}
		}
		wait := p.backoff(i)
		if d, ok := hint.RetryAfter(); ok {
			wait = min(d, p.maxDelay())
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return &Error{Kind: kind, Attempts: i + 1, Err: err}
		}
		if p.OnRetry != nil {
			p.OnRetry(i+1, kind, wait, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return &Error{Kind: kind, Attempts: i + 1, Err: err}
		case <-t.C:
		}
	}
}

func (p Policy) maxDelay() time.Duration {
	if p.MaxDelay > 0 {
		return p.MaxDelay
	}
	return 20 * time.Second
}

// backoff is the wait before retry i+1: BaseDelay·2^i, capped, of which the
// second half is random ("equal jitter").
func (p Policy) backoff(i int) time.Duration {
	d := p.BaseDelay
	if d <= 0 {
		d = 500 * time.Millisecond
	}
	for range min(i, 30) {
		d *= 2
		if d >= p.maxDelay() {
			break
		}
	}
	d = min(d, p.maxDelay())
	half := d / 2
	return half + rand.N(half+1)
}
