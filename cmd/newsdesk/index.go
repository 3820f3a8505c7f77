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
	// Ingest brings the index up to date from roots.
	Ingest(ctx context.Context, roots []string, progress func(retrieval.IngestProgress)) (retrieval.IngestStats, error)
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
