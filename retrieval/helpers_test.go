package retrieval

import (
	"context"
	"os"
	"testing"

	"newsdesk/internal/news"
	"newsdesk/internal/testcorpus"
	"newsdesk/retrieval/corpus"
)

// realtimeqaPath is the shared evaluation corpus, present next to the
// repository in the workspace; the realtimeqa-scale tests skip without it.
const realtimeqaPath = "../../shared/eval/realtimeqa/corpus.jsonl"

// readAll reads every article under roots, failing the test on an error.
func readAll(tb testing.TB, roots ...string) []news.Article {
	tb.Helper()
	opts := corpus.DefaultReaderOptions()
	files, err := corpus.Walk(context.Background(), roots, opts, func(news.Skipped) {})
	if err != nil {
		tb.Fatal(err)
	}
	var out []news.Article
	for _, f := range files {
		err := corpus.Read(f, opts, func(a news.Article) error { out = append(out, a); return nil }, func(news.Skipped) {})
		if err != nil {
			tb.Fatalf("read %s: %v", f.Path, err)
		}
	}
	return out
}

// benchBodies returns the article bodies of the realtimeqa corpus when it is
// there, or else of the seed articles.
func benchBodies(b *testing.B) []string {
	b.Helper()
	root := realtimeqaPath
	if _, err := os.Stat(root); err != nil {
		root = testcorpus.Seeds(b)
	}
	arts := readAll(b, root)
	out := make([]string, len(arts))
	for i := range arts {
		out[i] = arts[i].Body
	}
	return out
}
