package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// startWatch runs Watch on roots and returns a channel that receives one
// value per onChange call.
func startWatch(t *testing.T, roots []string, opts WatchOptions) <-chan struct{} {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	calls := make(chan struct{}, 100)
	errc := make(chan error, 1)
	go func() {
		errc <- Watch(ctx, roots, opts, func(context.Context) { calls <- struct{}{} })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("Watch: %v", err)
		}
	})
	return calls
}

// dropUntilCalled writes new files into dir until onChange is called: the
// watcher may not be watching yet when the first one lands. It fails after
// a few seconds.
func dropUntilCalled(t *testing.T, dir string, calls <-chan struct{}) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		name := filepath.Join(dir, fmt.Sprintf("article-%d.txt", i))
		if err := os.WriteFile(name, []byte("Officials said on Tuesday that the talks would go on."), 0o644); err != nil {
			t.Fatal(err)
		}
		select {
		case <-calls:
			return
		case <-time.After(300 * time.Millisecond):
		}
	}
	t.Fatalf("no onChange within 5s of files dropped into %s", dir)
}

func TestWatchFileDropped(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "old", "deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  string // where the file is dropped, under root
	}{
		{"into the root", "."},
		{"into an existing subfolder", "old/deep"},
	}
	calls := startWatch(t, []string{root}, WatchOptions{Debounce: 20 * time.Millisecond})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dropUntilCalled(t, filepath.Join(root, tc.dir), calls)
		})
	}
}

func TestWatchNewSubfolder(t *testing.T) {
	root := t.TempDir()
	calls := startWatch(t, []string{root}, WatchOptions{Debounce: 20 * time.Millisecond})
	dropUntilCalled(t, root, calls)
	sub := filepath.Join(root, "2026", "01")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	// The folder's creation is a change of its own; drain it, then a file
	// in the new folder must be seen too.
	select {
	case <-calls:
	case <-time.After(5 * time.Second):
		t.Fatal("creating a folder was not seen")
	}
	dropUntilCalled(t, sub, calls)
}

func TestWatchRescan(t *testing.T) {
	root := t.TempDir()
	calls := startWatch(t, []string{root}, WatchOptions{Debounce: 20 * time.Millisecond, Rescan: 10 * time.Millisecond})
	for i := 0; i < 2; i++ {
		select {
		case <-calls:
		case <-time.After(5 * time.Second):
			t.Fatal("no rescan without changes")
		}
	}
}

func TestWatchFileRoot(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "corpus.jsonl")
	if err := os.WriteFile(file, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	calls := startWatch(t, []string{file}, WatchOptions{Debounce: 20 * time.Millisecond})
	deadline := time.Now().Add(5 * time.Second)
	for {
		if err := os.WriteFile(file, []byte("{}\n{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		select {
		case <-calls:
			return
		case <-time.After(300 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("a change to a file root was not seen")
		}
	}
}
