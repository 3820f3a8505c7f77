package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
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
// brings it up to date first (progress and skips on stderr). With no corpus
// and an empty index, it indexes the bundled sample corpus, so every command
// works out of the box.
func openIndex(ctx context.Context, cfg Config, s streams) (corpusIndex, error) {
	ix, err := openIndexOnly(ctx, cfg)
	if err != nil {
		return nil, err
	}
	roots := cfg.Corpus
	if len(roots) == 0 {
		if n, _ := ix.Len(); n > 0 || isPostgresIndex(cfg.Index) {
			return ix, nil
		}
		dir := filepath.Join(cfg.Index, "sample")
		if err := sample.WriteTo(dir); err != nil {
			return nil, fmt.Errorf("write the sample corpus: %w", err)
		}
		fmt.Fprintf(s.stderr, "newsdesk: the index is empty and no --corpus was given; using the bundled sample corpus (%s)\n", dir)
		roots = []string{dir}
	}
	if _, err := ingest(ctx, ix, roots, s, false); err != nil {
		return nil, err
	}
	return ix, nil
}

// openIndexOnly opens the index in cfg.Index as it is.
func openIndexOnly(ctx context.Context, cfg Config) (corpusIndex, error) {
	if isPostgresIndex(cfg.Index) {
		return openPostgresIndex(ctx, cfg)
	}
	opts, err := indexOptions(cfg)
	if err != nil {
		return nil, err
	}
	return retrieval.Open(ctx, opts)
}

// indexOptions are the retrieval options cfg asks for.
func indexOptions(cfg Config) (retrieval.Options, error) {
	emb, err := newEmbedder(cfg)
	if err != nil {
		return retrieval.Options{}, err
	}
	opts := retrieval.DefaultOptions()
	opts.Dir = cfg.Index
	opts.Embedder = emb
	opts.SkipVectorQuery = cfg.Embed.Provider != "openai" // the local embedder's vectors are the lexical terms
	opts.EmbedBatch = cfg.Embed.BatchSize
	return opts, nil
}

// ingest updates ix from roots, showing progress when stderr is a terminal,
// and reporting every skipped input on stderr.
func ingest(ctx context.Context, ix corpusIndex, roots []string, s streams, verbose bool) (retrieval.IngestStats, error) {
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
