package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"newsdesk/bot/state"
	"newsdesk/internal/news"
)

// Answerer answers a question with cited sources; *answer.Service is one.
// onDelta, when not nil, receives the answer text as it is generated.
type Answerer interface {
	Answer(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error)
}

// Digester summarises what is new in the corpus since a time; for /digest.
type Digester interface {
	Digest(ctx context.Context, since time.Time) (news.Digest, error)
}

// Options configure a Bot. Start from DefaultOptions.
type Options struct {
	// SigningSecret verifies HTTP requests from Slack; empty rejects them all.
	SigningSecret string
	AskCommand    string // slash command that asks, e.g. "/ask"
	DigestCommand string // slash command for the digest, e.g. "/digest"
	// AskVisibility is "ephemeral" (only the asker sees the answer, with a
	// "Share in channel" button) or "in_channel".
	AskVisibility string
	// ThreadReplies answers un-mentioned messages in threads the bot has
	// answered in.
	ThreadReplies bool
	// AllowChannels limits the channels the bot answers in; empty allows all.
	// DMs are always allowed.
	AllowChannels []string
	Workers       int // answers computed at once
	QueueSize     int // questions waiting beyond the workers; more get "busy"
	// RatePerMinute is the questions a user may ask a minute; 0 disables.
	RatePerMinute int
	// HistoryChars is the budget of earlier turns given with a follow-up.
	HistoryChars int
	// UpdateEvery bounds how often a streamed answer is edited in Slack.
	UpdateEvery time.Duration
	// AskDate, when set, is the date every question is asked as of (serve
	// --date); zero means the moment it arrives.
	AskDate time.Time
	// DigestSince is how far back /digest looks when not told.
	DigestSince time.Duration
	// MaxQuestionChars is the longest question answered, in characters;
	// longer ones get a polite refusal. 0 means no limit.
	MaxQuestionChars int
	// State remembers the deliveries seen (answered once across retries,
	// restarts and replicas) and the saved answers behind the buttons; nil
	// means in memory only (state.NewMemory).
	State State
	// Poster posts and finds scheduled digests: a client that retries only
	// what Slack refused (429), never a post whose outcome is unknown (see
	// NewPostClient). nil means the client given to New.
	Poster *slack.Client
	// HTTPClient posts to response_url; it must have a timeout.
	HTTPClient *http.Client
	// Now is the clock (signatures, rate limits); nil means time.Now.
	Now func() time.Time
	Log *slog.Logger
}

// DefaultOptions returns the defaults documented in config.example.yaml.
func DefaultOptions() Options {
	return Options{
		AskCommand: "/ask", DigestCommand: "/digest", AskVisibility: "ephemeral",
		ThreadReplies: true, Workers: 4, QueueSize: 100, RatePerMinute: 60,
		HistoryChars: 4000, UpdateEvery: time.Second, DigestSince: 24 * time.Hour, MaxQuestionChars: 2000,
		HTTPClient: &http.Client{Timeout: 15 * time.Second},
	}
}

