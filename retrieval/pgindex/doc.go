// Package pgindex is the index in PostgreSQL with pgvector: the same
// articles, passages, vectors and lexical index as retrieval.Index, kept in
// tables that several processes share (serve replicas read, ingests write).
//
// Tables (schema.go): articles with their near-duplicate group, passages with
// their vectors (pgvector; an HNSW index for cosine distance when the
// vectors are queried, that is for a real embedding model), and the
// lexical index as BM25F statistics: a term dictionary, postings (term,
// passage, frequency in the title and in the body, field lengths) and the
// totals the length normalisation needs. Search asks PostgreSQL for the
// candidates, BM25F-scored in SQL exactly as the embedded lexicon scores
// them, with their vector similarity, and the nearest passages by HNSW when
// the embedder is a real model; then it runs retrieval's own ranking
// (fields, recency prior, diversification, groups) on them.
//
// An ingest holds a session advisory lock for its whole run, so ingests of
// any sources serialise and each sees what the one before it wrote; it
// writes in transactions of a batch of articles, so a killed ingest leaves
// whole articles, and the next one completes the work.
//
// It must not import newsdesk/answer, newsdesk/bot or slack-go.
package pgindex
