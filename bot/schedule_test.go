package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"newsdesk/bot/state"
	"newsdesk/internal/news"
)

// fakeDigests returns a one-story digest (or none) for the period since
// the given time up to the clock's now.
type fakeDigests struct {
	clock clockwork.Clock
	empty bool
}

func (f fakeDigests) Digest(ctx context.Context, since time.Time) (news.Digest, error) {
	d := news.Digest{Since: since, Until: f.clock.Now()}
	if !f.empty {
		d.Stories = []news.Story{{Headline: "Burns heads to Europe", Summary: "He travels [1].", Articles: 1}}
	}
	return d, nil
}

// fakePoster records the digests posted; the first failures posts are
// refused.
type fakePoster struct {
	mu       sync.Mutex
	failures int
	attempts int
	posted   []news.Digest
	channels []string
	slots    []string
}

func (p *fakePoster) PostTaggedDigest(ctx context.Context, channel string, d news.Digest, slotID string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.attempts++
	if p.failures > 0 {
		p.failures--
		return "", errors.New("slack said no")
	}
	p.posted = append(p.posted, d)
	p.channels = append(p.channels, channel)
	p.slots = append(p.slots, slotID)
	return fmt.Sprintf("%d.000001", len(p.posted)), nil
}

func (p *fakePoster) FindDigest(ctx context.Context, channel, slotID string, since time.Time) (string, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, s := range p.slots {
		if s == slotID {
			return fmt.Sprintf("%d.000001", i+1), true, nil
		}
	}
	return "", false, nil
}

func (p *fakePoster) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.posted)
}

// waitFor polls cond until it holds or a few seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func newTestScheduler(t *testing.T, dir string, clock *clockwork.FakeClock, poster DigestPoster, mod func(*SchedulerOptions)) *Scheduler {
	t.Helper()
	opts := DefaultSchedulerOptions()
	opts.Schedules = []Schedule{{Channel: "C1", Cron: "* * * * *", TimeZone: "Europe/Paris"}}
	opts.StateDir = dir
	opts.Clock = clock
	opts.Backoff = time.Millisecond
	if mod != nil {
		mod(&opts)
	}
	s, err := NewScheduler(fakeDigests{clock: clock}, poster, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// advance waits until n timers wait on the clock (the schedulers have
// armed their next runs), then moves it by d.
func advance(t *testing.T, clock *clockwork.FakeClock, n int, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := clock.BlockUntilContext(ctx, n); err != nil {
		t.Fatalf("schedulers did not arm their timers: %v", err)
	}
	clock.Advance(d)
}

func TestScheduleEveryMinuteWithRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := clockwork.NewFakeClockAt(time.Date(2026, 1, 5, 12, 0, 30, 0, time.UTC))
	poster := &fakePoster{}

	s1 := newTestScheduler(t, dir, clock, poster, nil)
	if err := s1.Start(ctx); err != nil {
		t.Fatal(err)
	}
	advance(t, clock, 1, 30*time.Second) // 12:01
	waitFor(t, "the first digest", func() bool { return poster.count() == 1 })
	advance(t, clock, 1, time.Minute) // 12:02
	waitFor(t, "the second digest", func() bool { return poster.count() == 2 })
	if err := s1.Stop(); err != nil {
		t.Fatal(err)
	}

	// A restart: a new scheduler over the same state. Nothing was missed,
	// so nothing is caught up; the next minute posts once.
	s2 := newTestScheduler(t, dir, clock, poster, nil)
	if err := s2.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s2.Stop()
	advance(t, clock, 1, time.Minute) // 12:03
	waitFor(t, "the third digest", func() bool { return poster.count() == 3 })
	s2.Stop()

	if n := poster.count(); n != 3 {
		t.Fatalf("posted %d digests over three minutes, want 3", n)
	}
	for k := 1; k < 3; k++ {
		if !poster.posted[k].Since.Equal(poster.posted[k-1].Until) {
			t.Errorf("digest %d covers from %v, want from the previous one's end %v", k+1, poster.posted[k].Since, poster.posted[k-1].Until)
		}
	}
}

func TestScheduleTwoInstancesPostOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := clockwork.NewFakeClockAt(time.Date(2026, 1, 5, 12, 0, 30, 0, time.UTC))
	poster := &fakePoster{}
	a := newTestScheduler(t, dir, clock, poster, nil)
	b := newTestScheduler(t, dir, clock, poster, nil)
	for _, s := range []*Scheduler{a, b} {
		if err := s.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
	}
	for minute := 1; minute <= 2; minute++ {
		advance(t, clock, 2, time.Minute)
		waitFor(t, "both instances to run", func() bool {
			n := 0.0
			for _, s := range []*Scheduler{a, b} {
				n += counterValue(s.runs.WithLabelValues("C1", "posted")) + counterValue(s.runs.WithLabelValues("C1", "repeat"))
			}
			return n >= float64(2*minute) // a late catch-up may add a repeat
		})
		if n := poster.count(); n != minute {
			t.Fatalf("after %d scheduled runs, %d digests posted by two instances; want %d", minute, n, minute)
		}
	}
}

