package retrieval

import "time"

// Query is a search request.
type Query struct {
	Text string
	// Date is when the question is asked; recent articles are preferred.
	// Zero means now.
	Date time.Time
	// K is how many passages to return; 0 means the default (10).
	K int
}

// Result is one ranked passage with its article.
type Result struct {
	Rank    int // 1-based
	Passage Passage
	Article Article
	Score   float64
	// Group identifies the article's near-duplicate group: versions of one
	// report share a Group. Distinct reports have distinct groups.
	Group int
}
