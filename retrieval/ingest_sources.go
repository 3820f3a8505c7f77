package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// What an Ingest starts with: its roots as sources, and the writer lock.

// runSource is one root of an Ingest: its source name, its kind, and the
// folder (or file) its articles are read from.
type runSource struct {
	root, kind, folder string
}

// runSources normalises roots and finds what each is; a path that does not
// exist is an error.
func (ix *Index) runSources(roots []string) ([]runSource, error) {
	var out []runSource
	seen := map[string]bool{}
	for _, r := range roots {
		root, err := NormaliseRoot(r)
		if err != nil {
			return nil, err
		}
		if seen[root] {
			continue
		}
		seen[root] = true
		if IsFeedRoot(root) {
			dir := FeedFolder(ix.feedsDir(), root)
			if _, err := os.Stat(dir); err != nil {
				dir = ""
			}
			out = append(out, runSource{root: root, kind: SourceFeed, folder: dir})
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("corpus path %s does not exist", r)
			}
			return nil, fmt.Errorf("corpus path %s cannot be read: %w", r, err)
		}
		kind := SourceFile
		if info.IsDir() {
			kind = SourceFolder
		}
		out = append(out, runSource{root: root, kind: kind, folder: root})
	}
	return out, nil
}

// lockWriter takes the writer lock (ingestMu and the folder's lock) and
// brings the index up to what is on disk. The returned func releases both.
func (ix *Index) lockWriter(ctx context.Context) (func(), error) {
	ix.ingestMu.Lock()
	unlock, err := lockDir(ctx, ix.opts.Dir, ix.opts.OnLockWait)
	if err != nil {
		ix.ingestMu.Unlock()
		return nil, err
	}
	release := func() { unlock(); ix.ingestMu.Unlock() }
	if err := ix.catchUp(ctx); err != nil {
		release()
		return nil, fmt.Errorf("read index %s: %w", ix.opts.Dir, err)
	}
	removeStale(ix.opts.Dir, ix.disk.gen)
	if ix.disk.gen == 0 {
		// The index exists from its first change on: an interrupted first
		// ingest leaves an index that opens (empty, or as of its last save).
		if err := ix.compact(); err != nil {
			release()
			return nil, err
		}
	}
	return release, nil
}

// lockDir takes the index directory's lock, so that two processes do not
// write one index at once; onWait (may be nil) is called once when another
// holds it and lockDir waits.
func lockDir(ctx context.Context, dir string, onWait func()) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index dir: %w", err)
	}
	lock := flock.New(filepath.Join(dir, "ingest.lock"))
	ok, err := lock.TryLock()
	if err == nil && !ok {
		if onWait != nil {
			onWait()
		}
		ok, err = lock.TryLockContext(ctx, 100*time.Millisecond)
	}
	if err != nil || !ok {
		return nil, fmt.Errorf("lock index %s (another ingest is writing it): %w", dir, errors.Join(err, ctx.Err()))
	}
	return func() { lock.Unlock() }, nil
}
