package main

import (
	"context"

	"newsdesk/retrieval/pgindex"
)

// The index in PostgreSQL with pgvector: --index postgres://… (or
// postgresql://…) on every command that takes --index.

var _ corpusIndex = (*pgindex.Index)(nil)

// isPostgresIndex reports whether an --index value names a database.
func isPostgresIndex(index string) bool { return pgindex.IsURL(index) }

// openPostgresIndex opens (creating or migrating its tables) the index in
// the database cfg.Index names, with the configured embedder.
func openPostgresIndex(ctx context.Context, cfg Config) (corpusIndex, error) {
	emb, err := newEmbedder(cfg)
	if err != nil {
		return nil, err
	}
	o := pgindex.DefaultOptions()
	o.URL = cfg.Index
	o.Embedder = emb
	o.SkipVectorQuery = cfg.Embed.Provider != "openai" // as indexOptions: the local embedder's vectors are the lexical terms
	if cfg.Embed.BatchSize > 0 {
		o.EmbedBatch = cfg.Embed.BatchSize
	}
	return pgindex.Open(ctx, o)
}
