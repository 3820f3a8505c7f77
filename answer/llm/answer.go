package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"newsdesk/internal/news"
	"newsdesk/internal/openairetry"
)

// Answer writes a short answer to question from sources, each sentence
// citing them as [n] (n is Source.N). The model's markers are checked:
// markers of numbers that are not among the sources are removed, "[1, 2]"
// becomes "[1][2]". A reply of RefusalToken gives Generated{Refused: true,
// Text: RefusalText}; so do empty sources, without a call. Every failure
// of the model is an *openairetry.Error, and no partial text is returned
// with it: a timeout, 429 or 5xx after retries, a malformed or empty reply,
// a cut stream, or an answer that cites no valid source (ErrUncited).
//
// With Options.Stream and a non-nil onDelta the reply is streamed:
// onDelta receives pieces of the cleaned text as they arrive (a marker is
// never shown half-written or before it is checked, and a refusal is never
// shown). The pieces are a preview: the returned Text is what counts, and
// after an error the preview must be discarded. They join to Text, except
// when the reply was cut by MaxTokens: then Text ends at the last citation
// and the preview may run past it.
func (c *Chat) Answer(ctx context.Context, question string, history []news.Turn, sources []news.Source, asked news.Asked, onDelta func(string)) (news.Generated, error) {
	if len(sources) == 0 {
		return news.Generated{Text: RefusalText, Refused: true}, nil
	}
	data := c.promptData(question, history, sources)
	if !asked.AsOf.IsZero() {
		data.Today = asked.AsOf.Format("2006-01-02")
	}
	if !asked.Newest.IsZero() {
		data.Newest = asked.Newest.Format("2006-01-02")
	}
	system, err := c.tmpl.Render("answer.system", data)
	if err != nil {
		return news.Generated{}, err
	}
	user, err := c.tmpl.Render("answer.user", data)
	if err != nil {
		return news.Generated{}, err
	}
	req := c.request(system, user, c.opts.MaxTokens)
	valid := validNumbers(sources)

	var filter *deltaFilter
	var raw string
	var finish openai.FinishReason
	if c.opts.Stream && onDelta != nil {
		filter = &deltaFilter{valid: valid, refusal: RefusalToken, onDelta: onDelta}
		raw, finish, err = c.stream(ctx, req, filter.write)
	} else {
		raw, finish, err = c.complete(ctx, req)
	}
	if err != nil {
		return news.Generated{}, err
	}
	if strings.Contains(raw, RefusalToken) {
		return news.Generated{Text: RefusalText, Refused: true}, nil
	}
	if finish == openai.FinishReasonLength {
		raw = cutAfterLastCitation(raw)
	}
	text := cleanCitations(raw, valid)
	if !hasCitation(text) {
		return news.Generated{}, &openairetry.Error{Kind: openairetry.KindUncited, Err: ErrUncited}
	}
	if filter != nil {
		filter.finish(text)
	}
	return news.Generated{Text: text}, nil
}

// stream makes a streamed completion and passes each piece of text to
// write. Only the opening of the stream is retried: once text has arrived,
// a failure is final.
func (c *Chat) stream(ctx context.Context, req openai.ChatCompletionRequest, write func(string)) (string, openai.FinishReason, error) {
	req.Stream = true
	var text strings.Builder
	var finish openai.FinishReason
	start := time.Now()
	err := c.retry.Do(ctx, func(ctx context.Context) error {
		s, err := c.client.CreateChatCompletionStream(ctx, req)
		if err != nil {
			return err
		}
		defer s.Close()
		for {
			resp, err := s.Recv()
			if errors.Is(err, io.EOF) {
				if finish == "" {
					return openairetry.Final(&openairetry.Error{Kind: openairetry.KindStreamCut, Err: errors.New("the stream ended before the model finished")})
				}
				return nil
			}
			if err != nil {
				return openairetry.Final(streamError(ctx, err))
			}
			for _, ch := range resp.Choices {
				if ch.Index != 0 {
					continue
				}
				if ch.Delta.Content != "" {
					text.WriteString(ch.Delta.Content)
					write(ch.Delta.Content)
				}
				if ch.FinishReason != "" {
					finish = ch.FinishReason
				}
			}
		}
	})
	c.log.Debug("llm stream", "model", c.opts.Model, "finish", string(finish), "chars", text.Len(),
		"took", time.Since(start).Round(time.Millisecond), "err", err)
	if err != nil {
		return "", "", callError(err)
	}
	return text.String(), finish, checkFinish(text.String(), finish)
}

// streamError classifies a failure in the middle of a stream; it is final.
func streamError(ctx context.Context, err error) error {
	kind := openairetry.KindStreamCut
	switch {
	case ctx.Err() != nil:
		kind = openairetry.KindTimeout
	case errors.Is(err, io.ErrUnexpectedEOF):
	case openairetry.Classify(err) == openairetry.KindMalformed, errors.Is(err, openai.ErrTooManyEmptyStreamMessages):
		kind = openairetry.KindMalformed
	case openairetry.Classify(err) == openairetry.KindServer, openairetry.Classify(err) == openairetry.KindFailed:
		var apiErr *openai.APIError
		if errors.As(err, &apiErr) {
			kind = openairetry.KindServer
		}
	}
	return &openairetry.Error{Kind: kind, Err: fmt.Errorf("reading the stream: %w", err)}
}

// Standalone rewrites a follow-up question into one that stands on its own,
// using q.History (its last turns). With no history q.Text is returned as it
// is, without a call. Failures are *openairetry.Error values.
func (c *Chat) Standalone(ctx context.Context, q news.Question) (string, error) {
	if len(q.History) == 0 {
		return q.Text, nil
	}
	data := c.promptData(q.Text, q.History, nil)
	system, err := c.tmpl.Render("standalone.system", data)
	if err != nil {
		return "", err
	}
	user, err := c.tmpl.Render("standalone.user", data)
	if err != nil {
		return "", err
	}
	raw, _, err := c.complete(ctx, c.request(system, user, 120))
	if err != nil {
		return "", err
	}
	out := firstLine(raw)
	for _, prefix := range []string{"standalone question:", "question:"} {
		if strings.HasPrefix(strings.ToLower(out), prefix) {
			out = strings.TrimSpace(out[len(prefix):])
		}
	}
	out = strings.TrimSpace(strings.Trim(out, "\"'`“”*"))
	switch {
	case out == "":
		return "", &openairetry.Error{Kind: openairetry.KindEmpty, Err: ErrEmptyReply}
	case strings.Contains(out, RefusalToken):
		return "", &openairetry.Error{Kind: openairetry.KindMalformed, Err: errors.New("the rewrite is the refusal token")}
	case len(out) > 1000:
		return "", &openairetry.Error{Kind: openairetry.KindMalformed, Err: fmt.Errorf("a standalone question of %d bytes", len(out))}
	}
	return out, nil
}

// firstLine returns the first line of s that is not blank, trimmed.
func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}
