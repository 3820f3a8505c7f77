package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
)

// ReaderOptions bound what ReadCorpus accepts.
type ReaderOptions struct {
	// MaxFileBytes is the largest file read; larger files are skipped.
	MaxFileBytes int64
}

// DefaultReaderOptions returns the defaults: files up to 64 MiB.
func DefaultReaderOptions() ReaderOptions {
	return ReaderOptions{MaxFileBytes: 64 << 20}
}

// ReadCorpus walks each root (a file or a directory, recursively, in lexical
// order) and calls emit for every article read. Inputs that cannot be read are
// passed to skip, and the walk goes on. It stops early only when ctx is done or
// emit returns an error, and returns that error.
//
// TEMPORARY minimal implementation (plain text only); replaced by the full readers.
func ReadCorpus(ctx context.Context, roots []string, opts ReaderOptions, emit func(Article) error, skip func(Skipped)) error {
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				skip(Skipped{Path: path, Reason: err.Error()})
				return nil
			}
			if d.IsDir() || ctx.Err() != nil {
				return ctx.Err()
			}
			b, err := os.ReadFile(path)
			if err != nil {
				skip(Skipped{Path: path, Reason: err.Error()})
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			if rel == "." {
				rel = filepath.Base(path)
			}
			return emit(Article{DocID: filepath.ToSlash(rel), Body: strings.TrimSpace(string(b)), Path: path})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
