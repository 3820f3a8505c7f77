package corpus

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/testcorpus"
)

// writeFiles creates files (relative path → content) under a new temporary
// directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readDir reads the corpus under dir and returns its articles and skips.
func readDir(t *testing.T, opts ReaderOptions, roots ...string) ([]news.Article, []news.Skipped) {
	t.Helper()
	var arts []news.Article
	var skips []news.Skipped
	err := readCorpus(context.Background(), roots, opts, func(a news.Article) error {
		arts = append(arts, a)
		return nil
	}, func(s news.Skipped) { skips = append(skips, s) })
	if err != nil {
		t.Fatal(err)
	}
	return arts, skips
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestReadFormats(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                news.Article // Body holds the expected start of the body
	}{
		{
			name: "text with headline, byline and dateline", file: "news/bridge.txt",
			content: "Old Mill Bridge closes after inspection\n\nBy Jane Doe and John Roe, Riverside Courier\n\nRIVERSIDE, Ore. — The council closed the bridge on Monday.\n\nIt reopens in spring.\n",
			want:    news.Article{DocID: "news/bridge.txt", Title: "Old Mill Bridge closes after inspection", Source: "Riverside Courier", Authors: []string{"Jane Doe", "John Roe"}, Body: "The council closed the bridge on Monday.\n\nIt reopens in spring."},
		},
		{
			name: "markdown with front matter", file: "a.md",
			content: "---\nid: md-1\ntitle: School budget passes\nsource: Valley Herald\npublished_at: 2026-03-02\nauthors: [Ana Ruiz, Tom Lee]\nurl: https://example.org/budget\n---\n# School budget passes\n\nThe board voted 5-2.\n",
			want:    news.Article{DocID: "md-1", Title: "School budget passes", Source: "Valley Herald", PublishedAt: date("2026-03-02"), Authors: []string{"Ana Ruiz", "Tom Lee"}, URL: "https://example.org/budget", Body: "The board voted 5-2."},
		},
		{
			name: "markdown heading as title", file: "b.md",
			content: "# Storm knocks out power\n\nAbout 4,000 homes lost power.\n",
			want:    news.Article{DocID: "b.md", Title: "Storm knocks out power", Body: "About 4,000 homes lost power."},
		},
		{
			name: "html with meta tags", file: "c.html",
			content: `<!doctype html><html><head><title>Page - Metro Wire</title>
<meta property="og:title" content="Tech firm opens office">
<meta property="og:site_name" content="Metro Wire">
<meta property="article:published_time" content="2026-04-10T09:00:00Z">
<meta name="author" content="Sam Park"><script>var x = "not text";</script></head>
<body><nav>Home | News</nav><article><h1>Tech firm opens office</h1>
<p>The company will hire <b>120</b>&nbsp;people.<br>Most are engineers.</p><figure><figcaption>A photo</figcaption></figure>
<div class="share-tools">Share on social</div><p>Rent is $40,000 a month.</p></article>
<div id="related"><article><a href="/x">Another story</a></article></div>
<footer>Copyright</footer></body></html>`,
			want: news.Article{DocID: "c.html", Title: "Tech firm opens office", Source: "Metro Wire", PublishedAt: time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC), Authors: []string{"Sam Park"}, Body: "The company will hire 120 people.\nMost are engineers.\n\nRent is $40,000 a month."},
		},
		{
			name: "json single object with domain source", file: "d.json",
			content: `{"title": "Election night", "source": "www.cnn.com", "published_at": "2026/05/05", "author": "Lee Chan", "text": "Turnout was 61 percent."}`,
			want:    news.Article{DocID: "d.json", Title: "Election night", Source: "CNN", PublishedAt: date("2026-05-05"), Authors: []string{"Lee Chan"}, Body: "Turnout was 61 percent."},
		},
		{
			name: "jsonl record with dateline in body", file: "e.jsonl",
			content: `{"id": "rtqa-1", "title": "Squid Game returns - CNN", "source": "www.cnn.com", "published_at": "2022/06/12", "authors": ["Ramishah Maruf"], "body": "New York CNN —\n\n“Squid Game” is officially coming back."}` + "\n",
			want:    news.Article{DocID: "rtqa-1", Title: "Squid Game returns", Source: "CNN", PublishedAt: date("2022-06-12"), Authors: []string{"Ramishah Maruf"}, Body: "“Squid Game” is officially coming back.", Line: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{tt.file: tt.content})
			arts, skips := readDir(t, DefaultReaderOptions(), dir)
			if len(skips) > 0 || len(arts) != 1 {
				t.Fatalf("got %d articles, skips %v", len(arts), skips)
			}
			a, w := arts[0], tt.want
			if a.DocID != w.DocID || a.Title != w.Title || a.Source != w.Source || !a.PublishedAt.Equal(w.PublishedAt) ||
				!slices.Equal(a.Authors, w.Authors) || a.URL != w.URL || a.Line != w.Line {
				t.Errorf("got  %q %q %q %v %q %q line %d\nwant %q %q %q %v %q %q line %d",
					a.DocID, a.Title, a.Source, a.PublishedAt, a.Authors, a.URL, a.Line,
					w.DocID, w.Title, w.Source, w.PublishedAt, w.Authors, w.URL, w.Line)
			}
			if a.Body != w.Body {
				t.Errorf("body %q, want %q", a.Body, w.Body)
			}
			if a.Path != filepath.Join(dir, filepath.FromSlash(tt.file)) {
				t.Errorf("path %q", a.Path)
			}
		})
	}
}