func (o *Options) validate() error {
	if o.Workers < 1 {
		return errors.New("bot: workers must be at least 1")
	}
	if o.QueueSize < 1 {
		return errors.New("bot: queue size must be at least 1")
	}
	if o.AskVisibility != "ephemeral" && o.AskVisibility != "in_channel" {
		return fmt.Errorf("bot: ask visibility must be ephemeral or in_channel, not %q", o.AskVisibility)
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.UpdateEvery <= 0 {
		o.UpdateEvery = time.Second
	}
	if o.DigestSince <= 0 {
		o.DigestSince = 24 * time.Hour
	}
	if o.MaxQuestionChars < 0 {
		return errors.New("bot: the question length limit must be 0 (none) or more")
	}
	if o.State == nil {
		o.State = state.NewMemory()
	}
	return nil
}

// Bot answers questions in Slack. Build it with New, call Start, serve
// Handler over HTTP and/or RunSocketMode, and Shutdown at the end.
type Bot struct {
	api     *slack.Client
	answers Answerer
	digests Digester // may be nil
	opt     Options
	log     *slog.Logger
	verify  *Verifier
	metrics *metrics
	pool    *pool
	limits  *limiter
	state   State
	poster  *slack.Client
	threads *seenSet // channel/thread_ts where the bot has answered
	allow   map[string]bool

	botUserID string
	botID     string
	ready     atomic.Bool

	mu       sync.Mutex
	stopping bool           // Shutdown has begun; guarded by mu
	inflight sync.WaitGroup // Slack calls started outside the pool
}

// New builds a Bot that talks to Slack through api and answers through
// answers; digests may be nil (then /digest says it is not set up).
func New(api *slack.Client, answers Answerer, digests Digester, opt Options) (*Bot, error) {
	if api == nil {
		return nil, errors.New("bot: a Slack client is required")
	}
	if err := opt.validate(); err != nil {
		return nil, err
	}
	b := &Bot{
		api: api, answers: answers, digests: digests, opt: opt, log: opt.Log,
		verify:  &Verifier{Secret: opt.SigningSecret, Now: opt.Now},
		metrics: newMetrics(),
		limits:  newLimiter(opt.RatePerMinute, opt.Now),
		state:   opt.State,
		poster:  opt.Poster,
		threads: newSeenSet(10000, 7*24*time.Hour, opt.Now),
	}
	if b.poster == nil {
		b.poster = api
	}
	if len(opt.AllowChannels) > 0 {
		b.allow = map[string]bool{}
		for _, c := range opt.AllowChannels {
			b.allow[strings.TrimSpace(c)] = true
		}
	}
	b.pool = newPool(opt.Workers, opt.QueueSize, b.metrics.queueDepth)
	return b, nil
}

// Start learns the bot's own identity (auth.test), so it can ignore its own
// messages, and starts the workers. The bot is ready once it returns nil.
func (b *Bot) Start(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	resp, err := b.api.AuthTestContext(ctx)
	if err != nil {
		b.metrics.slackErrors.WithLabelValues("auth.test").Inc()
		var rejected slack.SlackErrorResponse
		if errors.As(err, &rejected) {
			return fmt.Errorf("slack rejected the bot token (auth.test: %s); check SLACK_BOT_TOKEN", rejected.Err)
		}
		// Slack unreachable or odd: start anyway. Every bot message (our own
		// included) carries a bot_id and is ignored without knowing our IDs.
		b.log.Warn("slack auth.test failed; starting without the bot's own user ID, trying again every 10 s", "err", err)
	} else {
		b.setSelf(resp)
	}
	b.pool.start()
	b.ready.Store(true)
	if err != nil {
		go b.learnSelf()
	}
	return nil
}

func (b *Bot) setSelf(resp *slack.AuthTestResponse) {
	b.mu.Lock()
	b.botUserID, b.botID = resp.UserID, resp.BotID
	b.mu.Unlock()
	b.log.Info("slack bot ready", "user_id", resp.UserID, "bot_id", resp.BotID, "team", resp.Team)
}

// learnSelf retries auth.test until it answers or the bot shuts down.
func (b *Bot) learnSelf() {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for range t.C {
		if !b.Ready() {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		resp, err := b.api.AuthTestContext(ctx)
		cancel()
		if err == nil {
			b.setSelf(resp)
			return
		}
	}
}

// Ready reports whether the bot has started and is not shutting down.
func (b *Bot) Ready() bool { return b.ready.Load() }

// Shutdown stops taking questions, then waits for the answers in flight until
// ctx ends; answers still running then are cancelled.
func (b *Bot) Shutdown(ctx context.Context) error {
	b.ready.Store(false)
	done := make(chan struct{})
	go func() {
		b.pool.stop()
		b.mu.Lock()
		b.stopping = true // no inflight.Add after this, so Wait is safe
		b.mu.Unlock()
		b.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		b.pool.cancel()
		<-done
		return fmt.Errorf("bot: shutdown deadline passed with answers in flight: %w", ctx.Err())
	}
}

func (b *Bot) self() (userID, botID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.botUserID, b.botID
}

// allowed reports whether the bot answers in channel (DMs always).
func (b *Bot) allowed(channel string) bool {
	return b.allow == nil || b.allow[channel] || strings.HasPrefix(channel, "D")
}

// NewClient builds the Slack Web API client the bot uses: apiURL (empty means
// Slack's) and retries on 429 (honouring Retry-After), 5xx and dropped
// connections, with each attempt bounded by httpClient's timeout (nil means
// 30 s). extra options follow, e.g. slack.OptionAppLevelToken for Socket Mode.
func NewClient(token, apiURL string, httpClient *http.Client, extra ...slack.Option) *slack.Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	cfg := slack.DefaultRetryConfig()
	cfg.RetryAfterJitter = 0
	cfg.Handlers = append(slack.AllBuiltinRetryHandlers(cfg), slack.NewServerErrorRetryHandler(cfg))
	opts := []slack.Option{slack.OptionHTTPClient(httpClient)}
	if apiURL != "" {
		if !strings.HasSuffix(apiURL, "/") {
			apiURL += "/"
		}
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	opts = append(opts, extra...)
	opts = append(opts, slack.OptionRetryConfig(cfg))
	return slack.New(token, opts...)
}

// NewPostClient is NewClient for posts that must not be repeated (the
// scheduled digest): it retries only 429, which Slack answers without
// posting, and never a timeout, a dropped connection or a 5xx, after which
// the post may or may not have landed (the scheduler then looks for it).
func NewPostClient(token, apiURL string, httpClient *http.Client) *slack.Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	cfg := slack.DefaultRetryConfig()
	cfg.RetryAfterJitter = 0
	cfg.Handlers = []slack.RetryHandler{slack.NewRateLimitErrorRetryHandler(cfg)}
	opts := []slack.Option{slack.OptionHTTPClient(httpClient), slack.OptionRetryConfig(cfg)}
	if apiURL != "" {
		if !strings.HasSuffix(apiURL, "/") {
			apiURL += "/"
		}
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	return slack.New(token, opts...)
}
