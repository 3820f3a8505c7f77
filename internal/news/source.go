package news

import "time"

// Source is one numbered source article given to a model, to answer a
// question or to summarise a story: the passages of it that were
// retrieved (or its lead), in article order. The model cites it as [N].
type Source struct {
	N           int
	DocID       string
	Title       string
	Outlet      string
	URL         string
	PublishedAt time.Time // zero when unknown
	Passages    []string
}

// Generated is what a model wrote from numbered Sources: text with [n]
// markers that refer to Source.N, or Refused when the sources do not
// answer the question.
type Generated struct {
	Text    string
	Refused bool
}

// Asked is when a question is asked and how far the corpus it is answered
// from goes: a model told both knows that "this week" is the week before
// AsOf, and that events after Newest are not in its sources. Zero fields
// are unknown (AsOf then means now).
type Asked struct {
	AsOf   time.Time
	Newest time.Time
}
