package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// Files of the local state, in the index folder.
const (
	SeenFile    = "serve-seen.jsonl"    // events, messages and slash requests seen
	AnswersFile = "serve-answers.jsonl" // saved answers
	DigestFile  = "serve-digest.json"   // digest slots
	digestLock  = "serve-digest.lock"
	// LegacyDigestFile is the digest state of earlier versions; its last
	// digest per channel is imported once.
	LegacyDigestFile = "digest-state.json"
)

// LocalOptions bound the local state. Zero values take the defaults
// (DefaultLocalOptions).
type LocalOptions struct {
	MaxSeen    int // keys remembered (default 100,000); the soonest to expire go first
	MaxAnswers int // saved answers kept (default 5,000)
}

// Local is the state of one serve process, in files in a folder (the
// index's): append-only JSON-lines logs for the seen keys and the saved
// answers, fsynced on every write and compacted when they outgrow their
// content, and a digest file rewritten atomically under a file lock (so
// that processes sharing the folder take turns on digest slots). The seen
// keys and saved answers are not shared between processes: replicas need
// pgstate. With no folder (NewMemory) nothing outlives the process.
type Local struct {
	dir  string
	opts LocalOptions

	mu         sync.Mutex
	seen       map[string]time.Time // key → expiry
	seenLog    *jsonLog
	answers    map[string]answerEntry
	answersLog *jsonLog
	book       *slotBook // in-memory mode only
}

type seenRecord struct {
	Key     string    `json:"k"`
	Expires time.Time `json:"e"`
}

type answerEntry struct {
	ID      string      `json:"id"`
	Answer  SavedAnswer `json:"a"`
	Expires time.Time   `json:"e"`
}

// NewMemory returns a Local that keeps everything in memory.
func NewMemory() *Local {
	return &Local{opts: LocalOptions{}.withDefaults(), seen: map[string]time.Time{}, answers: map[string]answerEntry{}, book: newSlotBook()}
}

// DefaultLocalOptions returns the defaults: 100,000 keys, 5,000 answers.
func DefaultLocalOptions() LocalOptions { return LocalOptions{MaxSeen: 100_000, MaxAnswers: 5_000} }

func (o LocalOptions) withDefaults() LocalOptions {
	def := DefaultLocalOptions()
	if o.MaxSeen <= 0 {
		o.MaxSeen = def.MaxSeen
	}
	if o.MaxAnswers <= 0 {
		o.MaxAnswers = def.MaxAnswers
	}
	return o
}