// writeMark stores a last digest for C1, as a run before a shutdown would.
func writeMark(t *testing.T, dir string, slot time.Time) {
	t.Helper()
	l, err := state.OpenLocal(dir, state.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	l.ArmChannel(ctx, "C1", slot.Add(-time.Hour))
	if _, ok, err := l.ClaimSlot(ctx, "C1", slot, "before", time.Now(), time.Minute); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if _, err := l.FinishSlot(ctx, state.Slot{Channel: "C1", At: slot, Owner: "before", Status: state.SlotPosted, Until: slot}, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func TestScheduleCatchUp(t *testing.T) {
	down := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		catchUp bool
		want    int // digests after start and the next minute
	}{
		{"caught up once", true, 2},
		{"not caught up", false, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeMark(t, dir, down)
			// Down for five runs; back at 12:05:30.
			clock := clockwork.NewFakeClockAt(down.Add(5*time.Minute + 30*time.Second))
			poster := &fakePoster{}
			s := newTestScheduler(t, dir, clock, poster, func(o *SchedulerOptions) { o.CatchUp = tc.catchUp })
			if err := s.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer s.Stop()
			if tc.catchUp {
				waitFor(t, "the catch-up digest", func() bool { return poster.count() == 1 })
				if !poster.posted[0].Since.Equal(down) {
					t.Errorf("catch-up covers from %v, want from the last digest %v", poster.posted[0].Since, down)
				}
			}
			advance(t, clock, 1, 30*time.Second) // 12:06
			waitFor(t, "the scheduled digest", func() bool { return poster.count() == tc.want })
		})
	}
}

func TestScheduleRetriesThenReports(t *testing.T) {
	slot := time.Date(2026, 1, 5, 12, 1, 0, 0, time.UTC)
	tests := []struct {
		name         string
		failures     int
		wantPosted   int
		wantAttempts int
		wantOutcome  string
	}{
		{"succeeds on the third try", 2, 1, 3, "posted"},
		{"gives up after retries", 10, 0, 4, "failed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			clock := clockwork.NewFakeClockAt(slot)
			poster := &fakePoster{failures: tc.failures}
			s := newTestScheduler(t, dir, clock, poster, nil)
			s.run(context.Background(), 0, slot)
			if poster.count() != tc.wantPosted || poster.attempts != tc.wantAttempts {
				t.Errorf("posted %d in %d attempts, want %d in %d", poster.count(), poster.attempts, tc.wantPosted, tc.wantAttempts)
			}
			if got := counterValue(s.runs.WithLabelValues("C1", tc.wantOutcome)); got != 1 {
				t.Errorf("outcome %q counted %v times, want 1", tc.wantOutcome, got)
			}
			_, recorded, err := s.store.LastSlot(context.Background(), "C1")
			if err != nil {
				t.Fatal(err)
			}
			if recorded != (tc.wantPosted == 1) {
				t.Errorf("a last digest recorded = %v after outcome %s", recorded, tc.wantOutcome)
			}
		})
	}
}

func TestScheduleEmptyPeriod(t *testing.T) {
	slot := time.Date(2026, 1, 5, 12, 1, 0, 0, time.UTC)
	for _, postEmpty := range []bool{true, false} {
		t.Run(map[bool]string{true: "post empty", false: "skip empty"}[postEmpty], func(t *testing.T) {
			clock := clockwork.NewFakeClockAt(slot)
			poster := &fakePoster{}
			opts := DefaultSchedulerOptions()
			opts.Schedules = []Schedule{{Channel: "C1", Cron: "* * * * *"}}
			opts.StateDir, opts.Clock, opts.PostEmpty = t.TempDir(), clock, postEmpty
			s, err := NewScheduler(fakeDigests{clock: clock, empty: true}, poster, opts)
			if err != nil {
				t.Fatal(err)
			}
			s.run(context.Background(), 0, slot)
			want := map[bool]int{true: 1, false: 0}[postEmpty]
			if poster.count() != want {
				t.Errorf("posted %d digests for an empty period, want %d", poster.count(), want)
			}
		})
	}
}

func TestNewSchedulerRejectsBadSchedules(t *testing.T) {
	tests := []struct {
		name string
		sc   Schedule
	}{
		{"bad cron", Schedule{Channel: "C1", Cron: "every day"}},
		{"bad zone", Schedule{Channel: "C1", Cron: "0 8 * * *", TimeZone: "Mars/Olympus"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := DefaultSchedulerOptions()
			opts.Schedules, opts.StateDir = []Schedule{tc.sc}, t.TempDir()
			if _, err := NewScheduler(fakeDigests{}, &fakePoster{}, opts); err == nil {
				t.Fatal("accepted a bad schedule")
			}
		})
	}
}

func TestCronTimeZone(t *testing.T) {
	opts := DefaultSchedulerOptions()
	opts.Schedules = []Schedule{{Channel: "C1", Cron: "0 8 * * *", TimeZone: "America/New_York"}}
	opts.StateDir = t.TempDir()
	s, err := NewScheduler(fakeDigests{}, &fakePoster{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	next := s.crons[0].Next(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC))
	if want := time.Date(2026, 1, 5, 13, 0, 0, 0, time.UTC); !next.Equal(want) {
		t.Errorf("08:00 New York is %v, want %v", next.UTC(), want)
	}
}

// counterValue reads a counter.
func counterValue(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}
