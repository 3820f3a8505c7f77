package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"newsdesk/internal/news"
)

// FeedOptions configure the polling of one RSS or Atom feed.
type FeedOptions struct {
	URL string
	// Dir is the feeds folder, a corpus root: each item is written to
	// Dir/<host>/<hash>.json as one corpus record.
	Dir string
	// Interval is the time between polls.
	Interval time.Duration
	// FetchTimeout bounds each request (the feed, each item's page).
	FetchTimeout time.Duration
	// MaxBytes caps what is read of the feed and of each page.
	MaxBytes int64
	// MaxItems caps the new items taken in per poll (the newest first).
	MaxItems int
	// Client makes the requests; nil means http.DefaultClient (each request
	// has its own deadline anyway).
	Client    *http.Client
	UserAgent string
	Log       *slog.Logger // nil means no logs
}

// DefaultFeedOptions returns a 15-minute interval, 20s requests, pages up
// to 5 MiB and 50 new items per poll.
func DefaultFeedOptions() FeedOptions {
	return FeedOptions{Interval: 15 * time.Minute, FetchTimeout: 20 * time.Second, MaxBytes: 5 << 20, MaxItems: 50, UserAgent: "newsdesk/1 (+feed reader)"}
}

func (o *FeedOptions) defaults() {
	def := DefaultFeedOptions()
	if o.Interval <= 0 {
		o.Interval = def.Interval
	}
	if o.FetchTimeout <= 0 {
		o.FetchTimeout = def.FetchTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = def.MaxBytes
	}
	if o.MaxItems <= 0 {
		o.MaxItems = def.MaxItems
	}
	if o.Client == nil {
		o.Client = http.DefaultClient
	}
	if o.UserAgent == "" {
		o.UserAgent = def.UserAgent
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// RunFeed polls the feed at once and then every Interval until ctx ends,
// calling onNew after a poll that wrote new items. A failing poll is logged
// and tried again at the next interval; RunFeed never gives up.
func RunFeed(ctx context.Context, opts FeedOptions, onNew func(ctx context.Context)) {
	opts.defaults()
	t := time.NewTicker(opts.Interval)
	defer t.Stop()
	for {
		n, err := pollFeed(ctx, opts)
		if err != nil && ctx.Err() == nil {
			opts.Log.Warn("feed poll failed; retrying at the next interval", "feed", opts.URL, "err", err, "next", opts.Interval)
		}
		if n > 0 && ctx.Err() == nil {
			opts.Log.Info("feed items taken in", "feed", opts.URL, "new", n)
			onNew(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// PollFeed fetches the feed once and writes its new items to opts.Dir, as
// RunFeed does at each interval; it returns how many it wrote. An item that
// fails is logged (opts.Log) and left for the next poll.
func PollFeed(ctx context.Context, opts FeedOptions) (int, error) { return pollFeed(ctx, opts) }

// pollFeed fetches the feed once and writes each item not yet on disk as a
// record file (id, title, url, source, published_at, authors, body): the
// item's page is fetched and its main text extracted; when the page cannot
// be fetched, the item's own content or description is the body. It returns
// how many items it wrote; an item that fails is logged and tried again at
// the next poll, and the others are still written.
func pollFeed(ctx context.Context, opts FeedOptions) (int, error) {
	opts.defaults()
	u, err := url.Parse(opts.URL)
	if err != nil || u.Host == "" {
		return 0, fmt.Errorf("feed %q is not a URL", opts.URL)
	}
	body, _, err := fetch(ctx, opts, opts.URL)
	if err != nil {
		return 0, fmt.Errorf("feed %s: %w", opts.URL, err)
	}
	feed, err := gofeed.NewParser().Parse(strings.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("feed %s: not RSS, Atom or JSON Feed: %w", opts.URL, err)
	}
	dir := filepath.Join(opts.Dir, safeName(u.Host))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("feed %s: %w", opts.URL, err)
	}
	written := 0
	for _, it := range feed.Items {
		if written >= opts.MaxItems || ctx.Err() != nil {
			break
		}
		key := firstNonEmpty(it.GUID, it.Link, it.Title+"|"+it.Published)
		sum := sha256.Sum256([]byte(opts.URL + "\x00" + key))
		id := hex.EncodeToString(sum[:8])
		path := filepath.Join(dir, id+".json")
		if _, err := os.Stat(path); err == nil || !errors.Is(err, fs.ErrNotExist) {
			continue // taken in before
		}
		rec, err := feedRecord(ctx, opts, feed, it)
		if err != nil {
			opts.Log.Warn("feed item skipped; tried again at the next poll", "feed", opts.URL, "item", firstNonEmpty(it.Link, it.Title), "err", err)
			continue
		}
		rec.ID = "feed-" + safeName(u.Host) + "-" + id
		if err := writeRecord(path, rec); err != nil {
			return written, err
		}
		written++
	}
	return written, nil
}

// feedRecordJSON is a record file as the corpus readers read it.
type feedRecordJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	URL         string   `json:"url,omitempty"`
	Source      string   `json:"source,omitempty"`
	PublishedAt string   `json:"published_at,omitempty"`
	Authors     []string `json:"authors,omitempty"`
	Body        string   `json:"body"`
}

// feedRecord builds an item's record: metadata from the feed, the body
// from the item's page (or else its content or description).
func feedRecord(ctx context.Context, opts FeedOptions, feed *gofeed.Feed, it *gofeed.Item) (feedRecordJSON, error) {
	rec := feedRecordJSON{Title: strings.TrimSpace(it.Title), URL: it.Link, Source: strings.TrimSpace(feed.Title)}
	if t := firstTime(it.PublishedParsed, it.UpdatedParsed); t != nil {
		rec.PublishedAt = t.UTC().Format(time.RFC3339)
	}
	for _, p := range it.Authors {
		if p != nil && p.Name != "" {
			rec.Authors = append(rec.Authors, p.Name)
		}
	}
	var pageErr error
	if it.Link != "" {
		var page news.Article
		page, pageErr = fetchArticle(ctx, opts, it.Link)
		if pageErr == nil {
			rec.Body = page.Body
			rec.Source = firstNonEmpty(rec.Source, page.Source)
			rec.Title = firstNonEmpty(rec.Title, page.Title)
			if rec.PublishedAt == "" && !page.PublishedAt.IsZero() {
				rec.PublishedAt = page.PublishedAt.UTC().Format(time.RFC3339)
			}
		}
	}
	if strings.TrimSpace(rec.Body) == "" {
		rec.Body = htmlText(firstNonEmpty(it.Content, it.Description))
	}
	if strings.TrimSpace(rec.Body) == "" {
		if pageErr != nil {
			return rec, pageErr
		}
		return rec, errors.New("no text in the page or the feed item")
	}
	return rec, nil
}

func firstTime(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil && !t.IsZero() {
			return t
		}
	}
	return nil
}
