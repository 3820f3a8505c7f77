package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"newsdesk/bot"
)

// runServe runs the Slack bot: Socket Mode when an app token is configured
// (SLACK_APP_TOKEN), otherwise Slack's HTTP endpoints on --addr. /healthz and
// /metrics are served on --addr in both modes. It returns when ctx ends, after
// finishing the answers in flight (up to slack.shutdown_timeout).
func runServe(ctx context.Context, args []string, s streams) error {
	cfg, askDate, err := serveConfig(args, s)
	if err != nil {
		return err
	}
	log := newLogger(cfg, s.stderr)
	sv, err := startServer(ctx, cfg, askDate, s, log)
	if err != nil {
		return err
	}
	defer sv.close()
	return sv.run(ctx)
}

// serveConfig parses serve's flags and loads the configuration they name,
// checking the Slack secrets the chosen transport needs.
func serveConfig(args []string, s streams) (Config, time.Time, error) {
	var c commonFlags
	fs := newFlagSet("serve", "[--addr ADDR] [--config FILE] [--index DIR] [--corpus PATH...] [--date YYYY-MM-DD]", s)
	c.register(fs)
	addr := fs.String("addr", "", "listen `address` for Slack's HTTP requests, /healthz and /metrics (default from config, :3000)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return Config{}, time.Time{}, err
	}
	if len(pos) > 0 {
		return Config{}, time.Time{}, usagef("serve takes no arguments, got %q", pos[0])
	}
	var askDate time.Time
	if c.date != "" {
		if askDate, err = c.asOf(); err != nil {
			return Config{}, time.Time{}, err
		}
	}
	cfg, err := c.load(s)
	if err != nil {
		return Config{}, time.Time{}, err
	}
	if *addr != "" {
		cfg.Slack.Addr = *addr
	}
	if err := checkSlackSecrets(cfg.Slack, cfg.Slack.AppToken != ""); err != nil {
		return Config{}, time.Time{}, err
	}
	if cfg, err = serveCorpus(cfg); err != nil { // keeps the feed articles of earlier runs
		return Config{}, time.Time{}, err
	}
	return cfg, askDate, nil
}

// server is a running bot with what it needs: the index, the serve state,
// the Slack client, the digest schedules and the background jobs.
type server struct {
	cfg       Config
	log       *slog.Logger
	api       *slack.Client
	b         *bot.Bot
	stateKind string
	closers   []func() // run in reverse order by close
}

// startServer opens the index and the serve state, builds the bot and
// starts it, its digest schedules, the corpus watcher and the feeds. On an
// error, what was started is stopped again.
func startServer(ctx context.Context, cfg Config, askDate time.Time, s streams, log *slog.Logger) (_ *server, err error) {
	sv := &server{cfg: cfg, log: log}
	defer func() {
		if err != nil {
			if sv.b != nil {
				_ = sv.b.Shutdown(context.Background())
			}
			sv.close()
		}
	}()
	ix, err := openIndex(ctx, cfg, s)
	if err != nil {
		return nil, err
	}
	sv.onClose(func() { _ = ix.Close() })
	svc, err := newAnswerService(cfg, ix, log)
	if err != nil {
		return nil, err
	}
	st, stateKind, err := openServeState(ctx, cfg)
	if err != nil {
		return nil, err
	}
	sv.stateKind = stateKind
	sv.onClose(func() { _ = st.Close() })
	var extra []slack.Option
	if cfg.Slack.AppToken != "" {
		extra = append(extra, slack.OptionAppLevelToken(cfg.Slack.AppToken))
	}
	sv.api = bot.NewClient(cfg.Slack.BotToken, cfg.Slack.APIURL, &http.Client{Timeout: 30 * time.Second}, extra...)
	digests, err := newDigester(cfg, ix, log)
	if err != nil {
		return nil, err
	}
	opt := botOptions(cfg, log)
	opt.AskDate = askDate
	opt.State = st
	opt.Poster = bot.NewPostClient(cfg.Slack.BotToken, cfg.Slack.APIURL, &http.Client{Timeout: 30 * time.Second})
	b, err := bot.New(sv.api, svc, digests, opt)
	if err != nil {
		return nil, err
	}
	if err := b.Start(ctx); err != nil {
		return nil, err
	}
	sv.b = b
	stopDigests, err := startDigests(ctx, cfg, ix, b, st, log)
	if err != nil {
		return nil, err
	}
	sv.onClose(stopDigests)
	// The digest schedules run above, with their claims in the serve state;
	// the watcher and the feeds run in the background.
	stopBackground, err := startBackground(ctx, cfg, ix, log)
	if err != nil {
		return nil, err
	}
	sv.onClose(stopBackground)
	return sv, nil
}

// onClose adds f to what close runs.
func (sv *server) onClose(f func()) { sv.closers = append(sv.closers, f) }

