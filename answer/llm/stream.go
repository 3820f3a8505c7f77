package llm

import (
	"strings"

	"newsdesk/internal/text"
)

// deltaFilter passes a streamed reply to onDelta as it grows, showing only
// what the final answer will show: text is cleaned like the final answer
// (cleanCitations), a trailing '[' that may open a marker and trailing spaces
// are held back until they are settled, and a reply that is or may become
// the refusal token is held back entirely. The deltas it sends join to a
// prefix of the cleaned reply.
type deltaFilter struct {
	valid   map[int]bool
	refusal string
	onDelta func(string)
	raw     strings.Builder
	emitted string
}

// write adds a chunk of the model's reply.
func (f *deltaFilter) write(chunk string) {
	if chunk == "" {
		return
	}
	f.raw.WriteString(chunk)
	f.emitTo(cleanCitations(settledPrefix(f.raw.String()), f.valid))
}

// finish sends what is left of final, the cleaned whole reply, when it
// continues what was sent.
func (f *deltaFilter) finish(final string) {
	f.emitTo(final)
}

func (f *deltaFilter) emitTo(cleaned string) {
	trimmed := strings.TrimSpace(cleaned)
	if f.refusal != "" && (strings.HasPrefix(f.refusal, trimmed) || strings.Contains(trimmed, f.refusal)) {
		return
	}
	if len(cleaned) > len(f.emitted) && strings.HasPrefix(cleaned, f.emitted) {
		f.onDelta(cleaned[len(f.emitted):])
		f.emitted = cleaned
	}
}

// settledPrefix is the part of a growing reply that later text cannot
// change: it ends before a '[' that may still become a marker and before
// trailing white space.
func settledPrefix(s string) string {
	if i := strings.LastIndexByte(s, '['); i >= 0 && !strings.ContainsAny(s[i:], "]\n") && len(s)-i <= text.MaxMarkerLen+1 {
		s = s[:i]
	}
	return strings.TrimRight(s, " \t\r\n")
}
