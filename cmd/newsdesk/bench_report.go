package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"time"
)

// printBench writes the bench figures for a terminal, one measure a line.
func printBench(w io.Writer, r benchResult) {
	fmt.Fprintf(w, "corpus:             %d passages, %d articles, %s of JSONL (%s of text); local embedder, %d dims; %d CPUs\n",
		r.Passages, r.Articles, sizeText(r.CorpusBytes), sizeText(r.TextBytes), r.Dims, r.CPUs)
	fmt.Fprintf(w, "ingest (cold):      %s, %.0f passages/s, %.1f MB/s\n", secText(r.IngestSec), r.IngestPerSec, r.IngestMBPerS)
	fmt.Fprintf(w, "ingest (unchanged): %s\n", secText(r.ReingestSec))
	embedded := r.HeapBytes > 0 // an index in PostgreSQL has no folder, load, heap or segments to report
	if embedded {
		fmt.Fprintf(w, "index on disk:      %s\n", sizeText(r.IndexBytes))
		fmt.Fprintf(w, "index load:         %s\n", secText(r.LoadSec))
		fmt.Fprintf(w, "heap after load:    %s, %s per passage (%s beyond its text and vector)\n",
			sizeText(r.HeapBytes), sizeText(int64(r.HeapPerPass)), sizeText(int64(r.OverheadPer)))
	}
	fmt.Fprintf(w, "search:             p50 %.1f ms, p99 %.1f ms (%d queries; %.0f%% found their article in the top 10)\n",
		r.SearchP50Ms, r.SearchP99Ms, r.Queries, 100*r.SearchHitRate)
	fmt.Fprintf(w, "answer:             p50 %.1f ms, p99 %.1f ms (extractive)\n", r.AnswerP50Ms, r.AnswerP99Ms)
	if embedded {
		fmt.Fprintf(w, "update one article: %s, %s written\n", secText(r.UpdateSec), sizeText(r.UpdateBytes))
		fmt.Fprintf(w, "open, %d segments:  %s (compacted: %s)\n", r.Segments, secText(r.OpenSegmentsSec), secText(r.OpenCompactSec))
	}
	if r.PeakRSSBytes == 0 {
		fmt.Fprintf(w, "peak memory (RSS):  unknown on this platform\n")
		return
	}
	bound := "memory limit following the live heap"
	if !r.MemoryBound {
		bound = "Go's default memory limit, or GOGC/GOMEMLIMIT as set"
	}
	if !embedded {
		fmt.Fprintf(w, "peak memory (RSS):  search and answer %s; ingest %s; %s\n", sizeText(r.PeakRSSOpen), sizeText(r.PeakRSSIngest), bound)
		return
	}
	fmt.Fprintf(w, "peak memory (RSS):  open and answer %s (%.2fx the heap after load); ingest %s (%.2fx); %s\n",
		sizeText(r.PeakRSSOpen), r.PeakOpenRatio, sizeText(r.PeakRSSIngest), float64(r.PeakRSSIngest)/float64(max(r.HeapBytes, 1)), bound)
}

func secText(s float64) string {
	return time.Duration(s * float64(time.Second)).Round(time.Millisecond / 10).String()
}

// sizeText is a byte count in B, KiB, MiB or GiB.
func sizeText(n int64) string {
	neg := ""
	if n < 0 {
		neg, n = "-", -n
	}
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%s%.2f GiB", neg, float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%s%.1f MiB", neg, float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%s%.2f KiB", neg, float64(n)/(1<<10))
	}
	return fmt.Sprintf("%s%d B", neg, n)
}

// percentileMs returns the p-th percentile (nearest rank) of ds in
// milliseconds.
func percentileMs(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s) + 99) / 100
	i = min(max(i, 1), len(s)) - 1
	return float64(s[i]) / float64(time.Millisecond)
}

// heapInUse collects garbage and returns the bytes of live heap objects.
func heapInUse() int64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(sample[0].Value.Uint64())
}

// resetPeakRSS returns the memory the Go heap has freed to the system and
// resets the peak RSS to the RSS now (Linux: /proc/self/clear_refs), so the
// next peakRSS is the peak from here; elsewhere it does nothing.
func resetPeakRSS() {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS returns the process's peak resident set size (VmHWM), or 0 where
// /proc does not tell it.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
