package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/term"

	"newsdesk/answer"
	"newsdesk/answer/digest"
	"newsdesk/answer/llm"
	"newsdesk/bot"
	"newsdesk/internal/sample"
	"newsdesk/prompts"
	"newsdesk/retrieval"
	"newsdesk/retrieval/corpus"
)

// newLogger returns the program's logger, writing to w.
func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// newEmbedder returns the configured embedder.
func newEmbedder(cfg Config) (retrieval.Embedder, error) {
	if cfg.Embed.Provider != "openai" {
		return retrieval.NewLocalEmbedder(0), nil
	}
	return retrieval.NewOpenAIEmbedder(retrieval.OpenAIEmbedderOptions{
		BaseURL: cfg.Embed.BaseURL, APIKey: cfg.Embed.APIKey, Model: cfg.Embed.Model,
		BatchSize: cfg.Embed.BatchSize, Timeout: cfg.Embed.Timeout, MaxRetries: cfg.LLM.MaxRetries,
	})
}

// openIndex opens the index in cfg.Index and, when cfg.Corpus names a corpus,
// brings it up to date first (progress and skips on stderr; the index is
// created if missing). With no corpus, the index must exist: a folder that
// holds no index is an error saying how to build one, except the default
// ./.newsdesk, for which the bundled sample corpus is indexed in a temporary
// folder (removed at Close), and stderr says so. Opening never writes into
// the index.
func openIndex(ctx context.Context, cfg Config, s streams) (corpusIndex, error) {
	if len(cfg.Corpus) == 0 && !isIndexURL(cfg.Index) {
		ok, err := retrieval.HasIndex(cfg.Index)
		if err != nil {
			return nil, err
		}
		if !ok {
			if cfg.Index != DefaultConfig().Index {
				return nil, fmt.Errorf("no index at %s; build one with: newsdesk ingest --corpus PATH --index %s", cfg.Index, cfg.Index)
			}
			return openSample(ctx, cfg, s)
		}
	}
	settleGC(s.env)
	ix, err := openIndexOnly(ctx, cfg, s)
	if err != nil {
		return nil, err
	}
	if len(cfg.Corpus) == 0 {
		return ix, nil
	}
	if _, err := ingest(ctx, cfg, ix, cfg.Corpus, s, false); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// settleGC lowers the garbage collector's headroom for a process that opens
// an index: the index is most of the heap and lives as long as the process,
// and with the default GOGC=100 the heap may grow to twice it between
// collections; at 50 the peak stays within 1.5x, for collections that come
// twice as often (searches make little garbage). A GOGC in the environment
// is left as it is.
func settleGC(env func(string) string) {
	if env("GOGC") == "" {
		debug.SetGCPercent(50)
	}
}

// isIndexURL reports whether --index names a database (postgres://…)
// rather than a folder.
func isIndexURL(index string) bool { return strings.Contains(index, "://") }

// sampleIndex is the bundled sample corpus indexed in a temporary folder,
// removed at Close.
type sampleIndex struct {
	*retrieval.Index
	dir string
}

func (x sampleIndex) Close() error {
	err := x.Index.Close()
	return errors.Join(err, os.RemoveAll(x.dir))
}

// openSample indexes the bundled sample corpus in a temporary folder, and
// says so on stderr.
func openSample(ctx context.Context, cfg Config, s streams) (corpusIndex, error) {
	fmt.Fprintf(s.stderr, "newsdesk: no index at %s and no --corpus; answering from the bundled sample corpus (build your own with: newsdesk ingest --corpus PATH)\n", cfg.Index)
	tmp, err := os.MkdirTemp("", "newsdesk-sample-")
	if err != nil {
		return nil, fmt.Errorf("index the sample corpus: %w", err)
	}
	dir := filepath.Join(tmp, "sample")
	if err := sample.WriteTo(dir); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("write the sample corpus: %w", err)
	}
	cfg.Index = filepath.Join(tmp, "index")
	opts, err := indexOptions(cfg, s)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	ix, err := retrieval.Open(ctx, opts)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	si := sampleIndex{ix, tmp}
	if _, err := ix.Ingest(ctx, []string{dir}, nil); err != nil {
		si.Close()
		return nil, fmt.Errorf("index the sample corpus: %w", err)
	}
	return si, nil
}

// openIndexOnly opens the index in cfg.Index as it is.
func openIndexOnly(ctx context.Context, cfg Config, s streams) (corpusIndex, error) {
	if isPostgresIndex(cfg.Index) {
		return openPostgresIndex(ctx, cfg)
	}
	opts, err := indexOptions(cfg, s)
	if err != nil {
		return nil, err
	}
	return retrieval.Open(ctx, opts)
}

