package retrieval

import (
	"context"
	"testing"
)

// Shared evaluation data, present next to the repository in the workspace.
const (
	seedsPath      = "../../shared/corpus/seeds"
	realtimeqaPath = "../../shared/eval/realtimeqa/corpus.jsonl"
)

// readAll reads every article under root, failing the test on an error.
func readAll(tb testing.TB, roots ...string) []Article {
	tb.Helper()
	var out []Article
	err := ReadCorpus(context.Background(), roots, DefaultReaderOptions(), func(a Article) error {
		out = append(out, a)
		return nil
	}, func(Skipped) {})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
