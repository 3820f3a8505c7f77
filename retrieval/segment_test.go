package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/synth"
)

// segmentedIndex builds an index of n articles as a base snapshot of most
// of them plus k segments (k folders of the rest, rest percent of n,
// ingested one by one, then one article removed), and
// returns its folder and the live index that wrote it.
func segmentedIndex(tb testing.TB, n, k, rest int) (string, *Index) {
	tb.Helper()
	ctx := context.Background()
	c := synth.New(synth.DefaultOptions())
	root := tb.TempDir()
	base := n * (100 - rest) / 100
	write := func(dir string, from, to int) {
		os.MkdirAll(dir, 0o755)
		f, err := os.Create(filepath.Join(dir, "part.jsonl"))
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := c.WriteJSONL(f, from, to, n); err != nil {
			tb.Fatal(err)
		}
		f.Close()
	}
	write(filepath.Join(root, "base"), 0, base)
	dir := filepath.Join(root, "index")
	ix, err := Open(ctx, benchOptions(dir))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ix.Ingest(ctx, []string{filepath.Join(root, "base")}, nil); err != nil {
		tb.Fatal(err)
	}
	per := max((n-base)/k, 1)
	for i := range k {
		part := filepath.Join(root, fmt.Sprintf("part-%03d", i))
		write(part, min(base+i*per, n-1), min(base+(i+1)*per, n))
		if _, err := ix.Ingest(ctx, []string{part}, nil); err != nil {
			tb.Fatal(err)
		}
	}
	// A removal, in a segment too.
	write(filepath.Join(root, "base"), 0, base-1)
	if _, err := ix.Ingest(ctx, []string{filepath.Join(root, "base")}, nil); err != nil {
		tb.Fatal(err)
	}
	return dir, ix
}

