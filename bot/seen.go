package bot

import (
	"container/list"
	"sync"
	"time"
)

// seenSet remembers keys (the threads the bot answered in) in memory for
// ttl, holding at most size of them; the oldest are forgotten first. What
// must outlive the process (deliveries seen, saved answers) is in State.
type seenSet struct {
	mu    sync.Mutex
	size  int
	ttl   time.Duration
	now   func() time.Time
	order *list.List // of seenEntry, oldest at the front
	items map[string]*list.Element
}

type seenEntry struct {
	key string
	at  time.Time
}

func newSeenSet(size int, ttl time.Duration, now func() time.Time) *seenSet {
	return &seenSet{size: size, ttl: ttl, now: now, order: list.New(), items: map[string]*list.Element{}}
}

// add records key and reports whether it was new.
func (s *seenSet) add(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.expire(now)
	if _, ok := s.items[key]; ok {
		return false
	}
	s.items[key] = s.order.PushBack(seenEntry{key, now})
	for s.order.Len() > s.size {
		e := s.order.Front()
		delete(s.items, e.Value.(seenEntry).key)
		s.order.Remove(e)
	}
	return true
}

// has reports whether key was added and has not expired.
func (s *seenSet) has(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(s.now())
	_, ok := s.items[key]
	return ok
}

func (s *seenSet) expire(now time.Time) {
	for e := s.order.Front(); e != nil; e = s.order.Front() {
		if now.Sub(e.Value.(seenEntry).at) < s.ttl {
			return
		}
		delete(s.items, e.Value.(seenEntry).key)
		s.order.Remove(e)
	}
}
