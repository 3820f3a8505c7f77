package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestBenchPrintsEveryFigure(t *testing.T) {
	out, errs, code := runCmd(t, nil, "bench", "--passages", "2000", "--queries", "10")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"corpus:", "passages", "ingest (cold):", "passages/s", "MB/s",
		"ingest (unchanged):", "index on disk:", "index load:", "heap after load:", "per passage",
		"search:", "p50", "p99", "answer:", "update one article:", "segments:", "compacted:", "peak memory", "open and answer"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "ingesting (cold)") {
		t.Errorf("bench did not report progress on stderr: %q", errs)
	}
}

func TestBenchJSON(t *testing.T) {
	out, errs, code := runCmd(t, nil, "bench", "--passages", "600", "--queries", "10", "--dims", "64", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r benchResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	if r.Passages < 450 || r.Passages > 750 {
		t.Errorf("passages = %d, want about 600", r.Passages)
	}
	if r.Dims != 64 || r.Queries != 10 {
		t.Errorf("dims %d, queries %d; want 64 and 10", r.Dims, r.Queries)
	}
	positive := map[string]float64{
		"ingest_seconds": r.IngestSec, "ingest_passages_per_second": r.IngestPerSec, "index_bytes": float64(r.IndexBytes),
		"load_seconds": r.LoadSec, "heap_after_load_bytes": float64(r.HeapBytes), "search_p50_ms": r.SearchP50Ms,
		"search_p99_ms": r.SearchP99Ms, "answer_p50_ms": r.AnswerP50Ms, "answer_p99_ms": r.AnswerP99Ms,
		"update_one_article_seconds": r.UpdateSec, "update_one_article_bytes": float64(r.UpdateBytes),
		"open_with_segments_seconds": r.OpenSegmentsSec, "open_compacted_seconds": r.OpenCompactSec,
	}
	if r.Segments < 1 { // a small index compacts its 32 updates now and then
		t.Errorf("the open with segments had %d segments", r.Segments)
	}
	for name, v := range positive {
		if v <= 0 {
			t.Errorf("%s = %v, want > 0", name, v)
		}
	}
	if r.SearchP99Ms < r.SearchP50Ms || r.AnswerP99Ms < r.AnswerP50Ms {
		t.Errorf("p99 below p50: search %v/%v, answer %v/%v", r.SearchP50Ms, r.SearchP99Ms, r.AnswerP50Ms, r.AnswerP99Ms)
	}
	if r.SearchHitRate < 0.5 {
		t.Errorf("only %.0f%% of the synthetic questions found their article; the corpus or its questions are broken", 100*r.SearchHitRate)
	}
	if strings.Contains(errs, "bench:") {
		t.Errorf("--json printed progress: %q", errs)
	}
}

func TestBenchUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no passages", []string{"bench", "--passages", "0"}, "--passages"},
		{"tiny dims", []string{"bench", "--dims", "2"}, "--dims"},
		{"no queries", []string{"bench", "--queries", "0"}, "--queries"},
		{"argument", []string{"bench", "extra"}, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runCmd(t, nil, tt.args...)
			if code != 2 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, tt.want)
			}
		})
	}
}

func TestPercentileMs(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	tests := []struct {
		name string
		ds   []time.Duration
		p    int
		want float64
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 99, 7},
		{"median of five", ms(5, 1, 4, 2, 3), 50, 3},
		{"p99 of a hundred is the 99th", ms(seq(100)...), 99, 99},
		{"p50 of a hundred is the 50th", ms(seq(100)...), 50, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentileMs(tt.ds, tt.p); got != tt.want {
				t.Errorf("percentileMs(p%d) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = n - i
	}
	return out
}

// TestBenchReportOfAPostgresIndex checks the report of a bench against an
// index in PostgreSQL: no folder, load, heap or segment figures (it has
// none), and its peak memory without a ratio to a heap it does not hold.
func TestBenchReportOfAPostgresIndex(t *testing.T) {
	var b strings.Builder
	printBench(&b, benchResult{Passages: 500, Articles: 100, IngestSec: 1, SearchP50Ms: 5, AnswerP50Ms: 9,
		PeakRSSBytes: 50 << 20, PeakRSSIngest: 50 << 20, PeakRSSOpen: 40 << 20, MemoryBound: true})
	out := b.String()
	for _, absent := range []string{"heap after load", "index load", "update one article", "segments", "x the heap"} {
		if strings.Contains(out, absent) {
			t.Errorf("the PostgreSQL report shows %q:\n%s", absent, out)
		}
	}
	for _, want := range []string{"search:", "answer:", "search and answer 40", "ingest 50", "memory limit following the live heap"} {
		if !strings.Contains(out, want) {
			t.Errorf("the PostgreSQL report lacks %q:\n%s", want, out)
		}
	}
}
