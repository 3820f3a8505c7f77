package llm

import (
	"errors"

	"newsdesk/internal/openairetry"
)

// ErrUncited is wrapped by the error of an answer that cites no source
// that exists: such an answer is not shown, and the caller falls back.
var ErrUncited = errors.New("the reply cites no source")

// ErrEmptyReply is wrapped by the error of an empty reply.
var ErrEmptyReply = errors.New("the reply is empty")

// callError returns the *openairetry.Error that says why a call failed:
// the one the attempt made itself (a cut stream, a reply with no choices)
// when there is one, or else the one the retry policy returned.
func callError(err error) error {
	if err == nil {
		return nil
	}
	if e := openairetry.Innermost(err); e != nil {
		return e
	}
	return &openairetry.Error{Kind: openairetry.Classify(err), Err: err}
}
