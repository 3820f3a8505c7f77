package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
	"newsdesk/retrieval/corpus"
)

// Benchmarks of each stage, at 10k and 100k synthetic passages (1M with
// NEWSDESK_BENCH_1M=1) and on the realtimeqa corpus when it is present:
//
//	go test -run '^$' -bench . -benchtime 20x ./retrieval/
//
// Set NEWSDESK_BENCH_DIR to keep the corpora and indexes between runs.

func BenchmarkReadAndChunk(b *testing.B) {
	run := func(b *testing.B, roots []string) {
		files, err := corpus.Walk(context.Background(), roots, corpus.DefaultReaderOptions(), nil)
		if err != nil {
			b.Fatal(err)
		}
		var size int64
		for _, f := range files {
			size += f.Size
		}
		b.SetBytes(size)
		b.ReportAllocs()
		passages := 0
		for b.Loop() {
			passages = 0
			for _, f := range files {
				var arts []news.Article
				err := corpus.Read(f, corpus.DefaultReaderOptions(), func(a news.Article) error { arts = append(arts, a); return nil }, func(news.Skipped) {})
				if err != nil {
					b.Fatal(err)
				}
				for i := range arts {
					passages += len(Chunk(&arts[i], DefaultChunkOptions()))
				}
			}
		}
		b.ReportMetric(float64(passages)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
	}
	b.Run("synth-10k", func(b *testing.B) { run(b, []string{corpusFixture(b, 10_000).dir}) })
	b.Run("realtimeqa", func(b *testing.B) {
		if _, err := os.Stat(realtimeqaPath); err != nil {
			b.Skip("realtimeqa-scale: ../shared/eval/realtimeqa is not beside the repository")
		}
		run(b, []string{realtimeqaPath})
	})
}

func BenchmarkLocalEmbedder(b *testing.B) {
	f := corpusFixture(b, 10_000)
	var texts []string
	var size int64
	for i := 0; len(texts) < 64; i++ {
		a := f.corpus.Article(i, f.articles)
		art := news.Article{Title: a.Title, Body: a.Body}
		for _, p := range Chunk(&art, DefaultChunkOptions()) {
			texts = append(texts, embedText(&art, text.Span{Start: p.Start, End: p.End}))
			size += int64(len(texts[len(texts)-1]))
		}
	}
	e := NewLocalEmbedder(0)
	ctx := context.Background()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Embed(ctx, texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(texts))*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
}

// BenchmarkIngest ingests a synthetic corpus into an empty index (cold) and
// into an index that already holds it (unchanged).
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		f := corpusFixture(b, n)
		b.Run("cold-"+sizeName(n), func(b *testing.B) {
			b.SetBytes(f.bytes)
			b.ReportAllocs()
			passages := 0
			for b.Loop() {
				b.StopTimer()
				dir := b.TempDir()
				ix, err := Open(ctx, benchOptions(dir))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				st, err := ix.Ingest(ctx, []string{f.dir}, nil)
				if err != nil {
					b.Fatal(err)
				}
				passages = st.Passages
			}
			b.ReportMetric(float64(passages)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
		})
		b.Run("unchanged-"+sizeName(n), func(b *testing.B) {
			ix := indexFixture(b, n).ix
			b.ReportAllocs()
			for b.Loop() {
				st, err := ix.Ingest(ctx, []string{f.dir}, nil)
				if err != nil || st.Embedded > 0 {
					b.Fatalf("re-ingest: %v, %d embedded", err, st.Embedded)
				}
			}
		})
	}
}

// BenchmarkOpen loads a saved index, as every command does at start.
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	bench := func(b *testing.B, dir string) {
		if info, err := os.Stat(filepath.Join(dir, snapshotName)); err == nil {
			b.SetBytes(info.Size())
		}
		b.ReportAllocs()
		passages := 0
		for b.Loop() {
			ix, err := Open(ctx, benchOptions(dir))
			if err != nil {
				b.Fatal(err)
			}
			_, passages = ix.Len()
		}
		b.ReportMetric(float64(passages)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
	}
	for _, n := range benchSizes() {
		b.Run(sizeName(n), func(b *testing.B) { bench(b, indexFixture(b, n).ixDir) })
	}
	b.Run("realtimeqa", func(b *testing.B) {
		realtimeqaIndex(b)
		bench(b, filepath.Join(benchDir(b), "realtimeqa-index"))
	})
}