func TestReadJSONArrayIDs(t *testing.T) {
	dir := writeFiles(t, map[string]string{"sub/list.json": `[
  {"id": "x1", "body": "First story."},
  {"body": "Second story, no id."},
  {"body": ""},
  "not an object",
  {"title": 5, "body": "Numeric title."},
  {"body": {"nested": true}}
]`})
	arts, skips := readDir(t, DefaultReaderOptions(), dir)
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.DocID)
	}
	if want := []string{"x1", "sub/list.json#1", "sub/list.json#4"}; !slices.Equal(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
	var lines []int
	for _, s := range skips {
		lines = append(lines, s.Line)
	}
	if want := []int{4, 5, 7}; !slices.Equal(lines, want) {
		t.Errorf("skipped lines %v, want %v (%v)", lines, want, skips)
	}
	if len(skips) > 0 && !strings.HasPrefix(skips[0].Reason, "record 3:") { // the third record, counted from 1
		t.Errorf("the first skip says %q, want it to name record 3", skips[0].Reason)
	}
}

func TestReadSkips(t *testing.T) {
	files := map[string]string{
		"good.txt":        "A short but real article.",
		"binary.txt":      "GIF89a\x00\x01\x02\x03",
		"latin1.txt":      "Caf\xe9 au lait.",
		"empty.txt":       "",
		"blank.md":        "   \n\n ",
		"big.txt":         strings.Repeat("word ", 400),
		"notes.pdf":       "%PDF-1.4",
		".hidden.txt":     "never read",
		".git/config.txt": "never read",
		"broken.json":     `[{"body": "ok"}, {"body": `,
		"lines.jsonl":     "{\"body\": \"one\"}\n{\"body\": broken\n\n{\"body\": \"three\"}\n{\"body\": \"\"}\n{\"title\": \"Headline only\", \"url\": \"https://example.com/2026/a-story\"}\n",
		"long.jsonl":      "{\"body\": \"" + strings.Repeat("x", 300) + "\"}\n{\"body\": \"short one\"}\n",
		"nothing.jsonl":   "\n\n",
		"front.md":        "---\ntitle: [unclosed\n---\nBody.\n",
		"title-only.md":   "# Just a heading\n",
	}
	dir := writeFiles(t, files)
	opts := ReaderOptions{MaxFileBytes: 1000, MaxLineBytes: 200}
	arts, skips := readDir(t, opts, dir)
	var got []string
	for _, a := range arts {
		got = append(got, a.DocID)
	}
	// latin1.txt is transcoded, front.md read without its front matter: both
	// with a note (Kept), not skipped.
	if want := []string{"front.md", "good.txt", "latin1.txt", "lines.jsonl#1", "lines.jsonl#4", "lines.jsonl#6", "long.jsonl#2"}; !slices.Equal(got, want) {
		t.Errorf("articles %q, want %q", got, want)
	}
	wantSkips := map[string]string{ // "file:line" → a word of the reason
		"binary.txt":    "binary",
		"latin1.txt":    "transcoded from Windows-1252",
		"empty.txt":     "empty",
		"blank.md":      "empty",
		"big.txt":       "too large",
		"notes.pdf":     "unsupported",
		"broken.json":   "invalid JSON",
		"lines.jsonl:2": "invalid",
		"lines.jsonl:5": "empty record",
		"long.jsonl:1":  "too long",
		"nothing.jsonl": "empty",
		"front.md":      "front matter",
		"title-only.md": "no article text",
	}
	seen := map[string]bool{}
	for _, s := range skips {
		key, _ := filepath.Rel(dir, s.Path)
		if s.Line > 0 {
			key += ":" + strconv.Itoa(s.Line)
		}
		seen[key] = true
		if kept := key == "latin1.txt" || key == "front.md"; s.Kept != kept {
			t.Errorf("%s: Kept is %v, want %v", key, s.Kept, kept)
		}
		want, ok := wantSkips[key]
		if !ok {
			t.Errorf("unexpected skip %v", s)
			continue
		}
		if !strings.Contains(s.Reason, want) {
			t.Errorf("skip %s: reason %q does not say %q", key, s.Reason, want)
		}
	}
	for key := range wantSkips {
		if !seen[key] {
			t.Errorf("%s was not reported", key)
		}
	}
}

