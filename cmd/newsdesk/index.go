package main

import (
	"context"
	"time"

	"newsdesk/answer"
	"newsdesk/answer/digest"
	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// corpusIndex is what the commands need of an index: the embedded one
// (retrieval.Index, a folder) or one in PostgreSQL. Each implementation
// is checked against it below, where the wiring is.
type corpusIndex interface {
	// Search returns the passages ranked for q.
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
	// Ingest brings the index up to date from roots, and records each of them
	// as a source (named by retrieval.NormaliseRoot: the same folder given
	// relative and absolute is one source). The articles of the given roots
	// are added, updated, and removed when their file (or record) is gone;
	// the articles of every other source stay as they are. Changes are
	// written under the index's writer lock, taken before the index is read
	// for the update, so concurrent ingests (of this process or another)
	// serialise and each sees what the one before it wrote.
	Ingest(ctx context.Context, roots []string, progress func(retrieval.IngestProgress)) (retrieval.IngestStats, error)
	// Sources lists the index's sources, ordered by Root, with the articles
	// and passages each holds now and when it was last brought up to date.
	// An empty index has none.
	Sources(ctx context.Context) ([]retrieval.Source, error)
	// RemoveSource forgets one source and every article read from it, and
	// saves the index (under the writer lock, as Ingest). root is
	// normalised as Ingest normalises it. It returns what it did: Removed
	// (the articles taken out), Articles and Passages (what is left). A root
	// that is not a source is an error wrapping retrieval.ErrUnknownSource,
	// and changes nothing.
	RemoveSource(ctx context.Context, root string) (retrieval.IngestStats, error)
	// Len counts the articles and passages.
	Len() (articles, passages int)
	// Articles returns the articles published in [from, to), or first seen
	// in it when the article has no publication date (the digest).
	Articles(from, to time.Time) []news.Article
	// Group returns an article's near-duplicate group; negative when unknown.
	Group(docID string) int
	// Close releases the index.
	Close() error
}

var (
	_ corpusIndex          = (*retrieval.Index)(nil)
	_ answer.Searcher      = corpusIndex(nil)
	_ digest.ArticleSource = corpusIndex(nil)
)
