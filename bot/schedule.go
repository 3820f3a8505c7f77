package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/robfig/cron/v3"

	"newsdesk/bot/state"
	"newsdesk/internal/news"
)

// DigestPoster posts scheduled digests and finds them again; *Bot is one.
type DigestPoster interface {
	// PostTaggedDigest posts d to channel tagged with slotID (message
	// metadata) and returns its ts. It does not retry a post whose outcome
	// is unknown; such an error wraps ErrOutcomeUnknown.
	PostTaggedDigest(ctx context.Context, channel string, d news.Digest, slotID string) (ts string, err error)
	// FindDigest looks for the digest tagged slotID in channel's messages
	// since since.
	FindDigest(ctx context.Context, channel, slotID string, since time.Time) (ts string, found bool, err error)
}

// Schedule posts a digest to Channel whenever the five-field cron expression
// Cron fires in TimeZone (an IANA name; empty means UTC).
type Schedule struct {
	Channel  string
	Cron     string
	TimeZone string
}

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	Schedules []Schedule
	// Store holds the slot claims and outcomes: state.Local for one
	// process (or several sharing its folder), pgstate for replicas.
	Store SlotStore
	// StateDir, when Store is nil, is the folder (the index's) of a
	// state.Local the scheduler opens and closes itself.
	StateDir string
	// CatchUp posts, once at Start, the digest of a run missed while the
	// bot was down.
	CatchUp bool
	// PostEmpty posts "no new stories" for an empty period; otherwise
	// nothing is posted.
	PostEmpty bool
	// FirstPeriod is how far back a channel's first digest ever looks.
	FirstPeriod time.Duration
	// Retries is how many times a post Slack refused (or that did not
	// land) is tried again, waiting Backoff, then twice that, and so on.
	Retries int
	Backoff time.Duration
	// Lease is how long a slot's claim lasts unless its owner renews it
	// (every Lease/3 while posting); a claim that lapses (the owner crashed
	// or hung) is taken over, at the latest a Lease later, by this or
	// another scheduler, which looks for the digest in Slack before
	// posting it.
	Lease time.Duration
	// VerifyDelay is how long to wait after a post with an unknown outcome
	// (a timeout) before looking for it in the channel's history.
	VerifyDelay time.Duration
	// Clock drives the schedule; nil means the real clock. Leases, retry
	// waits and history look-ups use real time.
	Clock clockwork.Clock
	// Registerer, when set, gets the digest metrics (Bot.Registry()).
	Registerer prometheus.Registerer
	Log        *slog.Logger
}

// DefaultSchedulerOptions returns catch-up on, empty periods not posted, a
// first period of 24h, 3 retries from 2s, a 30 s lease and a 10 s wait
// before looking for a post whose outcome is unknown.
func DefaultSchedulerOptions() SchedulerOptions {
	return SchedulerOptions{CatchUp: true, FirstPeriod: 24 * time.Hour, Retries: 3, Backoff: 2 * time.Second,
		Lease: 30 * time.Second, VerifyDelay: 10 * time.Second}
}

// Scheduler posts digests on their schedules, each slot once across
// timeouts, restarts, crashes and replicas sharing the Store: a slot is
// claimed in the store before anything is posted (one owner, with a lease
// it renews), the message carries the slot's ID in its metadata, and a post
// whose outcome is unknown is looked for in the channel's history before it
// is tried again.
type Scheduler struct {
	digests Digester
	poster  DigestPoster
	opts    SchedulerOptions
	crons   []cron.Schedule // parsed, one per opts.Schedules
	store   SlotStore
	closer  func() error           // closes a store the scheduler opened
	owner   string                 // this scheduler's claims
	runs    *prometheus.CounterVec // channel, outcome
	log     *slog.Logger

	mu     sync.Mutex
	gs     gocron.Scheduler
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewScheduler checks the schedules (cron expressions, time zones) and
// returns a Scheduler that is not started yet.
func NewScheduler(digests Digester, poster DigestPoster, opts SchedulerOptions) (*Scheduler, error) {
	if digests == nil || poster == nil {
		return nil, errors.New("digest schedule: a digester and a poster are required")
	}
	if opts.Store == nil && opts.StateDir == "" {
		return nil, errors.New("digest schedule: a state store or directory is required")
	}
	def := DefaultSchedulerOptions()
	if opts.FirstPeriod <= 0 {
		opts.FirstPeriod = def.FirstPeriod
	}
	if opts.Retries < 0 {
		opts.Retries = 0
	}
	if opts.Backoff <= 0 {
		opts.Backoff = def.Backoff
	}
	if opts.Lease <= 0 {
		opts.Lease = def.Lease
	}
	if opts.VerifyDelay <= 0 {
		opts.VerifyDelay = def.VerifyDelay
	}
	if opts.Clock == nil {
		opts.Clock = clockwork.NewRealClock()
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{digests: digests, poster: poster, opts: opts, store: opts.Store, owner: newID(), log: opts.Log,
		closer: func() error { return nil }}
	for i, sc := range opts.Schedules {
		c, err := cron.ParseStandard(cronSpec(sc))
		if err != nil {
			return nil, fmt.Errorf("digest.schedules[%d]: cron %q with time zone %q: %w", i, sc.Cron, sc.TimeZone, err)
		}
		s.crons = append(s.crons, c)
	}
	s.runs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "newsdesk_digests_total",
		Help: "Scheduled digest runs, by channel and outcome (posted, empty, repeat: another run has the slot, recovered: a post cut short was found in Slack, unknown: left for a takeover, failed).",
	}, []string{"channel", "outcome"})
	if opts.Registerer != nil {
		if err := opts.Registerer.Register(s.runs); err != nil {
			return nil, fmt.Errorf("digest schedule: metrics: %w", err)
		}
	}
	if s.store == nil {
		l, err := state.OpenLocal(opts.StateDir, state.LocalOptions{})
		if err != nil {
			return nil, fmt.Errorf("digest schedule: %w", err)
		}
		s.store, s.closer = l, l.Close
	}
	return s, nil
}

