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

	"newsdesk/internal/news"
)

// DigestPoster posts a digest to a channel; *Bot is one.
type DigestPoster interface {
	PostDigest(ctx context.Context, channel string, d news.Digest) error
}

var _ DigestPoster = (*Bot)(nil)

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
	// StateDir holds the last digest posted per channel and the lock that
	// keeps instances sharing the disk from posting twice (beside the index).
	StateDir string
	// CatchUp posts, once at Start, the digest of a run missed while the
	// bot was down.
	CatchUp bool
	// PostEmpty posts "no new stories" for an empty period; otherwise
	// nothing is posted.
	PostEmpty bool
	// FirstPeriod is how far back a channel's first digest ever looks.
	FirstPeriod time.Duration
	// Retries is how many times a failed post is retried, waiting Backoff,
	// then twice that, and so on.
	Retries int
	Backoff time.Duration
	// Clock drives the schedule; nil means the real clock. Retry waits use
	// real time.
	Clock clockwork.Clock
	// Registerer, when set, gets the digest metrics (Bot.Registry()).
	Registerer prometheus.Registerer
	Log        *slog.Logger
}

// DefaultSchedulerOptions returns catch-up on, empty periods not posted, a
// first period of 24h, and 3 retries from 2s.
func DefaultSchedulerOptions() SchedulerOptions {
	return SchedulerOptions{CatchUp: true, FirstPeriod: 24 * time.Hour, Retries: 3, Backoff: 2 * time.Second}
}

// Scheduler posts digests on their schedules, exactly once per scheduled
// run across restarts and instances that share StateDir.
type Scheduler struct {
	digests Digester
	poster  DigestPoster
	opts    SchedulerOptions
	crons   []cron.Schedule // parsed, one per opts.Schedules
	store   digestStore
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
	if opts.StateDir == "" {
		return nil, errors.New("digest schedule: a state directory is required")
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
	if opts.Clock == nil {
		opts.Clock = clockwork.NewRealClock()
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{digests: digests, poster: poster, opts: opts, store: digestStore{dir: opts.StateDir}, log: opts.Log}
	for i, sc := range opts.Schedules {
		c, err := cron.ParseStandard(cronSpec(sc))
		if err != nil {
			return nil, fmt.Errorf("digest.schedules[%d]: cron %q with time zone %q: %w", i, sc.Cron, sc.TimeZone, err)
		}
		s.crons = append(s.crons, c)
	}
	s.runs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "newsdesk_digests_total",
		Help: "Scheduled digest runs, by channel and outcome (posted, empty, repeat, failed).",
	}, []string{"channel", "outcome"})
	if opts.Registerer != nil {
		if err := opts.Registerer.Register(s.runs); err != nil {
			return nil, fmt.Errorf("digest schedule: metrics: %w", err)
		}
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
	if s.opts.CatchUp {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.catchUp(ctx)
		}()
	}
	for i, sc := range s.opts.Schedules {
		_, err := gs.NewJob(gocron.CronJob(cronSpec(sc), false),
			gocron.NewTask(func(ctx context.Context) { s.run(ctx, i, s.opts.Clock.Now()) }),
			// No singleton mode: an overlapping run waits on the state lock
			// and then sees whether its slot is still to post.
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

// Stop stops the schedules and waits for a run in progress.
func (s *Scheduler) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gs == nil {
		return nil
	}
	s.cancel()
	err := s.gs.Shutdown()
	s.wg.Wait()
	s.gs = nil
	return err
}

// catchUp runs, once each, the schedules that should have fired since
// their last digest. A channel with no digest yet has nothing to catch up.
func (s *Scheduler) catchUp(ctx context.Context) {
	st, err := s.store.load()
	if err != nil {
		s.log.Error("digest catch-up skipped", "err", err)
		return
	}
	now := s.opts.Clock.Now()
	for i, sc := range s.opts.Schedules {
		mark, ok := st.Channels[sc.Channel]
		if !ok || mark.Slot.IsZero() {
			continue
		}
		missed := time.Time{}
		for t, n := s.crons[i].Next(mark.Slot), 0; !t.IsZero() && !t.After(now) && n < 1_000_000; t, n = s.crons[i].Next(t), n+1 {
			missed = t
		}
		if missed.IsZero() {
			continue
		}
		s.log.Info("digest: catching up a run missed while down", "channel", sc.Channel, "missed", missed)
		s.run(ctx, i, missed)
	}
}
