package answer

import (
	"sync"
	"sync/atomic"

	"newsdesk/internal/text"
)

// stems memoises english.Stem, which is pure and the costliest step of
// reading sentences. It holds at most maxStems words (news English has far
// fewer distinct ones); past that, words are stemmed without keeping them.
var stems struct {
	m sync.Map // norm → stem
	n atomic.Int64
}

const maxStems = 1 << 18

// stem returns text.Stem(norm, true), memoised.
func stem(norm string) string {
	if s, ok := stems.m.Load(norm); ok {
		return s.(string)
	}
	s := text.Stem(norm, true)
	if stems.n.Load() < maxStems {
		if _, loaded := stems.m.LoadOrStore(norm, s); !loaded {
			stems.n.Add(1)
		}
	}
	return s
}
