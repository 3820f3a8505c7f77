package retrieval

import (
	"strconv"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// ChunkOptions set the passage size.
type ChunkOptions struct {
	MaxWords     int // a passage's budget, in words
	OverlapWords int // at most this many words of whole sentences repeated from the previous passage
}

// DefaultChunkOptions returns 200-word passages with up to 50 words of overlap.
func DefaultChunkOptions() ChunkOptions { return ChunkOptions{MaxWords: 200, OverlapWords: 50} }

// unit is a piece of a body that is never split further: a sentence, or a
// part of a sentence longer than the budget.
type unit struct {
	start, end, words int
	para              bool // starts a paragraph
}

// Chunk splits an article's body into sentence-aligned passages of at most
// opts.MaxWords words (a sentence longer than that is split at word
// boundaries). Each passage after the first repeats up to opts.OverlapWords
// words of whole sentences from the end of the previous one; a passage that
// is mostly full ends at a paragraph break rather than run into the next
// paragraph. Passage.Text is Body[Start:End]. A body without words has no
// passages; a short one has one.
func Chunk(a *news.Article, opts ChunkOptions) []Passage {
	if opts.MaxWords <= 0 {
		opts = DefaultChunkOptions()
	}
	opts.OverlapWords = max(0, min(opts.OverlapWords, opts.MaxWords/2))
	units := chunkUnits(a.Body, opts.MaxWords)
	var out []Passage
	for i := 0; i < len(units); {
		j, w := i, 0
		for j < len(units) && (j == i || w+units[j].words <= opts.MaxWords) {
			if j > i && units[j].para && w >= opts.MaxWords*3/4 {
				break
			}
			w += units[j].words
			j++
		}
		start, end := units[i].start, units[j-1].end
		out = append(out, Passage{
			ID: a.DocID + "#" + strconv.Itoa(len(out)), DocID: a.DocID, Position: len(out),
			Start: start, End: end, Text: a.Body[start:end],
		})
		if j == len(units) {
			break
		}
		// Step back by whole sentences for the overlap, keeping room for
		// the next unit so that every passage adds new text.
		k, ow := j, 0
		for k-1 > i && ow+units[k-1].words <= opts.OverlapWords && ow+units[k-1].words+units[j].words <= opts.MaxWords {
			k--
			ow += units[k].words
		}
		i = k
	}
	return out
}

// chunkUnits returns the sentences of body with their word counts, long
// sentences split into pieces of at most max words.
func chunkUnits(body string, max int) []unit {
	sents := text.Sentences(body)
	units := make([]unit, 0, len(sents))
	prevEnd := 0
	for _, s := range sents {
		para := prevEnd == 0 || containsNewline(body[prevEnd:s.Start])
		prevEnd = s.End
		n := countWords(body[s.Start:s.End])
		if n == 0 {
			continue
		}
		if n <= max {
			units = append(units, unit{s.Start, s.End, n, para})
			continue
		}
		// Split at word starts: every max words, a new piece.
		pieceStart, words := s.Start, 0
		for p := s.Start; p < s.End; p++ {
			if text.IsSpace(body[p]) || p > s.Start && !text.IsSpace(body[p-1]) {
				continue
			}
			if words == max {
				units = append(units, unit{pieceStart, text.TrimSpaceRight(body, pieceStart, p), words, para})
				pieceStart, words, para = p, 0, false
			}
			words++
		}
		units = append(units, unit{pieceStart, s.End, words, para})
	}
	return units
}

func containsNewline(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return true
		}
	}
	return false
}

// countWords counts the runs of non-space bytes of s.
func countWords(s string) int {
	n, prev := 0, true
	for i := 0; i < len(s); i++ {
		sp := text.IsSpace(s[i])
		if prev && !sp { // a space followed by a non-space starts a word
			n++
		}
		prev = sp
	}
	return n
}
