package pgindex

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
	"newsdesk/retrieval/corpus"
)

// Options configure an Index.
type Options struct {
	// URL is the database, postgres://… or postgresql://….
	URL string
	// Embedder embeds passages and queries; nil means
	// retrieval.NewLocalEmbedder(0), with SkipVectorQuery set.
	Embedder retrieval.Embedder
	// SkipVectorQuery leaves the nearest-neighbour query out of Search, as
	// retrieval.Options.SkipVectorQuery does: the lexical candidates still
	// get their vector similarity.
	SkipVectorQuery bool
	Reader          corpus.ReaderOptions
	Chunk           retrieval.ChunkOptions
	// EmbedBatch is how many passages go to the embedder in one call.
	EmbedBatch int
	// WriteBatch is how many changed articles are written in one
	// transaction; 0 means 500.
	WriteBatch int
	// MaxConns bounds the connection pool; 0 means 4 (1 for PGlite, which
	// serves one session).
	MaxConns int
	// Timeout bounds each call that has no context of its own (Len,
	// ArticlesSince, Group); 0 means 30 seconds.
	Timeout time.Duration
	// Now is the clock (for FirstSeen); nil means time.Now.
	Now func() time.Time
	// Logger gets what cannot be returned (a failed Len); nil discards.
	Logger *slog.Logger
}

// DefaultOptions returns the options for the local embedder.
func DefaultOptions() Options {
	return Options{
		Reader: corpus.DefaultReaderOptions(), Chunk: retrieval.DefaultChunkOptions(),
		EmbedBatch: 64, WriteBatch: 500, Timeout: 30 * time.Second,
	}
}

// IsURL reports whether an --index value names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Index is the corpus index in PostgreSQL. It is safe for concurrent use,
// and any number of processes may open one database.
type Index struct {
	opts     Options
	pool     *pgxpool.Pool
	embedder retrieval.Embedder
	analysis *retrieval.Analysis
	meta     meta
	pglite   bool

	termMu sync.Mutex
	termID map[string]int32 // committed terms
}

// querier is what a pool and a connection share.
type querier interface {
	Begin(ctx context.Context) (pgx.Tx, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Open connects to the database in opts.URL and creates or migrates the
// index tables there. An index made with another embedding model or text
// analysis is refused.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Embedder == nil {
		opts.Embedder = retrieval.NewLocalEmbedder(0)
		opts.SkipVectorQuery = true
	}
	d := DefaultOptions()
	if opts.EmbedBatch <= 0 {
		opts.EmbedBatch = d.EmbedBatch
	}
	if opts.WriteBatch <= 0 {
		opts.WriteBatch = d.WriteBatch
	}
	if opts.Timeout <= 0 {
		opts.Timeout = d.Timeout
	}
	if opts.Chunk.MaxWords == 0 {
		opts.Chunk = d.Chunk
	}
	if opts.Reader.MaxFileBytes == 0 {
		opts.Reader = d.Reader
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ix := &Index{opts: opts, embedder: opts.Embedder, analysis: retrieval.NewAnalysis(opts.Chunk), termID: map[string]int32{}}
	pool, err := ix.connect(ctx)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", Redact(opts.URL), err)
	}
	ix.pool = pool
	probe, err := ix.embedder.Embed(ctx, []string{"dimensions"})
	if err != nil || len(probe) != 1 || len(probe[0]) == 0 {
		pool.Close()
		return nil, fmt.Errorf("open index %s: embed a probe text: %v", Redact(opts.URL), err)
	}
	want := meta{model: ix.embedder.Model(), dims: len(probe[0]), fingerprint: ix.analysis.Fingerprint()}
	if ix.meta, err = migrate(ctx, pool, want, !opts.SkipVectorQuery); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open index %s: %w", Redact(opts.URL), err)
	}
	return ix, nil
}

// connect opens the pool. PGlite serves a single session that outlives its
// clients, an open transaction and prepared statements included, and its
// socket server copes badly with a client leaving while another works: its
// pool has one connection, opened once, which begins by clearing what a
// killed client left.
func (ix *Index) connect(ctx context.Context) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(ix.opts.URL)
	if err != nil {
		return nil, fmt.Errorf("the URL is not a PostgreSQL URL: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, ix.opts.Timeout)
	defer cancel()
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		var version string
		simple := pgx.QueryExecModeSimpleProtocol // nothing prepared before DISCARD ALL
		if err := c.QueryRow(ctx, `SELECT version()`, simple).Scan(&version); err != nil {
			return err
		}
		if !strings.Contains(strings.ToLower(version), "emscripten") {
			return nil
		}
		if _, err := c.Exec(ctx, `ROLLBACK`, simple); err != nil {
			return err
		}
		_, err := c.Exec(ctx, `DISCARD ALL`, simple)
		return err
	}
	cfg.MaxConns = 1 // until the server is known
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	var version string
	if err := pool.QueryRow(ctx, `SELECT version()`).Scan(&version); err != nil {
		pool.Close()
		return nil, err
	}
	if ix.pglite = strings.Contains(strings.ToLower(version), "emscripten"); ix.pglite {
		return pool, nil
	}
	pool.Close()
	cfg.MaxConns = 4
	if ix.opts.MaxConns > 0 {
		cfg.MaxConns = int32(ix.opts.MaxConns)
	}
	return pgxpool.NewWithConfig(ctx, cfg)
}

