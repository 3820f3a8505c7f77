package answer

import (
	"context"
	"errors"
	"fmt"

	"newsdesk/internal/openairetry"
)

// LLMErrorKind says why the language model gave no usable answer.
type LLMErrorKind string

// The kinds of LLMError.
const (
	LLMTimeout     LLMErrorKind = "timeout"      // no reply before the deadline
	LLMCanceled    LLMErrorKind = "canceled"     // the caller gave up
	LLMRateLimited LLMErrorKind = "rate_limited" // HTTP 429, after retries
	LLMServer      LLMErrorKind = "server"       // HTTP 5xx, after retries
	LLMUnavailable LLMErrorKind = "unavailable"  // could not connect
	LLMRequest     LLMErrorKind = "request"      // another HTTP 4xx: bad key, unknown model
	LLMMalformed   LLMErrorKind = "malformed"    // a reply that is not the JSON or form expected
	LLMStreamCut   LLMErrorKind = "stream_cut"   // the stream ended before the model finished
	LLMEmpty       LLMErrorKind = "empty"        // an empty reply
	LLMUncited     LLMErrorKind = "uncited"      // an answer with no valid [n] marker
	LLMFailed      LLMErrorKind = "failed"       // anything else
)

// ErrUncited is wrapped by the LLMError of an answer that cites no source
// that exists: such an answer is not shown, and the caller falls back.
var ErrUncited = errors.New("the reply cites no source")

// ErrEmptyReply is wrapped by the LLMError of an empty reply.
var ErrEmptyReply = errors.New("the reply is empty")

// LLMError is a failure of the chat model. Error() is a detailed message for
// logs; Reason() is a short sentence a user may see.
type LLMError struct {
	Kind LLMErrorKind
	Err  error
}

// Error implements error; it includes the underlying detail.
func (e *LLMError) Error() string { return fmt.Sprintf("llm %s: %v", e.Kind, e.Err) }

// Unwrap returns the underlying error.
func (e *LLMError) Unwrap() error { return e.Err }

// Reason says what went wrong in words fit for a user, as a clause with a
// capital letter and no final period, so that a caller can write
// Reason() + "; this answer was extracted from the articles directly."
func (e *LLMError) Reason() string {
	switch e.Kind {
	case LLMTimeout:
		return "The language model timed out"
	case LLMCanceled:
		return "The request to the language model was canceled"
	case LLMRateLimited:
		return "The language model is rate-limiting requests"
	case LLMServer:
		return "The language model service had an error"
	case LLMUnavailable:
		return "The language model could not be reached"
	case LLMRequest:
		return "The language model refused the request"
	case LLMMalformed:
		return "The language model sent a malformed reply"
	case LLMStreamCut:
		return "The language model's reply was cut off"
	case LLMEmpty:
		return "The language model sent an empty reply"
	case LLMUncited:
		return "The language model's answer cited no article"
	}
	return "The language model failed"
}

// LLMReason returns the user-safe reason of err when it is (or wraps) an
// *LLMError, and a generic one otherwise.
func LLMReason(err error) string {
	var e *LLMError
	if errors.As(err, &e) {
		return e.Reason()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return (&LLMError{Kind: LLMTimeout}).Reason()
	}
	return (&LLMError{Kind: LLMFailed}).Reason()
}

// llmError turns a failure of a call into an *LLMError, keeping one that
// already is.
func llmError(err error) error {
	if err == nil {
		return nil
	}
	var e *LLMError
	if errors.As(err, &e) {
		return e
	}
	kind := LLMFailed
	switch openairetry.Classify(err) {
	case openairetry.KindTimeout:
		kind = LLMTimeout
	case openairetry.KindCanceled:
		kind = LLMCanceled
	case openairetry.KindRateLimited:
		kind = LLMRateLimited
	case openairetry.KindServer:
		kind = LLMServer
	case openairetry.KindUnavailable:
		kind = LLMUnavailable
	case openairetry.KindRequest:
		kind = LLMRequest
	case openairetry.KindMalformed:
		kind = LLMMalformed
	}
	return &LLMError{Kind: kind, Err: err}
}
