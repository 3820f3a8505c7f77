package bot

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

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
