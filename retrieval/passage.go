package retrieval

// Passage is a sentence-aligned piece of one article, the unit that is
// embedded, searched and quoted.
type Passage struct {
	// ID is DocID + "#" + Position; unique in an index.
	ID       string
	DocID    string
	Position int // 0-based order of the passage within its article
	// Start and End are byte offsets of Text in the article's Body.
	Start, End int
	Text       string
}
