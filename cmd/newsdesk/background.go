package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"time"
	_ "time/tzdata" // digest time zones work on a machine without zoneinfo

	"newsdesk/retrieval"
	"newsdesk/retrieval/corpus"
)

// feedsDir is where feed items are written: one folder per feed source
// (retrieval.FeedFolder), under the index.
func feedsDir(cfg Config) string { return filepath.Join(cfg.Index, "feeds") }

// refreshEvery is how often serve looks for what another process (a CLI
// ingest) saved into its index.
const refreshEvery = 5 * time.Second

// follower watches every folder and file source of the index and polls
// every feed source, each re-ingesting only its own source on a change.
type follower struct {
	ctx     context.Context
	cfg     Config
	ix      corpusIndex
	log     *slog.Logger
	wg      *sync.WaitGroup
	running map[string]context.CancelFunc // by source root; only the goroutine of sync and refresh touches it
	warned  bool                          // that there is no source to watch
}

// sync follows the index's sources: new ones start, forgotten ones stop
// (a source removed by `sources --remove` is not taken in again).
func (f *follower) sync() error {
	srcs, err := f.ix.Sources(f.ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, src := range srcs {
		have[src.Root] = true
		f.follow(src)
	}
	for root, cancel := range f.running {
		if !have[root] && !f.configured(root) {
			cancel()
			delete(f.running, root)
		}
	}
	if len(srcs) == 0 && len(f.cfg.Feeds) == 0 && f.cfg.Watch.Enabled && !f.warned {
		f.warned = true
		f.log.Warn("corpus watching is off until the index has a source; add one with newsdesk ingest --corpus PATH")
	}
	return nil
}

func (f *follower) configured(url string) bool {
	for _, fd := range f.cfg.Feeds {
		if fd.URL == url {
			return true
		}
	}
	return false
}

// follow starts watching (or polling) src unless it is already followed.
func (f *follower) follow(src retrieval.Source) {
	if _, ok := f.running[src.Root]; ok || (src.Kind != retrieval.SourceFeed && !f.cfg.Watch.Enabled) {
		return
	}
	ctx, cancel := context.WithCancel(f.ctx)
	f.running[src.Root] = cancel
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		if src.Kind == retrieval.SourceFeed {
			corpus.RunFeed(ctx, feedOptions(f.cfg, src.Root, f.log), f.reingest(src.Root))
			return
		}
		wo := corpus.WatchOptions{Debounce: f.cfg.Watch.Debounce, Rescan: f.cfg.Watch.Rescan, Log: f.log}
		if err := corpus.Watch(ctx, []string{src.Root}, wo, f.reingest(src.Root)); err != nil && ctx.Err() == nil {
			f.log.Error("watching a source is off", "source", src.Root, "err", err)
		}
	}()
}

// reingest brings one source up to date, logging what changed.
func (f *follower) reingest(root string) func(ctx context.Context) {
	return func(ctx context.Context) {
		st, err := f.ix.Ingest(ctx, []string{root}, nil)
		if err != nil {
			if ctx.Err() == nil {
				f.log.Warn("source update failed; tried again at the next change", "source", root, "err", err)
			}
			return
		}
		for _, n := range st.Notes {
			f.log.Info("corpus input read with a change", "input", n.Error())
		}
		for _, sk := range st.SkippedInputs {
			f.log.Warn("corpus input skipped", "input", sk.Error())
		}
		if st.Added+st.Updated+st.Removed > 0 {
			f.log.Info("source updated", "source", root, "added", st.Added, "updated", st.Updated, "removed", st.Removed, "duration", st.Duration)
		}
	}
}

// refresh brings the index up to what other processes save, every
// refreshEvery until the context ends, and follows the sources they add or
// remove, so that serve answers from a CLI ingest's articles without a
// restart.
func (f *follower) refresh(ix interface{ Refresh(context.Context) error }) {
	t := time.NewTicker(refreshEvery)
	defer t.Stop()
	for {
		select {
		case <-f.ctx.Done():
			return
		case <-t.C:
			err := ix.Refresh(f.ctx)
			if err == nil {
				err = f.sync()
			}
			if err != nil && f.ctx.Err() == nil {
				f.log.Warn("index refresh failed; tried again later", "err", err)
			}
		}
	}
}

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

// startBackground starts the watching of every folder and file source of
// the index and the polling of every feed source (and of every feed in the
// config, which becomes a source at its first poll). Each change re-ingests
// only the source that changed. stop ends them all and waits. (The digest
// schedules are started by serve with its state: startDigests.)
func startBackground(ctx context.Context, cfg Config, ix corpusIndex, log *slog.Logger) (stop func(), err error) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	stop = func() {
		cancel()
		wg.Wait()
	}

	f := &follower{ctx: ctx, cfg: cfg, ix: ix, log: log, wg: &wg, running: map[string]context.CancelFunc{}}
	if err := f.sync(); err != nil {
		stop()
		return nil, err
	}
	for _, fd := range cfg.Feeds {
		f.follow(retrieval.Source{Root: fd.URL, Kind: retrieval.SourceFeed})
	}
	if r, ok := ix.(interface{ Refresh(context.Context) error }); ok {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.refresh(r)
		}()
	}
	return stop, nil
}
