package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// Files of the digest state, in SchedulerOptions.StateDir.
const (
	digestStateFile = "digest-state.json"
	digestLockFile  = "digest-state.lock"
)

// digestMark is what was last posted to one channel.
type digestMark struct {
	// Slot is the scheduled time of the last digest posted (or caught up);
	// a run for the same or an earlier slot is a repeat and is skipped.
	Slot time.Time `json:"slot"`
	// Until is the end of the period that digest covered; the next digest
	// starts there.
	Until time.Time `json:"until"`
}

// digestState is the persisted state: the last digest per channel.
type digestState struct {
	Channels map[string]digestMark `json:"channels"`
}

// digestStore keeps the state beside the index, guarded by a file lock so
// that instances sharing the disk take turns.
type digestStore struct {
	dir string
}

// lock takes the state's file lock, waiting for another holder (in this or
// another process) until ctx ends. The caller must call the returned unlock.
func (s digestStore) lock(ctx context.Context) (unlock func(), err error) {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return nil, fmt.Errorf("digest state: create %s: %w", s.dir, err)
	}
	fl := flock.New(filepath.Join(s.dir, digestLockFile))
	ok, err := fl.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil {
		return nil, fmt.Errorf("digest state: lock %s: %w", fl.Path(), err)
	}
	if !ok {
		return nil, fmt.Errorf("digest state: lock %s: not acquired", fl.Path())
	}
	return func() { _ = fl.Close() }, nil
}

// load reads the state; a missing file is an empty state.
func (s digestStore) load() (digestState, error) {
	st := digestState{Channels: map[string]digestMark{}}
	b, err := os.ReadFile(filepath.Join(s.dir, digestStateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("digest state: %w", err)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("digest state %s is not valid JSON (delete it to start over): %w", filepath.Join(s.dir, digestStateFile), err)
	}
	if st.Channels == nil {
		st.Channels = map[string]digestMark{}
	}
	return st, nil
}

// save writes the state atomically: a temporary file, fsync, rename, and an
// fsync of the directory, so a crash leaves the old state or the new one.
func (s digestStore) save(st digestState) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(s.dir, digestStateFile)
	tmp, err := os.CreateTemp(s.dir, digestStateFile+".*.tmp")
	if err != nil {
		return fmt.Errorf("digest state: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("digest state: write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("digest state: sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("digest state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("digest state: %w", err)
	}
	if d, err := os.Open(s.dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
