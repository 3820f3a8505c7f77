package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	_ "time/tzdata" // digest time zones work on a machine without zoneinfo

	"github.com/prometheus/client_golang/prometheus"

	"newsdesk/bot"
	"newsdesk/retrieval"
	"newsdesk/retrieval/corpus"
)

// feedsDir is where feed items are written: one folder per feed source
// (retrieval.FeedFolder), under the index.
func feedsDir(cfg Config) string { return filepath.Join(cfg.Index, "feeds") }

// feedOptions are the polling options of the feed at url (its interval from
// the config when it is there).
func feedOptions(cfg Config, url string, log *slog.Logger) corpus.FeedOptions {
	fo := corpus.DefaultFeedOptions()
	fo.URL, fo.Dir, fo.Log = url, retrieval.FeedFolder(feedsDir(cfg), url), log
	for _, f := range cfg.Feeds {
		if f.URL == url && f.Interval > 0 {
			fo.Interval = f.Interval
		}
	}
	return fo
}

// serveCorpus returns the config serve opens the index with. Feeds are
// sources of their own (their URL), watched and polled by startBackground,
// so nothing is added to the corpus; it stays for serve's call before
// openIndex.
func serveCorpus(cfg Config) (Config, error) { return cfg, nil }

// startBackground starts the digest schedules, and the watching of every
// folder and file source of the index and the polling of every feed source
// (and of every feed in the config, which becomes a source at its first
// poll). Each change re-ingests only the source that changed. stop ends them
// all and waits.
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

	srcs, err := ix.Sources(ctx)
	if err != nil {
		stop()
		return nil, err
	}
	reingest := func(root string) func(ctx context.Context) {
		return func(ctx context.Context) {
			st, err := ix.Ingest(ctx, []string{root}, nil)
			if err != nil {
				if ctx.Err() == nil {
					log.Warn("source update failed; tried again at the next change", "source", root, "err", err)
				}
				return
			}
			for _, n := range st.Notes {
				log.Info("corpus input read with a change", "input", n.Error())
			}
			for _, sk := range st.SkippedInputs {
				log.Warn("corpus input skipped", "input", sk.Error())
			}
			if st.Added+st.Updated+st.Removed > 0 {
				log.Info("source updated", "source", root, "added", st.Added, "updated", st.Updated, "removed", st.Removed, "duration", st.Duration)
			}
		}
	}
	feeds := map[string]bool{}
	for _, src := range srcs {
		switch {
		case src.Kind == retrieval.SourceFeed:
			feeds[src.Root] = true
		case cfg.Watch.Enabled:
			wo := corpus.WatchOptions{Debounce: cfg.Watch.Debounce, Rescan: cfg.Watch.Rescan, Log: log}
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := corpus.Watch(ctx, []string{src.Root}, wo, reingest(src.Root)); err != nil {
					log.Error("watching a source is off", "source", src.Root, "err", err)
				}
			}()
		}
	}
	for _, f := range cfg.Feeds {
		feeds[f.URL] = true
	}
	for url := range feeds {
		fo := feedOptions(cfg, url, log)
		wg.Add(1)
		go func() {
			defer wg.Done()
			corpus.RunFeed(ctx, fo, reingest(url))
		}()
	}
	if len(srcs) == 0 && len(feeds) == 0 && cfg.Watch.Enabled {
		log.Warn("corpus watching is off: the index has no sources; add one with newsdesk ingest --corpus PATH")
	}
	return stop, nil
}