// OpenLocal opens (creating) the local state in dir.
func OpenLocal(dir string, opts LocalOptions) (*Local, error) {
	if dir == "" {
		return nil, errors.New("state: a folder is required")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("state: create %s: %w", dir, err)
	}
	l := &Local{dir: dir, opts: opts.withDefaults(), seen: map[string]time.Time{}, answers: map[string]answerEntry{}}
	var err error
	l.seenLog, err = openLog(filepath.Join(dir, SeenFile), func(line []byte) error {
		var r seenRecord
		if err := json.Unmarshal(line, &r); err != nil || r.Key == "" {
			return errors.New("bad line")
		}
		l.seen[r.Key] = r.Expires
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	l.answersLog, err = openLog(filepath.Join(dir, AnswersFile), func(line []byte) error {
		var e answerEntry
		if err := json.Unmarshal(line, &e); err != nil || e.ID == "" {
			return errors.New("bad line")
		}
		l.answers[e.ID] = e
		return nil
	})
	if err != nil {
		l.seenLog.close()
		return nil, fmt.Errorf("state: %w", err)
	}
	if err := l.importLegacy(); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// Close closes the files.
func (l *Local) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	if l.seenLog != nil {
		errs = append(errs, l.seenLog.close())
		l.seenLog = nil
	}
	if l.answersLog != nil {
		errs = append(errs, l.answersLog.close())
		l.answersLog = nil
	}
	return errors.Join(errs...)
}

// FirstSeen records key until now+ttl and reports whether it was new (never
// seen, or its earlier record expired). The record is on disk before it
// returns.
func (l *Local) FirstSeen(ctx context.Context, key string, now time.Time, ttl time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if exp, ok := l.seen[key]; ok && now.Before(exp) {
		return false, nil
	}
	r := seenRecord{Key: key, Expires: now.Add(ttl).UTC()}
	if l.seenLog != nil {
		if err := l.seenLog.append(r); err != nil {
			return false, fmt.Errorf("state: %w", err)
		}
	}
	l.seen[key] = r.Expires
	if len(l.seen) > l.opts.MaxSeen || (l.seenLog != nil && l.seenLog.lines > 2*len(l.seen)+1024) {
		l.compactSeen(now)
	}
	return true, nil
}

// compactSeen drops expired keys (and the soonest to expire beyond
// MaxSeen) and rewrites the log. Callers hold l.mu.
func (l *Local) compactSeen(now time.Time) {
	recs := make([]seenRecord, 0, len(l.seen))
	for k, e := range l.seen {
		if now.Before(e) {
			recs = append(recs, seenRecord{k, e})
		}
	}
	if len(recs) > l.opts.MaxSeen*9/10 {
		sort.Slice(recs, func(i, j int) bool { return recs[i].Expires.After(recs[j].Expires) })
		recs = recs[:l.opts.MaxSeen*9/10]
	}
	l.seen = make(map[string]time.Time, len(recs))
	vs := make([]any, len(recs))
	for i, r := range recs {
		l.seen[r.Key] = r.Expires
		vs[i] = r
	}
	if l.seenLog != nil {
		_ = l.seenLog.rewrite(vs) // on failure the longer log stays valid
	}
}

// SaveAnswer keeps a until now+ttl under id.
func (l *Local) SaveAnswer(ctx context.Context, id string, a SavedAnswer, now time.Time, ttl time.Duration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := answerEntry{ID: id, Answer: a, Expires: now.Add(ttl).UTC()}
	if l.answersLog != nil {
		if err := l.answersLog.append(e); err != nil {
			return fmt.Errorf("state: %w", err)
		}
	}
	l.answers[id] = e
	if len(l.answers) > l.opts.MaxAnswers || (l.answersLog != nil && l.answersLog.lines > 2*len(l.answers)+256) {
		entries := make([]answerEntry, 0, len(l.answers))
		for _, e := range l.answers {
			if now.Before(e.Expires) {
				entries = append(entries, e)
			}
		}
		if max := l.opts.MaxAnswers * 9 / 10; len(entries) > max {
			sort.Slice(entries, func(i, j int) bool { return entries[i].Expires.After(entries[j].Expires) })
			entries = entries[:max]
		}
		l.answers = make(map[string]answerEntry, len(entries))
		vs := make([]any, len(entries))
		for i, e := range entries {
			l.answers[e.ID] = e
			vs[i] = e
		}
		if l.answersLog != nil {
			_ = l.answersLog.rewrite(vs)
		}
	}
	return nil
}

// LoadAnswer returns the answer saved under id, if it has not expired.
func (l *Local) LoadAnswer(ctx context.Context, id string, now time.Time) (SavedAnswer, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.answers[id]
	if !ok || !now.Before(e.Expires) {
		return SavedAnswer{}, false, nil
	}
	return e.Answer, true, nil
}

// withBook runs f on the digest slots: in memory, or loaded from the digest
// file under its lock and saved back when f reports a change.
func (l *Local) withBook(ctx context.Context, f func(b *slotBook) (changed bool)) error {
	if l.dir == "" {
		l.mu.Lock()
		defer l.mu.Unlock()
		f(l.book)
		return nil
	}
	fl := flock.New(filepath.Join(l.dir, digestLock))
	ok, err := fl.TryLockContext(ctx, 10*time.Millisecond)
	if err != nil || !ok {
		return fmt.Errorf("state: lock %s: %v", fl.Path(), errOr(err, "not acquired"))
	}
	defer fl.Close()
	b, err := l.loadBook()
	if err != nil {
		return err
	}
	if !f(b) {
		return nil
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(l.dir, DigestFile), append(data, '\n')); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

func errOr(err error, s string) any {
	if err != nil {
		return err
	}
	return s
}

func (l *Local) loadBook() (*slotBook, error) {
	path := filepath.Join(l.dir, DigestFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newSlotBook(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	b := newSlotBook()
	if err := json.Unmarshal(data, b); err != nil {
		return nil, fmt.Errorf("state: %s is not valid JSON (delete it to start the digests over): %w", path, err)
	}
	if b.Channels == nil {
		b.Channels = map[string]time.Time{}
	}
	return b, nil
}

// importLegacy turns the last digest per channel of an earlier version's
// digest-state.json into posted slots, once (the digest file does not exist
// yet).
func (l *Local) importLegacy() error {
	data, err := os.ReadFile(filepath.Join(l.dir, LegacyDigestFile))
	if err != nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(l.dir, DigestFile)); err == nil {
		return nil
	}
	var legacy struct {
		Channels map[string]struct {
			Slot  time.Time `json:"slot"`
			Until time.Time `json:"until"`
		} `json:"channels"`
	}
	if json.Unmarshal(data, &legacy) != nil {
		return nil // unreadable: start over, as the old version advised
	}
	return l.withBook(context.Background(), func(b *slotBook) bool {
		for ch, m := range legacy.Channels {
			if m.Slot.IsZero() || b.find(ch, utcMinute(m.Slot)) >= 0 {
				continue
			}
			b.arm(ch, m.Slot)
			b.Slots = append(b.Slots, Slot{Channel: ch, At: utcMinute(m.Slot), Status: SlotPosted, Tries: 1,
				ClaimedAt: m.Slot.UTC(), Since: m.Until.UTC(), Until: m.Until.UTC(), LeaseUntil: m.Slot.UTC()})
		}
		return true
	})
}

// ArmChannel records the first time channel's schedule ran (now, unless it
// was recorded before) and returns it: a slot missed after it is caught up.
func (l *Local) ArmChannel(ctx context.Context, channel string, now time.Time) (time.Time, error) {
	var at time.Time
	err := l.withBook(ctx, func(b *slotBook) bool {
		_, had := b.Channels[channel]
		at = b.arm(channel, now)
		return !had
	})
	return at, err
}

// ClaimSlot takes the slot (channel, at) for owner until now+lease: a slot
// nobody claimed, or one whose owner's lease ran out (then Tries > 1 and
// the earlier post's outcome is unknown). It reports whether owner holds
// it; when not, the slot as it stands.
func (l *Local) ClaimSlot(ctx context.Context, channel string, at time.Time, owner string, now time.Time, lease time.Duration) (Slot, bool, error) {
	var s Slot
	var ok bool
	err := l.withBook(ctx, func(b *slotBook) bool {
		s, ok = b.claim(channel, at, owner, now, lease)
		return ok
	})
	return s, ok && err == nil, err
}

// RenewSlot extends owner's lease on a slot still posting; false when the
// claim was lost (taken over or finished).
func (l *Local) RenewSlot(ctx context.Context, channel string, at time.Time, owner string, now time.Time, lease time.Duration) (bool, error) {
	var ok bool
	err := l.withBook(ctx, func(b *slotBook) bool {
		ok = b.renew(channel, at, owner, now, lease)
		return ok
	})
	return ok && err == nil, err
}

// FinishSlot settles s (Status posted, empty or failed; Since, Until, TS)
// if s.Owner still holds it; false when the claim was lost.
func (l *Local) FinishSlot(ctx context.Context, s Slot, now time.Time) (bool, error) {
	var ok bool
	err := l.withBook(ctx, func(b *slotBook) bool {
		ok = b.finish(s, now)
		return ok
	})
	return ok && err == nil, err
}

// LastSlot returns channel's latest posted or empty slot.
func (l *Local) LastSlot(ctx context.Context, channel string) (Slot, bool, error) {
	var s Slot
	var ok bool
	err := l.withBook(ctx, func(b *slotBook) bool {
		s, ok = b.last(channel)
		return false
	})
	return s, ok, err
}

// OpenSlots returns channel's slots still posting, oldest first.
func (l *Local) OpenSlots(ctx context.Context, channel string) ([]Slot, error) {
	var out []Slot
	err := l.withBook(ctx, func(b *slotBook) bool {
		out = b.open(channel)
		return false
	})
	return out, err
}
