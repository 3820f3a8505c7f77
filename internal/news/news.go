// Package news holds the values that cross package lines: a Question with
// its conversation, an Answer with its Citations, and a Digest of Stories.
// It depends on nothing but the standard library, so the Slack side (bot)
// can speak of answers without depending on how they are made (answer,
// retrieval, chromem-go, go-openai).
package news

import "time"

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
