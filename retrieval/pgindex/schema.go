package pgindex

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// schemaVersion is the version of the tables below; a database at a newer
// version is refused, an older one migrated.
const schemaVersion = 1

// ingestLock is the advisory lock key an ingest holds (and the schema
// migration, briefly).
const ingestLock = 0x6e6473_6b1d // "ndsk" index

// schemaV1 creates the index's tables. D is the vector size.
func schemaV1(dims int) []string {
	d := strconv.Itoa(dims)
	return []string{
		`CREATE TABLE index_meta (key text PRIMARY KEY, value text NOT NULL)`,
		`CREATE TABLE index_sources (root text PRIMARY KEY, kind text NOT NULL, updated timestamptz NOT NULL)`,
		`CREATE TABLE index_files (path text PRIMARY KEY, root text NOT NULL, size bigint NOT NULL, mod_time timestamptz NOT NULL)`,
		`CREATE TABLE index_articles (
			id bigserial PRIMARY KEY,
			doc_id text NOT NULL UNIQUE,
			root text NOT NULL,
			hash bigint NOT NULL,
			title text NOT NULL, url text NOT NULL, source text NOT NULL,
			published_at timestamptz,
			authors text[] NOT NULL,
			body text NOT NULL,
			path text NOT NULL, line int NOT NULL,
			first_seen timestamptz NOT NULL,
			passages int NOT NULL,
			sketch bytea NOT NULL,
			grp bigint)`,
		`CREATE INDEX index_articles_root ON index_articles (root)`,
		`CREATE INDEX index_articles_first_seen ON index_articles (first_seen)`,
		`CREATE TABLE index_passages (
			id bigserial PRIMARY KEY,
			article_id bigint NOT NULL REFERENCES index_articles (id) ON DELETE CASCADE,
			pos int NOT NULL, start_byte int NOT NULL, end_byte int NOT NULL,
			title_len int NOT NULL, body_len int NOT NULL,
			text_hash bigint NOT NULL,
			embedding vector(` + d + `) NOT NULL)`,
		`CREATE INDEX index_passages_article ON index_passages (article_id)`,
		`CREATE TABLE index_terms (id serial PRIMARY KEY, term text NOT NULL UNIQUE)`,
		`CREATE TABLE index_postings (
			term_id int NOT NULL,
			passage_id bigint NOT NULL, -- no foreign key: removeArticles deletes postings first (a check per posting costs ingest time)
			title_tf smallint NOT NULL, body_tf smallint NOT NULL,
			title_len smallint NOT NULL, body_len smallint NOT NULL,
			PRIMARY KEY (term_id, passage_id))`,
		`CREATE INDEX index_postings_passage ON index_postings (passage_id)`,
		// The lexical totals: one row, changed only under the ingest lock.
		`CREATE TABLE index_stats (passages bigint NOT NULL, title_len bigint NOT NULL, body_len bigint NOT NULL)`,
		`INSERT INTO index_stats VALUES (0, 0, 0)`,
	}
}

// hnswIndex is the nearest-neighbour index of the vectors. It is made when
// the vectors are queried (a real embedding model): with the local embedder
// they only rescore the lexical candidates, looked up by passage id, and an
// HNSW index would more than double the ingest time for no query.
const hnswIndex = `CREATE INDEX IF NOT EXISTS index_passages_embedding ON index_passages USING hnsw (embedding vector_cosine_ops)`

// meta is what the index records about how it was made.
type meta struct {
	model       string
	dims        int
	fingerprint uint64
}

// migrate creates the tables when the database has none, and checks that
// an existing index was made with the same embedding model and analysis.
func migrate(ctx context.Context, db querier, want meta, hnsw bool) (meta, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return meta{}, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(ingestLock)); err != nil {
		return meta{}, err
	}
	if _, err := tx.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS vector`); err != nil {
		return meta{}, fmt.Errorf("the pgvector extension is not available (%w); install it in the server", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS index_schema (version int NOT NULL)`); err != nil {
		return meta{}, err
	}
	var version int
	switch err := tx.QueryRow(ctx, `SELECT version FROM index_schema`).Scan(&version); {
	case errors.Is(err, pgx.ErrNoRows):
		for _, stmt := range schemaV1(want.dims) {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return meta{}, fmt.Errorf("create the index tables: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO index_meta VALUES ('model', $1), ('dims', $2), ('fingerprint', $3)`,
			want.model, strconv.Itoa(want.dims), strconv.FormatUint(want.fingerprint, 16)); err != nil {
			return meta{}, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO index_schema VALUES ($1)`, schemaVersion); err != nil {
			return meta{}, err
		}
		if hnsw {
			if _, err := tx.Exec(ctx, hnswIndex); err != nil {
				return meta{}, fmt.Errorf("create the vector index: %w", err)
			}
		}
		return want, tx.Commit(ctx)
	case err != nil:
		return meta{}, err
	case version > schemaVersion:
		return meta{}, fmt.Errorf("the index tables are at version %d, newer than this newsdesk knows (%d); upgrade newsdesk", version, schemaVersion)
	}
	// Migrations from older versions go here, one step per version.
	got := meta{}
	rows, err := tx.Query(ctx, `SELECT key, value FROM index_meta`)
	if err != nil {
		return meta{}, err
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return meta{}, err
		}
		switch k {
		case "model":
			got.model = v
		case "dims":
			got.dims, _ = strconv.Atoi(v)
		case "fingerprint":
			got.fingerprint, _ = strconv.ParseUint(v, 16, 64)
		}
	}
	if err := rows.Err(); err != nil {
		return meta{}, err
	}
	switch {
	case got.model != want.model || got.dims != want.dims:
		return got, fmt.Errorf("the index was made with the embedding model %s (%d dimensions), not %s (%d); use another database or drop its index_* tables", got.model, got.dims, want.model, want.dims)
	case got.fingerprint != want.fingerprint:
		return got, fmt.Errorf("the index was made with another text analysis; drop its index_* tables and ingest again")
	}
	if hnsw {
		if _, err := tx.Exec(ctx, hnswIndex); err != nil {
			return meta{}, fmt.Errorf("create the vector index: %w", err)
		}
	}
	return got, tx.Commit(ctx)
}
