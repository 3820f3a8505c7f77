package retrieval

import (
	"context"
	"fmt"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
	"newsdesk/retrieval/neardup"
)

// What flush does with a batch of new and changed articles: chunk, sketch,
// embed (reusing the vectors of unchanged passages), install, checkpoint.

// flushError is a failure to embed, install or save: it ends the ingest,
// unlike a file that cannot be read.
type flushError struct{ err error }

func (e *flushError) Error() string { return e.err.Error() }
func (e *flushError) Unwrap() error { return e.err }

// flush chunks, embeds and installs the pending articles, and saves a
// checkpoint when one is due.
func (r *ingestRun) flush(ctx context.Context) error {
	if err := r.flushPending(ctx); err != nil {
		return &flushError{err}
	}
	return nil
}

func (r *ingestRun) flushPending(ctx context.Context) error {
	if len(r.pending) == 0 {
		return nil
	}
	ix := r.ix
	arts := r.pending
	r.pending = nil
	now := ix.opts.Now()
	spans := make([][]text.Span, len(arts))
	parallel(len(arts), func(i int) {
		a := arts[i]
		for _, p := range Chunk(&a.Article, ix.opts.Chunk) {
			spans[i] = append(spans[i], text.Span{Start: p.Start, End: p.End})
		}
		if len(spans[i]) == 0 {
			// A headline-only article (a title or URL, no text) gets one
			// empty passage, so that its title field can be found.
			spans[i] = []text.Span{{Start: 0, End: 0}}
		}
		a.sketch = neardup.NewSketch(a.Body)
	})
	// Reuse the vectors of passages whose text has not changed; embed the rest.
	type job struct{ art, pass int }
	var jobs []job
	var texts []string
	ix.mu.RLock()
	for i, a := range arts {
		a.vectors = make([][]float32, len(spans[i]))
		old := map[string][]float32{}
		if slot, ok := ix.byID[a.DocID]; ok {
			o := ix.articles[slot]
			a.FirstSeen = o.FirstSeen
			for j, s := range o.slots {
				p := ix.passages[s]
				old[o.Title+"\x00"+o.Body[p.start:p.end]] = o.vectors[j]
			}
		} else {
			a.FirstSeen = now
		}
		for j, s := range spans[i] {
			if v, ok := old[a.Title+"\x00"+a.Body[s.Start:s.End]]; ok {
				a.vectors[j] = v
				continue
			}
			jobs = append(jobs, job{i, j})
			texts = append(texts, embedText(&a.Article, s))
		}
	}
	ix.mu.RUnlock()
	vecs, err := r.embed(ctx, texts)
	if err != nil {
		return err
	}
	for k, jb := range jobs {
		arts[jb.art].vectors[jb.pass] = vecs[k]
	}
	if err := ix.install(ctx, arts, func(i int) []text.Span { return spans[i] }, nil); err != nil {
		return err
	}
	r.changed = true
	if time.Since(r.lastSave) >= ix.opts.CheckpointEvery {
		ix.mu.Lock()
		r.recordFilesLocked()
		ix.mu.Unlock()
		if err := ix.save(true); err != nil {
			return err
		}
		r.lastSave = time.Now()
	}
	return nil
}

// embed embeds texts (EmbedBatches) and counts them.
func (r *ingestRun) embed(ctx context.Context, texts []string) ([][]float32, error) {
	out, err := EmbedBatches(ctx, r.ix.embedder, texts, r.ix.opts.EmbedBatch)
	if err != nil {
		return nil, err
	}
	r.stats.Embedded += len(texts)
	r.prog.Embedded += len(texts)
	r.report()
	return out, nil
}

// EmbedBatches embeds texts with e in batches of batch texts, several
// batches at once (one per CPU); the first error cancels the rest. Every
// index backend embeds its passages with it.
func EmbedBatches(ctx context.Context, e Embedder, texts []string, batch int) ([][]float32, error) {
	nb := (len(texts) + batch - 1) / batch
	out := make([][]float32, len(texts))
	errs := make([]error, nb)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	parallel(nb, func(b int) {
		if ctx.Err() != nil {
			errs[b] = ctx.Err()
			return
		}
		lo, hi := b*batch, min((b+1)*batch, len(texts))
		v, err := e.Embed(ctx, texts[lo:hi])
		if err == nil && len(v) != hi-lo {
			err = fmt.Errorf("embedder returned %d vectors for %d texts", len(v), hi-lo)
		}
		if err != nil {
			errs[b] = err
			cancel()
			return
		}
		copy(out[lo:hi], v)
	})
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("embed passages: %w", err)
		}
	}
	return out, nil
}

// embedText is what is embedded for a passage: the title gives it context.
func embedText(a *news.Article, s text.Span) string {
	if a.Title == "" {
		return a.Body[s.Start:s.End]
	}
	return a.Title + "\n\n" + a.Body[s.Start:s.End]
}
