package retrieval

import (
	"strconv"
	"strings"
)

// ChunkOptions set the passage size.
type ChunkOptions struct {
	MaxWords     int // a passage's budget, in words
	OverlapWords int // words of the previous passage repeated at the start of the next
}

// DefaultChunkOptions returns 200-word passages with 50 words of overlap.
func DefaultChunkOptions() ChunkOptions { return ChunkOptions{MaxWords: 200, OverlapWords: 50} }

// Chunk splits an article's body into passages.
//
// TEMPORARY minimal implementation (paragraphs); replaced by the sentence-aware chunker.
func Chunk(a *Article, opts ChunkOptions) []Passage {
	var out []Passage
	off := 0
	for _, para := range strings.SplitAfter(a.Body, "\n\n") {
		t := strings.TrimSpace(para)
		if t != "" {
			start := off + strings.Index(para, t)
			out = append(out, Passage{ID: a.DocID + "#" + strconv.Itoa(len(out)), DocID: a.DocID, Position: len(out), Start: start, End: start + len(t), Text: t})
		}
		off += len(para)
	}
	return out
}

// Sentences returns the spans of the sentences of text.
//
// TEMPORARY minimal implementation.
func Sentences(text string) []Span {
	var out []Span
	start := 0
	for i := 0; i < len(text); i++ {
		if (text[i] == '.' || text[i] == '?' || text[i] == '!') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n') {
			out = append(out, Span{start, i + 1})
			start = i + 1
			for start < len(text) && (text[start] == ' ' || text[start] == '\n') {
				start++
			}
			i = start - 1
		}
	}
	if start < len(text) {
		out = append(out, Span{start, len(text)})
	}
	return out
}
