package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions configure Watch.
type WatchOptions struct {
	// Debounce is the quiet time after the last change before onChange is
	// called, so a folder being copied in is taken in once.
	Debounce time.Duration
	// Rescan calls onChange this often whatever the events say, as a safety
	// net for changes fsnotify misses (network file systems, overflows).
	// Zero disables it.
	Rescan time.Duration
	Log    *slog.Logger // nil means no logs
}

// DefaultWatchOptions returns a 500ms debounce and a 5-minute rescan.
func DefaultWatchOptions() WatchOptions {
	return WatchOptions{Debounce: 500 * time.Millisecond, Rescan: 5 * time.Minute}
}

// Watch watches the corpus roots (files or folders, folders recursively,
// including folders created later) and calls onChange after files are
// created, written, renamed or removed, once the changes have been quiet for
// Debounce, and every Rescan. Calls of onChange never overlap; changes made
// during one lead to another. Hidden files (names starting with a dot, such
// as temporary files) are ignored. Watch returns nil when ctx ends, or an
// error if the watcher cannot start.
func Watch(ctx context.Context, roots []string, opts WatchOptions, onChange func(ctx context.Context)) error {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultWatchOptions().Debounce
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch corpus: %w", err)
	}
	defer w.Close()
	for _, root := range roots {
		fi, err := os.Stat(root)
		switch {
		case err != nil:
			log.Warn("corpus path not watched", "path", root, "err", err)
		case fi.IsDir():
			addTree(w, root, log)
		default:
			// A file root: watch its folder; other files there only cause
			// a cheap incremental ingest.
			if err := w.Add(filepath.Dir(root)); err != nil {
				log.Warn("corpus path not watched", "path", root, "err", err)
			}
		}
	}

	kick := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-kick:
				onChange(ctx)
			}
		}
	}()
	defer func() { <-done }()
	signal := func() {
		select {
		case kick <- struct{}{}:
		default: // a call is already pending; it will see this change too
		}
	}

	debounce := time.NewTimer(time.Hour)
	debounce.Stop()
	defer debounce.Stop()
	var rescan <-chan time.Time
	if opts.Rescan > 0 {
		t := time.NewTicker(opts.Rescan)
		defer t.Stop()
		rescan = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if strings.HasPrefix(filepath.Base(ev.Name), ".") || ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					addTree(w, ev.Name, log)
				}
			}
			log.Debug("corpus changed", "path", ev.Name, "op", ev.Op.String())
			debounce.Reset(opts.Debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow loses events: take the corpus in again.
			log.Warn("corpus watcher", "err", err)
			debounce.Reset(opts.Debounce)
		case <-debounce.C:
			signal()
		case <-rescan:
			signal()
		}
	}
}

// addTree watches dir and every folder under it, hidden ones excepted.
func addTree(w *fsnotify.Watcher, dir string, log *slog.Logger) {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			log.Warn("corpus folder not watched", "path", path, "err", err)
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := w.Add(path); err != nil {
			log.Warn("corpus folder not watched", "path", path, "err", err)
		}
		return nil
	})
	if err != nil {
		log.Warn("corpus folder not watched", "path", dir, "err", err)
	}
}
