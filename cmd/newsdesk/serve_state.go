package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"newsdesk/bot"
	"newsdesk/bot/state"
	"newsdesk/bot/state/pgstate"
)

// serveState is serve's state: what the bot and the digest schedule need,
// and Close.
type serveState interface {
	bot.State
	bot.SlotStore
	Close() error
}

var (
	_ serveState = (*state.Local)(nil)
	_ serveState = (*pgstate.Store)(nil)
)

// openServeState opens serve's state: in PostgreSQL when state.url (or
// NEWSDESK_STATE_URL) is a postgres:// URL, or when it is empty and the
// index is in PostgreSQL (then in the index's database), otherwise in files
// in the index folder. kind is "postgres" or "local", for the log (the URL may hold a
// password and is never logged).
func openServeState(ctx context.Context, cfg Config) (st serveState, kind string, err error) {
	if cfg.State.URL == "" && (StateConfig{URL: cfg.Index}).PostgresState() {
		cfg.State.URL = cfg.Index // the state lives with the index: in its database
	}
	if cfg.State.PostgresState() {
		s, err := pgstate.Open(ctx, cfg.State.URL)
		if err != nil {
			return nil, "", fmt.Errorf("cannot open the serve state in PostgreSQL (state.url / NEWSDESK_STATE_URL): %w", err)
		}
		return s, "postgres", nil
	}
	l, err := state.OpenLocal(cfg.Index, state.LocalOptions{})
	if err != nil {
		return nil, "", fmt.Errorf("cannot open the serve state in %s: %w", cfg.Index, err)
	}
	return l, "local", nil
}

// startDigests starts the digest schedules of cfg, posting through poster
// with slot claims in store. stop ends them and waits for a post in
// progress. With no schedules it does nothing.
func startDigests(ctx context.Context, cfg Config, ix corpusIndex, poster *bot.Bot, store bot.SlotStore, log *slog.Logger) (stop func(), err error) {
	if len(cfg.Digest.Schedules) == 0 {
		return func() {}, nil
	}
	dg, err := newDigester(cfg, ix, log)
	if err != nil {
		return nil, err
	}
	o := bot.DefaultSchedulerOptions()
	for _, s := range cfg.Digest.Schedules {
		o.Schedules = append(o.Schedules, bot.Schedule{Channel: s.Channel, Cron: s.Cron, TimeZone: s.TimeZone})
	}
	o.Store, o.CatchUp, o.PostEmpty, o.Log = store, cfg.Digest.CatchUp, cfg.Digest.PostEmpty, log
	var reg prometheus.Registerer = poster.Registry()
	o.Registerer = reg
	sched, err := bot.NewScheduler(dg, poster, o)
	if err != nil {
		return nil, err
	}
	if err := sched.Start(ctx); err != nil {
		return nil, err
	}
	log.Info("digest schedules started", "schedules", len(o.Schedules))
	return func() {
		if err := sched.Stop(); err != nil {
			log.Warn("digest schedule stop", "err", err)
		}
	}, nil
}
