package corpus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/net/html"

	"newsdesk/internal/news"
)

// fetch GETs url within FetchTimeout and returns at most MaxBytes of the
// body (a longer one is cut there) and its content type.
func fetch(ctx context.Context, opts FeedOptions, url string) (body, contentType string, err error) {
	ctx, cancel := context.WithTimeout(ctx, opts.FetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", "", err
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	resp, err := opts.Client.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", "", fmt.Errorf("GET %s: HTTP %d", url, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, opts.MaxBytes))
	if err != nil {
		return "", "", fmt.Errorf("GET %s: %w", url, err)
	}
	return string(b), resp.Header.Get("Content-Type"), nil
}

// fetchArticle fetches an item's page and reads it with the corpus HTML
// reader (main text, title, outlet, date).
func fetchArticle(ctx context.Context, opts FeedOptions, url string) (news.Article, error) {
	body, ct, err := fetch(ctx, opts, url)
	if err != nil {
		return news.Article{}, err
	}
	if ct != "" && !strings.Contains(ct, "html") {
		return news.Article{}, fmt.Errorf("GET %s: not an HTML page (%s)", url, ct)
	}
	tmp, err := os.CreateTemp("", "newsdesk-page-*.html")
	if err != nil {
		return news.Article{}, err
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.WriteString(body)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		return news.Article{}, err
	}
	var a news.Article
	f := File{Root: filepath.Dir(tmp.Name()), Path: tmp.Name(), Size: int64(len(body))}
	err = readHTML(f, ReaderOptions{MaxFileBytes: opts.MaxBytes}, func(x news.Article) error { a = x; return nil }, func(news.Skipped) {})
	if err != nil {
		return news.Article{}, fmt.Errorf("page %s: %w", url, err)
	}
	return a, nil
}

// htmlText is the text of an HTML fragment (a feed item's description),
// paragraphs on their own lines.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "br", "div", "li", "h1", "h2", "h3", "blockquote":
				b.WriteString("\n\n")
			}
		}
	}
}

// safeName makes a host usable as a folder and id part.
func safeName(s string) string {
	s = strings.ToLower(s)
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, strings.TrimPrefix(s, "www."))
}

// writeRecord writes rec to path atomically: a hidden temporary file (the
// corpus walk and the watcher ignore it), fsync, rename.
func writeRecord(path string, rec feedRecordJSON) error {
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".item-*.tmp")
	if err != nil {
		return fmt.Errorf("feed item: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(append(b, '\n'))
	if err := errors.Join(werr, tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("feed item %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("feed item: %w", err)
	}
	return nil
}
