package answer

import (
	"context"
	"time"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// The values answers are made of live in package news, so that bot can use
// them without depending on this package; these aliases keep their names here.
type (
	Turn     = news.Turn
	Question = news.Question
	Citation = news.Citation
	Answer   = news.Answer
	Story    = news.Story
	Digest   = news.Digest
)

// Searcher finds the passages relevant to a query; *retrieval.Index is one.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
}

// Source is one numbered source article given to a generator: the passages
// of it that were retrieved, in article order.
type Source struct {
	N           int
	DocID       string
	Title       string
	Outlet      string
	URL         string
	PublishedAt time.Time
	Passages    []string
}

// Generated is what a generator wrote: text with [n] markers that refer to
// Source.N, or Refused when the sources do not answer the question.
type Generated struct {
	Text    string
	Refused bool
}

// Generator writes answers from numbered sources; the LLM chat client is one.
// The extractive answerer is used when no Generator is configured, and when
// the Generator fails.
type Generator interface {
	// Answer writes a short cited answer to question from sources. onDelta,
	// when not nil, receives the text as it is generated (streaming).
	Answer(ctx context.Context, question string, history []Turn, sources []Source, onDelta func(string)) (Generated, error)
	// Standalone rewrites a follow-up question into one that stands on its own,
	// using the conversation history.
	Standalone(ctx context.Context, q Question) (string, error)
}
