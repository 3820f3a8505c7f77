package synth

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// ArticlesFor returns about how many articles make the given number of
// passages when bodies are chunked into passages of maxWords words with
// overlap words repeated (newsdesk's default chunking is 200 and 50).
func (c *Corpus) ArticlesFor(passages, maxWords, overlap int) int {
	if passages <= 0 {
		return 0
	}
	step := max(maxWords-overlap, 1)
	var sum float64
	lo, hi := c.opts.MinWords, c.opts.MaxWords
	for w := lo; w <= hi; w++ {
		sum += float64(max(1, (w-overlap+step-1)/step))
	}
	per := sum / float64(hi-lo+1)
	return max(1, int(float64(passages)/per+0.5))
}

// record is an article in the corpus record format (JSONL).
type record struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Source      string   `json:"source"`
	PublishedAt string   `json:"published_at"`
	Authors     []string `json:"authors"`
	Body        string   `json:"body"`
}

// WriteJSONL writes articles [from, to) of a corpus of n articles to w, one
// JSON record a line. It returns the bytes of their titles and bodies.
func (c *Corpus) WriteJSONL(w io.Writer, from, to, n int) (int64, error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var text int64
	for i := from; i < to; i++ {
		a := c.Article(i, n)
		rec := record{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source,
			PublishedAt: a.PublishedAt.Format(time.RFC3339), Authors: a.Authors, Body: a.Body}
		if err := enc.Encode(rec); err != nil {
			return text, err
		}
		text += int64(len(a.Title) + len(a.Body))
	}
	return text, nil
}

// Written describes a corpus written to a folder.
type Written struct {
	Articles int
	Files    []string
	Bytes    int64 // size of the files
	Text     int64 // bytes of the articles' titles and bodies
}

// WriteDir writes a corpus of n articles into dir (created if missing) as
// JSONL files of at most perFile articles each (0 means 1000), several files
// at once.
func (c *Corpus) WriteDir(ctx context.Context, dir string, n, perFile int) (Written, error) {
	if perFile <= 0 {
		perFile = 1000
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Written{}, fmt.Errorf("create corpus dir: %w", err)
	}
	nf := (n + perFile - 1) / perFile
	out := Written{Articles: n, Files: make([]string, nf)}
	sizes, texts := make([]int64, nf), make([]int64, nf)
	errs := make([]error, nf)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				out.Files[f] = filepath.Join(dir, fmt.Sprintf("synth-%05d.jsonl", f))
				sizes[f], texts[f], errs[f] = c.writeFile(out.Files[f], f*perFile, min((f+1)*perFile, n), n)
			}
		}()
	}
	for f := 0; f < nf && ctx.Err() == nil; f++ {
		next <- f
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return out, err
	}
	for f, err := range errs {
		if err != nil {
			return out, err
		}
		out.Bytes += sizes[f]
		out.Text += texts[f]
	}
	return out, nil
}

func (c *Corpus) writeFile(path string, from, to, n int) (size, text int64, err error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, fmt.Errorf("write corpus: %w", err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	text, err = c.WriteJSONL(bw, from, to, n)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		var st os.FileInfo
		if st, err = f.Stat(); err == nil {
			size = st.Size()
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, fmt.Errorf("write corpus %s: %w", path, err)
	}
	return size, text, nil
}