// realtimeqaQueries returns the realtimeqa dev questions, with their dates.
func realtimeqaQueries(b testing.TB) []Query {
	fh, err := os.Open(filepath.Join(filepath.Dir(realtimeqaPath), "dev.jsonl"))
	if err != nil {
		b.Skip("realtimeqa-scale: ../shared/eval/realtimeqa/dev.jsonl is not beside the repository")
	}
	defer fh.Close()
	var out []Query
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var q struct {
			Question     string `json:"question"`
			QuestionDate string `json:"question_date"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			b.Fatal(err)
		}
		d, _ := corpus.ParseDate(q.QuestionDate)
		out = append(out, Query{Text: q.Question, Date: d, K: 10})
	}
	return out
}

// searchFixtures calls fn for each index the search benchmarks run on.
func searchFixtures(b *testing.B, fn func(b *testing.B, ix *Index, qs []Query)) {
	b.Run("realtimeqa", func(b *testing.B) { fn(b, realtimeqaIndex(b), realtimeqaQueries(b)) })
	for _, n := range benchSizes() {
		b.Run("synth-"+sizeName(n), func(b *testing.B) {
			f := indexFixture(b, n)
			fn(b, f.ix, f.queries(200))
		})
	}
}

// BenchmarkSearch times the fused search (Index.Search) and each of its
// sides alone: the lexical (query analysis and BM25F) and the vector (query
// embedding and chromem-go).
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	searchFixtures(b, func(b *testing.B, ix *Index, qs []Query) {
		b.Run("fused", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := ix.Search(ctx, qs[i%len(qs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run("lexical", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				lexicalOnly(ix, qs[i%len(qs)])
				i++
			}
		})
		b.Run("vector", func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := vectorOnly(ctx, ix, qs[i%len(qs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	})
}

// BenchmarkVectorReference times, query by query in one run, the fused
// search, chromem-go's bare QueryEmbedding for as many passages as the
// search takes from it, the flat scan of the index's vector store
// (vectorScan), and a flat scan of the same vectors held in one contiguous
// []float32, and reports the ratios.
func BenchmarkVectorReference(b *testing.B) {
	ctx := context.Background()
	searchFixtures(b, func(b *testing.B, ix *Index, qs []Query) {
		depth := min(defaultRanking().vecDepth, ix.coll.Count())
		flat := newFlatVectors(ix)
		ix.mu.RLock()
		flatScan := ix.vectorScan()
		ix.mu.RUnlock()
		vecs, err := ix.embedder.Embed(ctx, queryTexts(qs))
		if err != nil {
			b.Fatal(err)
		}
		var fused, bare, scan, own time.Duration
		i := 0
		for b.Loop() {
			q := i % len(qs)
			t0 := time.Now()
			if _, err := ix.Search(ctx, qs[q]); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if _, err := ix.coll.QueryEmbedding(ctx, vecs[q], depth, nil, nil); err != nil {
				b.Fatal(err)
			}
			t2 := time.Now()
			flat.top(vecs[q], depth)
			t3 := time.Now()
			ix.mu.RLock()
			flatScan.query(vecs[q], depth)
			ix.mu.RUnlock()
			t4 := time.Now()
			fused, bare, scan, own = fused+t1.Sub(t0), bare+t2.Sub(t1), scan+t3.Sub(t2), own+t4.Sub(t3)
			i++
		}
		ms := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(b.N) }
		b.ReportMetric(ms(fused), "fused-ms/op")
		b.ReportMetric(ms(bare), "chromem-ms/op")
		b.ReportMetric(ms(scan), "flat-ms/op")
		b.ReportMetric(ms(own), "vecindex-ms/op")
		b.ReportMetric(fused.Seconds()/bare.Seconds(), "fused/chromem")
		b.ReportMetric(bare.Seconds()/scan.Seconds(), "chromem/flat")
	})
}

func queryTexts(qs []Query) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Text
	}
	return out
}
