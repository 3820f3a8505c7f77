package news

import (
	"fmt"
	"time"
)

// Article is one news article as read from the corpus. Fields that the input
// does not hold and the text does not reveal are left empty, never invented.
type Article struct {
	// DocID identifies the article: the record's id, or for a file its path
	// relative to the corpus root (with forward slashes).
	DocID       string
	Title       string
	URL         string
	Source      string    // the outlet, e.g. "CNN", "The Washington Post"
	PublishedAt time.Time // zero when unknown
	Authors     []string
	Body        string // the article text, without title, byline or photo credits

	// Path is the file the article was read from, and Line its line in a
	// JSON Lines file (0 otherwise). Both are for error messages and updates.
	Path string
	Line int

	// FirstSeen is when the index first took the article in; set by the index (retrieval).
	FirstSeen time.Time
}

// Skipped reports an input that could not be read: a file or a record,
// with the reason. The rest of the corpus is read regardless. With Kept
// set, it is a note instead: the input was read, and Reason says what was
// done to it (transcoded from another encoding, invalid bytes replaced,
// front matter that could not be read ignored).
type Skipped struct {
	Path   string
	Line   int // 0 when the whole file is skipped
	Reason string
	Kept   bool
}

// Error formats the skip as "path:line: reason" (or "path: reason").
func (s Skipped) Error() string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", s.Path, s.Line, s.Reason)
	}
	return fmt.Sprintf("%s: %s", s.Path, s.Reason)
}