func segmentCount(tb testing.TB, dir string) int {
	tb.Helper()
	segs, err := listSegments(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return len(segs)
}

func TestAnIndexWithSegmentsOpensAsItWasAndAsItsCompaction(t *testing.T) {
	ctx := context.Background()
	dir, live := segmentedIndex(t, 1000, 12, 2)
	if n := segmentCount(t, dir); n < 10 {
		t.Fatalf("%d segments; the test needs them", n)
	}
	replayed := openTest(t, dir, NewLocalEmbedder(0))
	if err := replayed.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if n := segmentCount(t, dir); n != 0 {
		t.Fatalf("%d segments after compaction", n)
	}
	compacted := openTest(t, dir, NewLocalEmbedder(0))
	// The replayed index is the live one, scores and all. The compacted one
	// holds the same articles and passages, but has dropped the postings of
	// removed passages, which the live one still counts in its document
	// frequencies (as an index opened from a compacted snapshot always did):
	// its scores may differ slightly.
	c := synth.New(synth.DefaultOptions())
	for j := range 30 {
		q := c.Question(j, 400)
		query := Query{Text: q.Text, Date: q.Date, K: 10}
		want, _ := live.Search(ctx, query)
		if got, _ := replayed.Search(ctx, query); !sameResults(got, want) {
			t.Fatalf("replayed: results for %q differ from the live index's", q.Text)
		}
	}
	for name, ix := range map[string]*Index{"replayed": replayed, "compacted": compacted} {
		a, p := ix.Len()
		la, lp := live.Len()
		srcs, _ := ix.Sources(ctx)
		if a != la || p != lp || len(srcs) != 13 {
			t.Fatalf("%s: %d articles, %d passages, %d sources; live %d, %d, 13", name, a, p, len(srcs), la, lp)
		}
	}
	if d := lexiconDiff(replayed.lex, live.lex); d != "" {
		t.Fatalf("replayed lexical index differs: %s", d)
	}
}

func TestASmallChangeWritesASmallSegment(t *testing.T) {
	ctx := context.Background()
	corpus, dir := t.TempDir(), t.TempDir()
	c := synth.New(synth.DefaultOptions())
	if _, err := c.WriteDir(ctx, corpus, 300, 100); err != nil {
		t.Fatal(err)
	}
	ix := openTest(t, dir, NewLocalEmbedder(0))
	if _, err := ix.Ingest(ctx, []string{corpus}, nil); err != nil {
		t.Fatal(err)
	}
	base, _ := os.Stat(filepath.Join(dir, snapshotName))
	one := t.TempDir()
	writeJSONL(t, filepath.Join(one, "one.jsonl"), testArticles()[:1])
	if _, err := ix.Ingest(ctx, []string{one}, nil); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(filepath.Join(dir, snapshotName))
	segs, _ := listSegments(dir)
	if !after.ModTime().Equal(base.ModTime()) || len(segs) != 1 || segs[0].size*20 > base.Size() {
		t.Fatalf("one article: snapshot rewritten %v, segments %+v, snapshot %d bytes", !after.ModTime().Equal(base.ModTime()), segs, base.Size())
	}
}

func TestDamagedFilesAreNamedWithTheirDamage(t *testing.T) {
	tests := []struct {
		name   string
		file   string // snapshot or segment
		damage func(b []byte) []byte
		want   string
	}{
		{"flipped byte in the snapshot", snapshotName, func(b []byte) []byte { b[len(b)/2] ^= 0xff; return b }, "checksum mismatch"},
		{"flipped byte in a segment", "seg", func(b []byte) []byte { b[len(b)-10] ^= 0xff; return b }, "checksum mismatch"},
		{"truncated snapshot", snapshotName, func(b []byte) []byte { return b[:len(b)/3] }, "is truncated"},
		{"truncated segment", "seg", func(b []byte) []byte { return b[:20] }, "is truncated"},
		{"bytes appended", snapshotName, func(b []byte) []byte { return append(b, "junk"...) }, "4 bytes more than were written"},
		{"emptied", snapshotName, func([]byte) []byte { return nil }, "is empty"},
		{"another file", "seg", func(b []byte) []byte { return []byte("hello, this is not an index at all") }, "not a newsdesk index file"},
		{"older format", snapshotName, func(b []byte) []byte { copy(b, "NDSKIDX3"); return b }, "older format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			corpus, one := t.TempDir(), t.TempDir()
			synth.New(synth.DefaultOptions()).WriteDir(ctx, corpus, 40, 20)
			writeJSONL(t, filepath.Join(one, "one.jsonl"), testArticles()[:1])
			dir := t.TempDir()
			ix := openTest(t, dir, NewLocalEmbedder(0))
			ix.Ingest(ctx, []string{corpus}, nil)
			ix.Ingest(ctx, []string{one}, nil)
			name := tc.file
			if name == "seg" {
				segs, _ := listSegments(dir)
				if len(segs) == 0 {
					t.Fatal("no segment")
				}
				name = segs[len(segs)-1].name
			}
			path := filepath.Join(dir, name)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(path, tc.damage(data), 0o644)
			o := DefaultOptions()
			o.Dir = dir
			_, err = Open(ctx, o)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.want) || strings.Count(err.Error(), "truncated") > 0 && tc.want != "is truncated" {
				t.Fatalf("Open: %v; want an error naming %s and saying %q", err, path, tc.want)
			}
		})
	}
}

// BenchmarkOpenSegments opens an index of a base snapshot and 60 segments
// holding 2% of its articles (near the compaction threshold), and the same
// index compacted; the ratio of the two is the cost of segments at open.
func BenchmarkOpenSegments(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		articles := n / 4
		dir, _ := segmentedIndex(b, articles, 60, 2)
		if segs := segmentCount(b, dir); segs < 30 {
			b.Fatalf("only %d segments: the index compacted", segs)
		}
		open := func() time.Duration {
			t0 := time.Now()
			if _, err := Open(ctx, benchOptions(dir)); err != nil {
				b.Fatal(err)
			}
			return time.Since(t0)
		}
		var withSegs time.Duration // mean
		b.Run(fmt.Sprintf("segments-%d-%s", segmentCount(b, dir), sizeName(n)), func(b *testing.B) {
			var sum time.Duration
			for b.Loop() {
				sum += open()
			}
			withSegs = sum / time.Duration(b.N)
		})
		ix, err := Open(ctx, benchOptions(dir))
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Compact(ctx); err != nil {
			b.Fatal(err)
		}
		b.Run("compacted-"+sizeName(n), func(b *testing.B) {
			var sum time.Duration
			for b.Loop() {
				sum += open()
			}
			b.ReportMetric(float64(withSegs)/float64(sum/time.Duration(b.N)), "x-with-segments")
		})
	}
}
