package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	_ "time/tzdata" // digest time zones work on a machine without zoneinfo

	"github.com/prometheus/client_golang/prometheus"

	"newsdesk/bot"
	"newsdesk/retrieval/corpus"
)

// feedsDir is where feed items are written, a corpus root under the index.
func feedsDir(cfg Config) string { return filepath.Join(cfg.Index, "feeds") }

// serveCorpus returns cfg with the feeds folder added to its corpus when
// feeds are configured (creating the folder), so that serve's first ingest
// keeps the feed articles of earlier runs. serve calls it before openIndex.
func serveCorpus(cfg Config) (Config, error) {
	if len(cfg.Feeds) == 0 || len(cfg.Corpus) == 0 {
		return cfg, nil
	}
	dir := feedsDir(cfg)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cfg, fmt.Errorf("create the feeds folder: %w", err)
	}
	if !slices.Contains(cfg.Corpus, dir) {
		cfg.Corpus = append(slices.Clip(cfg.Corpus), dir)
	}
	return cfg, nil
}

// startBackground starts the digest schedules, the corpus watcher and the
// feed pollers for serve. Watching and feeds need a corpus in the config:
// each ingest covers all the roots, and articles outside them would be
// dropped. stop ends them all and waits.
func startBackground(ctx context.Context, cfg Config, ix corpusIndex, poster bot.DigestPoster, log *slog.Logger) (stop func(), err error) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var sched *bot.Scheduler
	stop = func() {
		cancel()
		if sched != nil {
			if err := sched.Stop(); err != nil {
				log.Warn("digest schedule stop", "err", err)
			}
		}
		wg.Wait()
	}

	if len(cfg.Digest.Schedules) > 0 {
		dg, err := newDigester(cfg, ix, log)
		if err != nil {
			stop()
			return nil, err
		}
		o := bot.DefaultSchedulerOptions()
		for _, s := range cfg.Digest.Schedules {
			o.Schedules = append(o.Schedules, bot.Schedule{Channel: s.Channel, Cron: s.Cron, TimeZone: s.TimeZone})
		}
		o.StateDir, o.CatchUp, o.PostEmpty, o.Log = cfg.Index, cfg.Digest.CatchUp, cfg.Digest.PostEmpty, log
		if r, ok := poster.(interface{ Registry() *prometheus.Registry }); ok {
			o.Registerer = r.Registry()
		}
		sched, err = bot.NewScheduler(dg, poster, o)
		if err != nil {
			stop()
			return nil, err
		}
		if err := sched.Start(ctx); err != nil {
			sched = nil
			stop()
			return nil, err
		}
		log.Info("digest schedules started", "schedules", len(o.Schedules))
	}

	if len(cfg.Corpus) == 0 {
		if cfg.Watch.Enabled || len(cfg.Feeds) > 0 {
			log.Warn("corpus watching and feeds are off: no corpus in the config or --corpus")
		}
		return stop, nil
	}
	cfg, err = serveCorpus(cfg)
	if err != nil {
		stop()
		return nil, err
	}
	roots := cfg.Corpus
	reingest := func(ctx context.Context) {
		st, err := ix.Ingest(ctx, roots, nil)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("corpus update failed; tried again at the next change", "err", err)
			}
			return
		}
		for _, sk := range st.SkippedInputs {
			log.Warn("corpus input skipped", "input", sk.Error())
		}
		if st.Added+st.Updated+st.Removed > 0 {
			log.Info("corpus updated", "added", st.Added, "updated", st.Updated, "removed", st.Removed, "duration", st.Duration)
		}
	}
	if cfg.Watch.Enabled {
		wo := corpus.WatchOptions{Debounce: cfg.Watch.Debounce, Rescan: cfg.Watch.Rescan, Log: log}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := corpus.Watch(ctx, roots, wo, reingest); err != nil {
				log.Error("corpus watching is off", "err", err)
			}
		}()
	}
	for _, f := range cfg.Feeds {
		fo := corpus.DefaultFeedOptions()
		fo.URL, fo.Dir, fo.Log = f.URL, feedsDir(cfg), log
		if f.Interval > 0 {
			fo.Interval = f.Interval
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			corpus.RunFeed(ctx, fo, reingest)
		}()
	}
	return stop, nil
}