// pgliteMessage bounds what one statement sends to PGlite: its socket
// server breaks on a protocol message split across reads (about 64 KiB).
const pgliteMessage = 16 << 10

// messageBudget is the most one statement should send, 0 for no bound.
func (ix *Index) messageBudget() int {
	if ix.pglite {
		return pgliteMessage
	}
	return 0
}

// Redact returns a database URL without its password, for messages.
func Redact(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "(a PostgreSQL URL)"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// Close releases the connections.
func (ix *Index) Close() error {
	ix.pool.Close()
	return nil
}

func (ix *Index) bg() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), ix.opts.Timeout)
}

// Len returns the number of articles and passages in the index (0, 0 when
// the database cannot be read; the error is logged).
func (ix *Index) Len() (articles, passages int) {
	ctx, cancel := ix.bg()
	defer cancel()
	err := ix.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM index_articles), (SELECT passages FROM index_stats)`).Scan(&articles, &passages)
	if err != nil {
		ix.opts.Logger.Error("count the index", "err", err)
		return 0, 0
	}
	return articles, passages
}

// articleColumns are the columns scanArticle reads, of index_articles a.
const articleColumns = `a.doc_id, a.title, a.url, a.source, a.published_at, a.authors, a.body, a.path, a.line, a.first_seen`

func scanArticle(row pgx.Row, extra ...any) (news.Article, error) {
	var a news.Article
	var published *time.Time
	dest := append([]any{&a.DocID, &a.Title, &a.URL, &a.Source, &published, &a.Authors, &a.Body, &a.Path, &a.Line, &a.FirstSeen}, extra...)
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	if published != nil {
		a.PublishedAt = published.UTC()
	}
	a.FirstSeen = a.FirstSeen.UTC()
	if len(a.Authors) == 0 {
		a.Authors = nil
	}
	return a, nil
}

// Article returns the article with the given doc_id.
func (ix *Index) Article(ctx context.Context, docID string) (news.Article, bool, error) {
	a, err := scanArticle(ix.pool.QueryRow(ctx, `SELECT `+articleColumns+` FROM index_articles a WHERE doc_id = $1`, docID))
	if err == pgx.ErrNoRows {
		return a, false, nil
	}
	return a, err == nil, err
}

// Articles returns the articles published in [from, to), or first seen in
// it when the article has no publication date (retrieval.InPeriod), newest
// first (retrieval.PeriodTime, then doc_id); none when the database cannot
// be read (the error is logged).
func (ix *Index) Articles(from, to time.Time) []news.Article {
	ctx, cancel := ix.bg()
	defer cancel()
	rows, err := ix.pool.Query(ctx, `SELECT `+articleColumns+` FROM index_articles a
		WHERE coalesce(published_at, first_seen) >= $1 AND coalesce(published_at, first_seen) < $2
		ORDER BY coalesce(published_at, first_seen) DESC, doc_id`, from, to)
	if err != nil {
		ix.opts.Logger.Error("read the articles of a period", "from", from, "to", to, "err", err)
		return nil
	}
	defer rows.Close()
	var out []news.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			ix.opts.Logger.Error("read the articles of a period", "from", from, "to", to, "err", err)
			return nil
		}
		if retrieval.InPeriod(a, from, to) { // the same bounds as the embedded index, to the nanosecond
			out = append(out, a)
		}
	}
	if err := rows.Err(); err != nil {
		ix.opts.Logger.Error("read the articles of a period", "from", from, "to", to, "err", err)
		return nil
	}
	return out
}

// Group returns the near-duplicate group of an article (see
// retrieval.Result.Group), or -1 when the article is not in the index.
func (ix *Index) Group(docID string) int {
	ctx, cancel := ix.bg()
	defer cancel()
	var g int64
	if err := ix.pool.QueryRow(ctx, `SELECT coalesce(grp, id) FROM index_articles WHERE doc_id = $1`, docID).Scan(&g); err != nil {
		return -1
	}
	return int(g)
}
