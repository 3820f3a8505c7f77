package answer

import (
	"context"
	"time"

	"newsdesk/retrieval"
)

// Searcher finds the passages relevant to a query; *retrieval.Index is one.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
}

// Turn is one earlier exchange in a conversation (a Slack thread or DM).
type Turn struct {
	Question string
	Answer   string
}

// Question is what a user asked, with the context it was asked in.
type Question struct {
	Text string
	// Date is when it was asked; zero means now.
	Date time.Time
	// History holds earlier turns of the conversation, oldest first, for
	// follow-up questions ("and what about Qatar?").
	History []Turn
}

// Citation is one source an answer cites as [N].
type Citation struct {
	N           int
	DocID       string
	Title       string
	Source      string // outlet
	URL         string
	PublishedAt time.Time // zero when unknown
	Quote       string    // the cited sentence(s) from the article
}

// Answer is a reply with its sources kept as data. Every [n] in Text has its
// Citation with N == n.
type Answer struct {
	Text      string
	Refused   bool // the corpus does not hold the answer; Text says so plainly
	Citations []Citation
	// Note is a one-line remark for the user, e.g. that the LLM failed and the
	// answer is extractive. Empty when there is nothing to say.
	Note string
	// Query is the standalone question that was searched (after follow-up
	// rewriting); for logs and feedback.
	Query string
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

// Story is one news story of a digest: articles about the same event,
// possibly from several outlets.
type Story struct {
	Headline string
	// Summary is 1–3 sentences; every sentence carries [n] markers that refer
	// to Citations.
	Summary   string
	Citations []Citation
	Outlets   []string  // distinct outlets covering the story
	Articles  int       // articles in the story
	Latest    time.Time // newest article's date (published, or first seen)
}

// Digest is what is new in the corpus over a period, grouped by story.
type Digest struct {
	Since, Until time.Time
	Stories      []Story
	More         int // stories left out by the cap ("and N more")
}
