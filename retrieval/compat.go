package retrieval

// This file keeps the old names of what moved out of the package, so that
// the packages not yet switched (answer, internal/sample) compile unchanged.
// Each is deprecated; it goes once they use the new name.

import (
	"context"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
	"newsdesk/retrieval/corpus"
	"newsdesk/retrieval/neardup"
)

// Article is news.Article.
//
// Deprecated: use news.Article.
type Article = news.Article

// Skipped is news.Skipped.
//
// Deprecated: use news.Skipped.
type Skipped = news.Skipped

// Span is text.Span.
//
// Deprecated: use text.Span.
type Span = text.Span

// Sketch is neardup.Sketch.
//
// Deprecated: use neardup.Sketch.
type Sketch = neardup.Sketch

// DefaultNearDuplicateThreshold is neardup.DefaultThreshold.
//
// Deprecated: use neardup.DefaultThreshold.
const DefaultNearDuplicateThreshold = neardup.DefaultThreshold

// NewSketch is neardup.NewSketch.
//
// Deprecated: use neardup.NewSketch.
func NewSketch(s string) Sketch { return neardup.NewSketch(s) }

// GroupNearDuplicates is neardup.Group.
//
// Deprecated: use neardup.Group.
func GroupNearDuplicates(sketches []Sketch, threshold float64) []int {
	return neardup.Group(sketches, threshold)
}

// Sentences is text.Sentences.
//
// Deprecated: use text.Sentences.
func Sentences(s string) []Span { return text.Sentences(s) }

// ParseDate is corpus.ParseDate.
//
// Deprecated: use corpus.ParseDate.
func ParseDate(s string) (time.Time, error) { return corpus.ParseDate(s) }

// DefaultReaderOptions is corpus.DefaultReaderOptions.
//
// Deprecated: use corpus.DefaultReaderOptions.
func DefaultReaderOptions() corpus.ReaderOptions { return corpus.DefaultReaderOptions() }

// ReadCorpus reads every article under roots (corpus.Walk, then corpus.Read
// file by file); files that cannot be read are passed to skip.
//
// Deprecated: tests read with corpus.Walk and corpus.Read.
func ReadCorpus(ctx context.Context, roots []string, opts corpus.ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error {
	files, err := corpus.Walk(ctx, roots, opts, skip)
	if err != nil {
		return err
	}
	var stop error
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := corpus.Read(f, opts, func(a news.Article) error {
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
