package bot

import (
	"container/list"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"newsdesk/news"
)

// seenSet remembers keys (event IDs, message timestamps) for ttl, holding at
// most size of them; the oldest are forgotten first.
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

// limiter is a per-user token bucket: perMinute questions a minute, with a
// burst of perMinute. perMinute 0 allows everything.
type limiter struct {
	mu        sync.Mutex
	perMinute int
	now       func() time.Time
	users     map[string]*rate.Limiter
}

func newLimiter(perMinute int, now func() time.Time) *limiter {
	return &limiter{perMinute: perMinute, now: now, users: map[string]*rate.Limiter{}}
}

// allow reports whether user may ask now, and spends a token if so.
func (l *limiter) allow(user string) bool {
	if l.perMinute <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	lim, ok := l.users[user]
	if !ok {
		if len(l.users) >= 10000 {
			for u, v := range l.users { // forget users whose bucket is full again
				if v.TokensAt(now) >= float64(l.perMinute) {
					delete(l.users, u)
				}
			}
		}
		lim = rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.perMinute)
		l.users[user] = lim
	}
	return lim.AllowN(now, 1)
}

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
