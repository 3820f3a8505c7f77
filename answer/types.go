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
