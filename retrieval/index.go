package retrieval

import (
	"context"
	"errors"
	"time"
)

// Options configure an Index.
type Options struct {
	// Dir is where the index is persisted (created if missing).
	Dir      string
	Embedder Embedder // nil means NewLocalEmbedder()
	Reader   ReaderOptions
	Chunk    ChunkOptions
}

// DefaultOptions returns the options for an index in ./.newsdesk with the
// local embedder.
func DefaultOptions() Options {
	return Options{Dir: ".newsdesk", Reader: DefaultReaderOptions(), Chunk: DefaultChunkOptions()}
}

// IngestStats counts what an Ingest did, by article.
type IngestStats struct {
	Added, Updated, Unchanged, Removed, Skipped int
	Passages                                    int // passages in the index afterwards
	Embedded                                    int // passages embedded (cache misses)
	SkippedInputs                               []Skipped
	Duration                                    time.Duration
}

// IngestProgress is reported while Ingest runs.
type IngestProgress struct {
	Files, Articles, Embedded, ToEmbed int
}

// Index is the searchable corpus: articles, passages, their vectors in a
// chromem-go collection, and a lexical index. It is safe for concurrent use;
// Search is not blocked by a running Ingest.
type Index struct {
	opts Options
}

// Open loads the index persisted in opts.Dir, or starts an empty one.
func Open(ctx context.Context, opts Options) (*Index, error) {
	return nil, errors.New("not implemented yet")
}

// Close releases the index.
func (ix *Index) Close() error { return nil }

// Ingest brings the index up to date with the corpus under roots: new and
// changed articles are (re-)chunked and embedded, unchanged ones kept, and
// articles no longer in the corpus removed. Unreadable inputs are reported in
// the stats and skipped. progress may be nil.
func (ix *Index) Ingest(ctx context.Context, roots []string, progress func(IngestProgress)) (IngestStats, error) {
	return IngestStats{}, errors.New("not implemented yet")
}

// Search returns the passages most relevant to q, best first, diversified by
// article and near-duplicate group.
func (ix *Index) Search(ctx context.Context, q Query) ([]Result, error) {
	return nil, errors.New("not implemented yet")
}

// Article returns the article with the given doc_id.
func (ix *Index) Article(docID string) (Article, bool) { return Article{}, false }

// ArticlesSince returns the articles first seen at or after t, newest first.
func (ix *Index) ArticlesSince(t time.Time) []Article { return nil }

// Group returns the near-duplicate group of an article (see Result.Group).
func (ix *Index) Group(docID string) int { return 0 }

// Len returns the number of articles and passages in the index.
func (ix *Index) Len() (articles, passages int) { return 0, 0 }

// Embedder returns the index's embedder.
func (ix *Index) Embedder() Embedder { return ix.opts.Embedder }