func TestWalkCorpus(t *testing.T) {
	dir := writeFiles(t, map[string]string{"b/2.txt": "x", "a.txt": "x", "b/1.md": "x", "c.jsonl": "x"})
	files, err := Walk(context.Background(), []string{dir, filepath.Join(dir, "a.txt")}, DefaultReaderOptions(), func(s news.Skipped) { t.Errorf("skip %v", s) })
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, f := range files {
		rels = append(rels, f.rel())
	}
	if want := []string{"a.txt", "b/1.md", "b/2.txt", "c.jsonl", "a.txt"}; !slices.Equal(rels, want) {
		t.Errorf("files %q, want %q", rels, want)
	}
	_, err = Walk(context.Background(), []string{filepath.Join(dir, "missing")}, DefaultReaderOptions(), func(news.Skipped) {})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing root: err %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Walk(ctx, []string{dir}, DefaultReaderOptions(), func(news.Skipped) {}); err == nil {
		t.Error("cancelled walk: no error")
	}
}

func TestReadStopsOnEmitError(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.jsonl": "{\"body\": \"one\"}\n{\"body\": \"two\"}\n", "b.txt": "three"})
	stop := os.ErrClosed
	n := 0
	err := readCorpus(context.Background(), []string{dir}, DefaultReaderOptions(), func(news.Article) error { n++; return stop }, func(s news.Skipped) { t.Errorf("skip %v", s) })
	if err != stop || n != 1 {
		t.Errorf("err %v after %d articles, want %v after 1", err, n, stop)
	}
}

func TestSeedOutlets(t *testing.T) {
	arts := readAll(t, testcorpus.Seeds(t))
	want := []string{"ABC News", "CNN", "The Washington Post", "The New York Times", "CNN"}
	if len(arts) != len(want) {
		t.Fatalf("%d articles, want %d", len(arts), len(want))
	}
	for i, a := range arts {
		if a.Source != want[i] {
			t.Errorf("%s: outlet %q, want %q", a.DocID, a.Source, want[i])
		}
		for _, junk := range []string{"Getty Images", "/Pool/AP", "(CNN)", "CNN  —", "(WASHINGTON)", "Copyright", "originally appeared", "By Kevin"} {
			if strings.Contains(a.Body, junk) {
				t.Errorf("%s: body still holds %q", a.DocID, junk)
			}
		}
		if a.Title != "" {
			t.Errorf("%s: title %q invented (the seeds have no headlines)", a.DocID, a.Title)
		}
	}
	if got := arts[1]; !got.PublishedAt.Equal(date("2024-01-26")) || !slices.Equal(got.Authors, []string{"Kevin Liptak", "Alex Marquardt"}) {
		t.Errorf("001: date %v authors %q", got.PublishedAt, got.Authors)
	}
	if !strings.HasPrefix(arts[0].Body, "CIA Director Bill Burns will soon travel") {
		t.Errorf("000 lead: %.60q", arts[0].Body)
	}
	if !strings.HasPrefix(arts[4].Body, "Efforts to secure the release") {
		t.Errorf("004 lead (caption not dropped?): %.60q", arts[4].Body)
	}
}

func TestReadRealtimeQA(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 37 MB")
	}
	if _, err := os.Stat(realtimeqaPath); err != nil {
		t.Skip("realtimeqa-scale test: ../shared/eval/realtimeqa is not beside the repository:", err)
	}
	arts, skips := readDir(t, DefaultReaderOptions(), realtimeqaPath)
	if len(arts)+len(skips) != 3827 {
		t.Errorf("%d articles + %d skips, want 3827 records", len(arts), len(skips))
	}
	for _, s := range skips {
		if s.Line == 0 || !strings.Contains(s.Reason, "empty record") {
			t.Errorf("unexpected skip %v", s)
		}
	}
	ids := map[string]bool{}
	for _, a := range arts {
		if ids[a.DocID] {
			t.Errorf("duplicate id %s", a.DocID)
		}
		ids[a.DocID] = true
		if strings.HasPrefix(a.Body, "New York CNN —") || strings.HasPrefix(a.Body, "(CNN)") {
			t.Errorf("%s: dateline left in body: %.40q", a.DocID, a.Body)
		}
	}
}

func BenchmarkRead(b *testing.B) {
	root := realtimeqaPath
	info, err := os.Stat(root)
	if err != nil {
		b.Skip("realtimeqa-scale: ../shared/eval/realtimeqa is not beside the repository")
	}
	b.SetBytes(info.Size())
	for range b.N {
		readAll(b, root)
	}
}
