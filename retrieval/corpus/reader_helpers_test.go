package corpus

import (
	"context"
	"testing"

	"newsdesk/internal/news"
)

// realtimeqaPath is the shared evaluation corpus, present next to the
// repository in the workspace; the tests that need it skip without it.
const realtimeqaPath = "../../../shared/eval/realtimeqa/corpus.jsonl"

// readAll reads every article under root, failing the test on an error.
func readAll(tb testing.TB, roots ...string) []news.Article {
	tb.Helper()
	var out []news.Article
	err := readCorpus(context.Background(), roots, DefaultReaderOptions(), func(a news.Article) error {
		out = append(out, a)
		return nil
	}, func(news.Skipped) {})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// ReadCorpus walks roots (see Walk) and calls emit for every article
// read, file by file in lexical order. Inputs that cannot be read are passed
// to skip, and the walk goes on. It stops early only when ctx is done or emit
// returns an error, and returns that error.
func readCorpus(ctx context.Context, roots []string, opts ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error {
	files, err := Walk(ctx, roots, opts, skip)
	if err != nil {
		return err
	}
	var stop error
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := readFile(f, opts, func(a news.Article) error {
			if err := ctx.Err(); err != nil {
				stop = err
				return err
			}
			if err := emit(a); err != nil {
				stop = err
				return err
			}
			return nil
		}, skip)
		if stop != nil {
			return stop
		}
		if err != nil {
			skip(news.Skipped{Path: f.Path, Reason: err.Error()})
		}
	}
	return nil
}
