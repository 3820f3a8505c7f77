package bot

import (
	"sync"
	"time"

	"newsdesk/internal/news"
)

// savedAnswer is what the buttons under an answer need: the question, and the
// answer to share in the channel.
type savedAnswer struct {
	Question string
	Answer   news.Answer
	User     string
	at       time.Time
}

// savedAnswers keeps recent answers by ID for the Share and feedback buttons.
type savedAnswers struct {
	mu    sync.Mutex
	keys  *seenSet
	items map[string]savedAnswer
}

func newSavedAnswers(size int, ttl time.Duration, now func() time.Time) *savedAnswers {
	return &savedAnswers{keys: newSeenSet(size, ttl, now), items: map[string]savedAnswer{}}
}

func (s *savedAnswers) put(id string, a savedAnswer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys.add(id)
	s.items[id] = a
	if len(s.items) > 2*s.keys.size { // drop the ones the key set forgot
		for k := range s.items {
			if !s.keys.has(k) {
				delete(s.items, k)
			}
		}
	}
}

func (s *savedAnswers) get(id string) (savedAnswer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.keys.has(id) {
		return savedAnswer{}, false
	}
	a, ok := s.items[id]
	return a, ok
}