// close stops what startServer started, the last started first. The bot
// itself is shut down by run (or by startServer when it fails).
func (sv *server) close() {
	for i := len(sv.closers) - 1; i >= 0; i-- {
		sv.closers[i]()
	}
	sv.closers = nil
}

// run serves Slack's HTTP endpoints (and /healthz, /metrics) and, with an
// app token, Socket Mode, until ctx ends or a transport fails; then it stops
// taking requests and finishes the answers in flight.
func (sv *server) run(ctx context.Context) error {
	cfg, log, b := sv.cfg, sv.log, sv.b
	socket := cfg.Slack.AppToken != ""
	srv := &http.Server{Handler: b.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 2)
	listening := "(none)"
	ln, err := net.Listen("tcp", cfg.Slack.Addr)
	switch {
	case err != nil && !socket:
		_ = b.Shutdown(context.Background())
		return fmt.Errorf("cannot listen on %s (set --addr or slack.addr): %w", cfg.Slack.Addr, err)
	case err != nil:
		// Socket Mode needs no HTTP; only /healthz and /metrics are lost.
		log.Warn("cannot listen for /healthz and /metrics; Socket Mode goes on without them", "addr", cfg.Slack.Addr, "err", err)
	default:
		listening = ln.Addr().String()
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("http server: %w", err)
			}
		}()
	}
	runCtx, stopSocket := context.WithCancel(ctx)
	defer stopSocket()
	mode := "http"
	if socket {
		mode = "socket"
		go func() {
			// Slack pings every few seconds; two quiet minutes mean a dead connection.
			client := socketmode.New(sv.api, socketmode.OptionPingInterval(2*time.Minute))
			if err := b.RunSocketMode(runCtx, client); err != nil {
				errc <- err
			}
		}()
	}
	log.Info("newsdesk serving", "mode", mode, "addr", listening, "api_url", cfg.Slack.APIURL, "state", sv.stateKind)

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	log.Info("shutting down", "timeout", cfg.Slack.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.Slack.ShutdownTimeout)
	defer cancel()
	_ = srv.Shutdown(sctx) // stop accepting; requests being acknowledged finish
	stopSocket()
	if err := b.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "err", err)
	}
	return runErr
}

// checkSlackSecrets says which secret is missing or misplaced for the
// chosen transport. A token is named by its variable and its kind; only its
// prefix is ever shown.
func checkSlackSecrets(c SlackConfig, socket bool) error {
	switch {
	case c.BotToken == "":
		return errors.New("serve needs the bot token: set SLACK_BOT_TOKEN (xoxb-…) or slack.bot_token")
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		return fmt.Errorf("SLACK_BOT_TOKEN (or slack.bot_token) must be the bot token, which starts with xoxb-; this one %s", tokenHint(c.BotToken))
	case socket && !strings.HasPrefix(c.AppToken, "xapp-"):
		return fmt.Errorf("SLACK_APP_TOKEN (or slack.app_token) must be the app-level token, which starts with xapp-; this one %s", tokenHint(c.AppToken))
	case socket:
		return nil // the app token is what chose Socket Mode
	case c.SigningSecret == "":
		return errors.New("serve over HTTP needs the signing secret: set SLACK_SIGNING_SECRET or slack.signing_secret (or SLACK_APP_TOKEN for Socket Mode)")
	}
	return nil
}

// tokenHint says what a misplaced token looks like, by its prefix only.
func tokenHint(tok string) string {
	switch {
	case strings.HasPrefix(tok, "xapp-"):
		return "starts with xapp- (an app-level token: it belongs in SLACK_APP_TOKEN)"
	case strings.HasPrefix(tok, "xoxb-"):
		return "starts with xoxb- (a bot token: it belongs in SLACK_BOT_TOKEN)"
	case strings.HasPrefix(tok, "xoxp-"):
		return "starts with xoxp- (a user token; newsdesk needs the bot token from OAuth & Permissions)"
	}
	return "has neither prefix (copy it again from the Slack app's settings)"
}

// botOptions maps the slack section of the config onto the bot's options.
func botOptions(cfg Config, log *slog.Logger) bot.Options {
	o := bot.DefaultOptions()
	sc := cfg.Slack
	o.SigningSecret = sc.SigningSecret
	o.AskCommand, o.DigestCommand, o.AskVisibility = sc.AskCommand, sc.DigestCommand, sc.AskVisibility
	o.ThreadReplies = sc.AnswerThreadReplies
	o.AllowChannels = sc.AllowChannels
	o.Workers, o.QueueSize, o.RatePerMinute = sc.Workers, sc.QueueSize, sc.RatePerMinute
	o.HistoryChars = sc.HistoryChars
	o.MaxQuestionChars = sc.MaxQuestionChars
	o.Log = log
	return o
}
