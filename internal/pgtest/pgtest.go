// Package pgtest gives tests a PostgreSQL database with pgvector to run
// against: the one NEWSDESK_TEST_PGVECTOR_URL names (.ci/run starts PGlite
// and sets it). A test that gets one holds it alone until it ends, across
// test binaries (PGlite serves a single session, and `go test ./...` runs
// packages at once), and finds it without an index. Only tests import it.
package pgtest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/jackc/pgx/v5"
)

// EnvVector is the variable that names the pgvector test database.
const EnvVector = "NEWSDESK_TEST_PGVECTOR_URL"

// VectorURL returns the pgvector test database's URL, emptied of any index,
// held by tb alone until it ends; it skips tb when EnvVector is not set.
func VectorURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv(EnvVector)
	if url == "" {
		tb.Skipf("%s is not set: no PostgreSQL with pgvector to test against (.ci/run starts PGlite and sets it)", EnvVector)
	}
	sum := sha256.Sum256([]byte(url))
	lock := flock.New(filepath.Join(os.TempDir(), fmt.Sprintf("newsdesk-pgtest-%x.lock", sum[:6])))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if ok, err := lock.TryLockContext(ctx, 100*time.Millisecond); !ok || err != nil {
		tb.Fatalf("wait for the test database: %v", err)
	}
	tb.Cleanup(func() { lock.Unlock() })
	if err := DropIndex(ctx, url); err != nil {
		tb.Fatalf("empty the test database %s: %v", EnvVector, err)
	}
	return url
}

// DropIndex drops the index tables from the database at url.
func DropIndex(ctx context.Context, url string) error {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, _ = c.Exec(ctx, `ROLLBACK`) // PGlite: a killed client's transaction outlives it
	_, err = c.Exec(ctx, `DROP TABLE IF EXISTS index_postings, index_terms, index_passages, index_articles,
		index_files, index_sources, index_stats, index_meta, index_schema CASCADE`)
	return err
}

// IsPGlite reports whether the server at url is PGlite (PostgreSQL built
// for WebAssembly: one session, served one client at a time).
func IsPGlite(tb testing.TB, url string) bool {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		tb.Fatalf("connect to %s: %v", EnvVector, err)
	}
	defer c.Close(ctx)
	var v string
	if err := c.QueryRow(ctx, `SELECT version()`, pgx.QueryExecModeSimpleProtocol).Scan(&v); err != nil {
		tb.Fatalf("ask %s its version: %v", EnvVector, err)
	}
	return strings.Contains(strings.ToLower(v), "emscripten")
}
