package retrieval

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Source is one root the index was built from: a corpus folder or file, or
// a feed. Every article in the index belongs to exactly one source, the one
// it was read from.
type Source struct {
	// Root names the source: for a folder or a file, its absolute, clean
	// path (see NormaliseRoot); for a feed, its URL as given.
	Root string
	// Kind is "folder", "file" or "feed".
	Kind string
	// Articles and Passages count what the index holds from the source now.
	Articles, Passages int
	// Updated is when an ingest last brought the source up to date
	// (completed, or saved a checkpoint of it).
	Updated time.Time
}

// The kinds of Source.
const (
	SourceFolder = "folder"
	SourceFile   = "file"
	SourceFeed   = "feed"
)

// ErrUnknownSource is wrapped by RemoveSource's error for a root that is not
// one of the index's sources.
var ErrUnknownSource = errors.New("not a source of the index")

// NormaliseRoot returns the name under which a corpus root is recorded: an
// http or https URL (a feed) as it is; a path made absolute and clean, so
// that "./seeds", "seeds/" and "/home/me/seeds" are one root. Every index
// implementation records and looks up sources by this name.
func NormaliseRoot(root string) (string, error) {
	if IsFeedRoot(root) {
		return root, nil
	}
	if strings.TrimSpace(root) == "" {
		return "", errors.New("empty corpus path")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("corpus path %s: %w", root, err)
	}
	return filepath.Clean(abs), nil
}

// IsFeedRoot reports whether root is a feed's URL (http or https) rather
// than a path.
func IsFeedRoot(root string) bool {
	u, err := url.Parse(root)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// FeedFolder is the folder under feedsDir where the items of the feed at
// url are written (by its poller) and read (by Ingest of the feed's URL).
func FeedFolder(feedsDir, url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(feedsDir, hex.EncodeToString(sum[:6]))
}

func (ix *Index) feedsDir() string {
	if ix.opts.FeedsDir != "" {
		return ix.opts.FeedsDir
	}
	return filepath.Join(ix.opts.Dir, "feeds")
}

// HasIndex reports whether dir holds an index (its base snapshot). It
// creates nothing.
func HasIndex(dir string) (bool, error) {
	_, err := os.Stat(filepath.Join(dir, snapshotName))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	default:
		return false, fmt.Errorf("read index %s: %w", dir, err)
	}
}
