package answer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// Searcher finds the passages relevant to a query; *retrieval.Index is one.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
}

// Options configure a Service.
type Options struct {
	// Passages is how many passages are fetched and considered (DefaultOptions: 8).
	Passages int
	// MaxSentences bounds an extractive answer: the answering sentence and
	// its supporting ones, of which the reader adds at most 2 (so values
	// above 3 change nothing). DefaultOptions: 4.
	MaxSentences int
	// Generator writes answers (an LLM); nil means extractive answers only.
	Generator Generator
	// Logger gets the details of failures; nil discards them.
	Logger *slog.Logger
	// MinCover is the share (0..1) of the question's content words, weighted
	// by rarity, that the best sentence must hold for an extractive answer;
	// below it the question is refused. For a question of n > 5 content
	// words it is scaled by 5/n: the scene-setting words of a long question
	// are seldom all repeated next to its answer. DefaultOptions: 0.3.
	MinCover float64
	// KeepRatio is how close (0..1) to the best sentence's score a further
	// sentence must come to be part of an extractive answer. DefaultOptions: 0.6.
	KeepRatio float64
	// MaxChars bounds the length of an extractive answer's sentences: further
	// sentences are added only while it holds (the best one always is). DefaultOptions: 600.
	MaxChars int
}

// DefaultOptions returns 8 passages, answers of at most 4 sentences (3 are
// used) and 600 characters, no Generator and the default thresholds.
func DefaultOptions() Options {
	return Options{Passages: 8, MaxSentences: 4, MinCover: 0.3, KeepRatio: 0.6, MaxChars: 600}
}

// Service answers questions from a Searcher's passages, with citations.
// It is safe for concurrent use if its Searcher and Generator are.
type Service struct {
	search Searcher
	opts   Options
	log    *slog.Logger
}

// New returns a Service over search. Start from DefaultOptions: New fills in
// nothing but a nil Logger (no logs). Counts below 1 and thresholds outside
// 0..1 are an error.
func New(search Searcher, opts Options) (*Service, error) {
	if search == nil {
		return nil, errors.New("answer: no searcher")
	}
	switch {
	case opts.Passages < 1:
		return nil, fmt.Errorf("answer: passages %d is below 1", opts.Passages)
	case opts.MaxSentences < 1:
		return nil, fmt.Errorf("answer: max sentences %d is below 1", opts.MaxSentences)
	case opts.MaxChars < 1:
		return nil, fmt.Errorf("answer: max chars %d is below 1", opts.MaxChars)
	case opts.MinCover < 0 || opts.MinCover > 1:
		return nil, fmt.Errorf("answer: min cover %g is not within 0..1", opts.MinCover)
	case opts.KeepRatio < 0 || opts.KeepRatio > 1:
		return nil, fmt.Errorf("answer: keep ratio %g is not within 0..1", opts.KeepRatio)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Service{search: search, opts: opts, log: log}, nil
}

// Answer answers q with cited sources: follow-ups are first made standalone
// (by the Generator, or offline by carrying the earlier question's key
// terms), the question is analysed (the kind of answer it expects, its time
// scope, the outlets it names; see analysis), passages are searched, and
// the answer is written by the Generator, from the passages the reader
// found best (see readerEvidence), or extractively by the reader (see
// Service.read). onDelta (may be nil) gets streamed text when a Generator
// streams.
//
// A question is refused, without asking the Generator, when its time scope
// starts after the newest article (see afterCorpus) or the passages lack
// its central words (see missingCentral); the reader also refuses when no
// sentence holding MinCover of the question holds an answer of the kind
// asked about the question's own event.
//
// It returns an error only when the question cannot be handled at all (the
// search fails, ctx is done). A Generator failure is not an error: the
// answer falls back to the extractive one and Note says why. When the
// passages do not hold the answer, Answer.Refused is set and Text says so.
func (s *Service) Answer(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
	query := s.standalone(ctx, q)
	an := analyze(query, q.Date)
	if a, ok := s.afterCorpus(&an, q.Date); ok {
		a.Query = query
		return a, nil
	}
	var results []retrieval.Result
	var err error
	if len(an.outlets) > 0 {
		results, err = s.outletEvidence(ctx, &an, query, q.Date)
	} else {
		results, err = s.search.Search(ctx, retrieval.Query{Text: query, Date: q.Date, K: s.opts.Passages})
	}
	if err != nil {
		return news.Answer{}, fmt.Errorf("search %q: %w", query, err)
	}
	if len(results) == 0 || (len(an.q.terms) == 0 && len(an.outlets) == 0) {
		return refusal(query, nil), nil
	}
	if missing := missingCentral(&an.q, results); missing != nil && len(an.outlets) == 0 {
		return refusal(query, missing), nil
	}
	var note string
	if s.opts.Generator != nil {
		// The model reads what the reader found best; when the outlets a
		// question names have nothing in it, the reader says so itself.
		if ev := an.readerEvidence(results, s.opts.Passages); len(an.outlets) == 0 || anyOutlet(an.outlets, ev[0].Article.Source) {
			a, ok, why := s.generate(ctx, query, q.History, ev, s.asked(q.Date), onDelta)
			if ok {
				a.Query = query
				return a, nil
			}
			if err := ctx.Err(); err != nil {
				return news.Answer{}, fmt.Errorf("answer %q: %w", query, err)
			}
			note = why
		}
	}
	a := s.read(&an, results)
	a.Query, a.Note = query, note
	return a, nil
}

// standalone returns the question to search: q.Text itself, or when q has
// a history, its standalone rewrite.
func (s *Service) standalone(ctx context.Context, q news.Question) string {
	text := strings.TrimSpace(q.Text)
	if len(q.History) == 0 {
		return text
	}
	if s.opts.Generator != nil {
		out, err := s.opts.Generator.Standalone(ctx, q)
		if err == nil && strings.TrimSpace(out) != "" {
			return strings.TrimSpace(out)
		}
		s.log.Warn("standalone question: generator failed, rewriting offline", "question", text, "err", err)
	}
	return rewriteFollowUps(q)
}

// longQuestion is the number of content words beyond which MinCover is
// scaled down.
const longQuestion = 5

// outletPassages is how many passages a question naming outlets considers,
// so that each outlet's articles on the topic are among them.
const outletPassages = 40