// indexOptions are the retrieval options cfg asks for; a change that waits
// for another writer says so on s.stderr.
func indexOptions(cfg Config, s streams) (retrieval.Options, error) {
	emb, err := newEmbedder(cfg)
	if err != nil {
		return retrieval.Options{}, err
	}
	opts := retrieval.DefaultOptions()
	opts.Dir = cfg.Index
	opts.FeedsDir = feedsDir(cfg)
	opts.Embedder = emb
	opts.SkipVectorQuery = cfg.Embed.Provider != "openai" // the local embedder's vectors are the lexical terms
	opts.EmbedBatch = cfg.Embed.BatchSize
	if s.stderr != nil {
		opts.OnLockWait = func() {
			fmt.Fprintf(s.stderr, "newsdesk: waiting for another ingest into %s to finish\n", cfg.Index)
		}
	}
	return opts, nil
}

// ingest updates ix from roots, showing progress when stderr is a terminal,
// and reporting every skipped input on stderr. A root that is a feed URL is
// polled once first.
func ingest(ctx context.Context, cfg Config, ix corpusIndex, roots []string, s streams, verbose bool) (retrieval.IngestStats, error) {
	for _, r := range roots {
		if !retrieval.IsFeedRoot(r) {
			continue
		}
		fo := feedOptions(cfg, r, slog.New(slog.NewTextHandler(s.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if _, err := corpus.PollFeed(ctx, fo); err != nil {
			fmt.Fprintf(s.stderr, "newsdesk: %v; its items taken in before are kept\n", err)
		}
	}
	var progress func(retrieval.IngestProgress)
	tty := isTerminal(s.stderr)
	var last time.Time
	if tty {
		progress = func(p retrieval.IngestProgress) {
			if time.Since(last) < 100*time.Millisecond {
				return
			}
			last = time.Now()
			fmt.Fprintf(s.stderr, "\ringesting: %d/%d files, %d articles read, %d passages embedded ", p.FilesDone, p.Files, p.Articles, p.Embedded)
		}
	}
	st, err := ix.Ingest(ctx, roots, progress)
	if tty && !last.IsZero() {
		fmt.Fprint(s.stderr, "\r\033[K")
	}
	for _, n := range st.Notes {
		fmt.Fprintf(s.stderr, "newsdesk: read %s\n", n.Error())
	}
	for _, sk := range st.SkippedInputs {
		fmt.Fprintf(s.stderr, "newsdesk: skipped %s\n", sk.Error())
	}
	if err != nil {
		return st, fmt.Errorf("ingest %s: %w", strings.Join(roots, ", "), err)
	}
	if verbose || st.Added+st.Updated+st.Removed > 0 {
		fmt.Fprintf(s.stderr, "newsdesk: index updated: %s\n", countsLine(st))
	}
	return st, nil
}

func countsLine(st retrieval.IngestStats) string {
	return fmt.Sprintf("added %d, updated %d, unchanged %d, removed %d, skipped %d (%d articles, %d passages; %d passages embedded) in %s",
		st.Added, st.Updated, st.Unchanged, st.Removed, st.Skipped, st.Articles, st.Passages, st.Embedded, st.Duration.Round(time.Millisecond))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newChat returns the configured LLM client, or nil when none is configured.
func newChat(cfg Config, log *slog.Logger) (*llm.Chat, error) {
	if !cfg.LLMEnabled() {
		return nil, nil
	}
	t, err := prompts.New()
	if err != nil {
		return nil, err
	}
	o := llm.DefaultOptions()
	o.BaseURL, o.APIKey, o.Model = cfg.LLM.BaseURL, cfg.LLM.APIKey, cfg.LLM.Model
	o.APIType, o.APIVersion = cfg.LLM.APIType, cfg.LLM.APIVersion
	o.Timeout, o.MaxRetries, o.Stream = cfg.LLM.Timeout, cfg.LLM.MaxRetries, cfg.LLM.Stream
	o.Temperature, o.MaxTokens = cfg.LLM.Temperature, cfg.LLM.MaxTokens
	o.Logger = log
	return llm.New(o, t)
}

// newAnswerService returns the answer service over ix: with the LLM when one
// is configured, extractive otherwise.
func newAnswerService(cfg Config, ix corpusIndex, log *slog.Logger) (*answer.Service, error) {
	chat, err := newChat(cfg, log)
	if err != nil {
		return nil, err
	}
	o := answer.DefaultOptions()
	o.Passages = cfg.Answer.Passages
	o.MaxSentences = cfg.Answer.MaxSentences
	o.Logger = log
	if chat != nil {
		o.Generator = chat
	}
	return answer.New(ix, o)
}

// The wiring above relies on these: each implementation satisfies the small
// interface its consumer declares.
var (
	_ answer.Searcher        = (*retrieval.Index)(nil)
	_ answer.Generator       = (*llm.Chat)(nil)
	_ digest.ArticleSource   = (*retrieval.Index)(nil)
	_ digest.StorySummarizer = (*llm.Chat)(nil)
	_ bot.Answerer           = (*answer.Service)(nil)
	_ bot.Digester           = (*digest.Digester)(nil)
)
