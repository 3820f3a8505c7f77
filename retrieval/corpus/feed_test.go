package corpus

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsdesk/internal/news"
)

const testRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbor Gazette</title><link>%[1]s</link><description>News</description>
<item><title>Port strike ends after three weeks</title><link>%[1]s/a1</link><guid>a1</guid>
  <pubDate>Mon, 05 Jan 2026 09:00:00 GMT</pubDate><description>Short teaser.</description></item>
<item><title>Ferry service resumes</title><link>%[1]s/a2</link><guid>a2</guid>
  <pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;The ferry between the islands runs again from Tuesday, the operator said.&lt;/p&gt;</description></item>
<item><title>Broken item</title><link>%[1]s/broken</link><guid>broken</guid></item>
</channel></rss>`

const testPage = `<!doctype html><html><head><title>Port strike ends</title>
<meta property="og:site_name" content="Harbor Gazette"></head><body>
<nav>Home | World | Sports</nav>
<article><h1>Port strike ends after three weeks</h1>
<p>Dock workers voted on Monday to end a three-week strike that had stranded hundreds of containers at the harbor.</p>
<p>The union said the new contract raises wages by six percent over two years.</p></article>
<footer>Copyright</footer></body></html>`

// feedServer serves testRSS, the page of item a1, an error for a2's page and
// for "broken"; feedFails makes the feed itself fail that many times first.
type feedServer struct {
	*httptest.Server
	feedFails atomic.Int32
	broken    atomic.Int32 // requests for the broken item's page
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		if fs.feedFails.Add(-1) >= 0 {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, testRSS, fs.URL)
	})
	mux.HandleFunc("/a1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, testPage)
	})
	mux.HandleFunc("/a2", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		fs.broken.Add(1)
		http.Error(w, "oops", http.StatusInternalServerError)
	})
	fs.Server = httptest.NewServer(mux)
	t.Cleanup(fs.Close)
	return fs
}

func TestPollFeedWritesRecords(t *testing.T) {
	srv := newFeedServer(t)
	dir := t.TempDir()
	opts := FeedOptions{URL: srv.URL + "/feed.xml", Dir: dir, FetchTimeout: 5 * time.Second}
	n, err := pollFeed(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("wrote %d items, want 2 (the broken one is skipped)", n)
	}

	var arts []news.Article
	err = readCorpus(context.Background(), []string{dir}, DefaultReaderOptions(), func(a news.Article) error {
		arts = append(arts, a)
		return nil
	}, func(s news.Skipped) { t.Errorf("record file not readable: %v", s) })
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(arts, func(i, j int) bool { return arts[i].Title > arts[j].Title })
	if len(arts) != 2 {
		t.Fatalf("the corpus readers found %d articles in %s, want 2", len(arts), dir)
	}
	tests := []struct {
		name      string
		a         news.Article
		title     string
		url       string
		published time.Time
		bodyHas   string
		bodyLacks string
	}{
		{"page text extracted", arts[0], "Port strike ends after three weeks", srv.URL + "/a1",
			time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), "Dock workers voted on Monday", "Home | World"},
		{"description when the page fails", arts[1], "Ferry service resumes", srv.URL + "/a2",
			time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), "The ferry between the islands", "<p>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.a
			if a.Title != tc.title || a.URL != tc.url || a.Source != "Harbor Gazette" || !a.PublishedAt.Equal(tc.published) {
				t.Errorf("got %q %q %q %v", a.Title, a.URL, a.Source, a.PublishedAt)
			}
			if !strings.HasPrefix(a.DocID, "feed-") {
				t.Errorf("doc_id = %q, want a feed- id", a.DocID)
			}
			if !strings.Contains(a.Body, tc.bodyHas) || strings.Contains(a.Body, tc.bodyLacks) {
				t.Errorf("body = %q", a.Body)
			}
		})
	}

	// A second poll takes in nothing new, and tries the broken item again.
	before := srv.broken.Load()
	n, err = pollFeed(context.Background(), opts)
	if err != nil || n != 0 {
		t.Fatalf("second poll wrote %d, %v; want 0 new", n, err)
	}
	if srv.broken.Load() == before {
		t.Error("the failed item was not tried again")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if len(files) != 2 {
		t.Errorf("files in the feed folder: %v, want 2 records and no temporaries", files)
	}
}

func TestPollFeedErrors(t *testing.T) {
	srv := newFeedServer(t)
	srv.feedFails.Store(1)
	tests := []struct {
		name string
		url  string
	}{
		{"feed down", srv.URL + "/feed.xml"},
		{"not a feed", srv.URL + "/a1"},
		{"not a URL", "feed.xml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := pollFeed(context.Background(), FeedOptions{URL: tc.url, Dir: t.TempDir()}); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestRunFeedRetriesAfterFailures(t *testing.T) {
	srv := newFeedServer(t)
	srv.feedFails.Store(2)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	news := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		RunFeed(ctx, FeedOptions{URL: srv.URL + "/feed.xml", Dir: dir, Interval: 10 * time.Millisecond}, func(context.Context) {
			mu.Lock()
			news++
			mu.Unlock()
		})
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := news
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the feed was not taken in after it recovered")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	entries, err := os.ReadDir(filepath.Join(dir, safeName(strings.TrimPrefix(srv.URL, "http://"))))
	if err != nil || len(entries) != 2 {
		t.Fatalf("feed folder holds %d entries (%v), want 2", len(entries), err)
	}
}