// CheckSchedule reports whether sc's cron expression and time zone can be
// read, with the reason when not.
func CheckSchedule(sc Schedule) error {
	if _, err := cron.ParseStandard(cronSpec(sc)); err != nil {
		return fmt.Errorf("cron %q in time zone %q: %w", sc.Cron, sc.TimeZone, err)
	}
	return nil
}

// cronSpec is the expression with its time zone, as gocron and robfig/cron
// read it.
func cronSpec(sc Schedule) string {
	tz := sc.TimeZone
	if tz == "" {
		tz = "UTC"
	}
	return "CRON_TZ=" + tz + " " + strings.TrimSpace(sc.Cron)
}

// Start catches up missed runs (when CatchUp is set) and starts the
// schedules. The runs stop when ctx ends or Stop is called.
func (s *Scheduler) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gs != nil {
		return errors.New("digest schedule: already started")
	}
	gs, err := gocron.NewScheduler(gocron.WithClock(s.opts.Clock), gocron.WithLocation(time.UTC))
	if err != nil {
		return fmt.Errorf("digest schedule: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		s.catchUp(ctx)
	}()
	go func() {
		defer s.wg.Done()
		s.janitor(ctx)
	}()
	for i, sc := range s.opts.Schedules {
		_, err := gs.NewJob(gocron.CronJob(cronSpec(sc), false),
			gocron.NewTask(func(ctx context.Context) { s.run(ctx, i, s.opts.Clock.Now()) }),
			// No singleton mode: runs of different slots may overlap; the
			// store's claims keep each slot to one run.
			gocron.WithContext(ctx), gocron.WithName("digest "+sc.Channel))
		if err != nil {
			cancel()
			_ = gs.Shutdown()
			return fmt.Errorf("digest.schedules[%d]: %w", i, err)
		}
	}
	gs.Start()
	s.gs, s.cancel = gs, cancel
	return nil
}

// Stop stops the schedules, waits for a run in progress and closes a store
// the scheduler opened. A post cut short stays claimed until its lease
// lapses; the next scheduler then looks for it before posting.
func (s *Scheduler) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gs == nil {
		return s.closer()
	}
	s.cancel()
	err := s.gs.Shutdown()
	s.wg.Wait()
	s.gs = nil
	return errors.Join(err, s.closer())
}

// catchUp, at start, records each channel's first schedule (once ever),
// settles slots left open by a crash, and (with CatchUp) runs once the
// latest slot missed since the channel's last digest, or since its first
// schedule when it never had one.
func (s *Scheduler) catchUp(ctx context.Context) {
	now := s.opts.Clock.Now()
	for i, sc := range s.opts.Schedules {
		armed, err := s.store.ArmChannel(ctx, sc.Channel, now)
		if err != nil {
			s.log.Error("digest catch-up skipped", "channel", sc.Channel, "err", err)
			continue
		}
		s.resolve(ctx, sc.Channel)
		if !s.opts.CatchUp {
			continue
		}
		from := armed
		if last, ok, err := s.store.LastSlot(ctx, sc.Channel); err != nil {
			s.log.Error("digest catch-up skipped", "channel", sc.Channel, "err", err)
			continue
		} else if ok && last.At.After(from) {
			from = last.At
		}
		missed := time.Time{}
		for t, n := s.crons[i].Next(from), 0; !t.IsZero() && !t.After(now) && n < 1_000_000; t, n = s.crons[i].Next(t), n+1 {
			missed = t
		}
		if missed.IsZero() {
			continue
		}
		s.log.Info("digest: catching up a run missed while down", "channel", sc.Channel, "missed", missed)
		s.run(ctx, i, missed)
	}
}

// janitor settles abandoned claims every Lease: a slot whose owner
// crashed is looked for in Slack and posted if it is not there.
func (s *Scheduler) janitor(ctx context.Context) {
	t := time.NewTicker(s.opts.Lease)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for _, sc := range s.opts.Schedules {
			s.resolve(ctx, sc.Channel)
		}
	}
}
