package answer

import (
	"context"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// Searcher finds the passages relevant to a query; *retrieval.Index is one.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
}

// Generator writes answers from numbered sources; the LLM chat client is one.
// The extractive answerer is used when no Generator is configured, and when
// the Generator fails.
type Generator interface {
	// Answer writes a short cited answer to question from sources. onDelta,
	// when not nil, receives the text as it is generated (streaming).
	Answer(ctx context.Context, question string, history []news.Turn, sources []news.Source, onDelta func(string)) (news.Generated, error)
	// Standalone rewrites a follow-up question into one that stands on its own,
	// using the conversation history.
	Standalone(ctx context.Context, q news.Question) (string, error)
}
