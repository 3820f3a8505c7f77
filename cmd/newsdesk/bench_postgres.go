package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"newsdesk/retrieval"
	"newsdesk/retrieval/pgindex"
)

// runPostgres is the bench against an index in PostgreSQL (bench --index
// postgres://…): the synthetic corpus ingested into it cold and again
// unchanged, then the searches and answers timed. The database should hold
// no other index: the synthetic articles are added to whatever is there.
func (b *bencher) runPostgres(ctx context.Context, passages int) (benchResult, error) {
	r := benchResult{Dims: b.dims, CPUs: runtime.GOMAXPROCS(0), Queries: b.queries, MemoryBound: memoryBound.Load()}
	corpus, corpusDir, err := b.writeCorpus(ctx, passages, &r)
	if err != nil {
		return r, err
	}

	o := pgindex.DefaultOptions()
	o.URL = b.index
	o.Embedder = retrieval.NewLocalEmbedder(b.dims)
	o.SkipVectorQuery = true
	t0 := time.Now()
	ix, err := pgindex.Open(ctx, o)
	if err != nil {
		return r, err
	}
	defer ix.Close()
	r.LoadSec = time.Since(t0).Seconds()
	b.progress("ingesting (cold) into %s", pgindex.Redact(b.index))
	st, err := ix.Ingest(ctx, []string{corpusDir}, nil)
	if err != nil {
		return r, err
	}
	r.Passages, r.Articles = st.Passages, st.Articles
	r.IngestSec = st.Duration.Seconds()
	r.IngestPerSec = float64(st.Embedded) / r.IngestSec
	r.IngestMBPerS = float64(r.CorpusBytes) / 1e6 / r.IngestSec
	b.progress("ingesting (unchanged)")
	st, err = ix.Ingest(ctx, []string{corpusDir}, nil)
	if err != nil {
		return r, err
	}
	r.ReingestSec = st.Duration.Seconds()
	if st.Embedded > 0 {
		return r, fmt.Errorf("re-ingest of an unchanged corpus embedded %d passages", st.Embedded)
	}
	r.PeakRSSIngest = peakRSS()
	resetPeakRSS() // the search phase's peak, from here
	cfg := DefaultConfig()
	svc, err := newAnswerService(cfg, ix, b.log)
	if err != nil {
		return r, err
	}
	b.progress("timing %d searches and %d answers", b.queries, b.queries)
	if err := b.time(ctx, corpus, ix, svc, &r); err != nil {
		return r, err
	}
	r.PeakRSSOpen = peakRSS()
	r.PeakRSSBytes = max(r.PeakRSSIngest, r.PeakRSSOpen)
	return r, nil
}
