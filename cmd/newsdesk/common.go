package main

import (
	"context"
	"flag"
	"time"

	"newsdesk/answer"
	"newsdesk/retrieval/corpus"
)

// commonFlags are the flags every index-reading command takes.
type commonFlags struct {
	config string
	index  string
	corpus stringList
	date   string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "YAML config `file` (env NEWSDESK_CONFIG)")
	fs.StringVar(&c.index, "index", "", "index `dir` (default ./.newsdesk)")
	fs.Var(&c.corpus, "corpus", "corpus file or folder (repeatable); the index is brought up to date from it first")
	fs.StringVar(&c.date, "date", "", "ask as of this date, YYYY-MM-DD (default: now)")
}

// load reads the config file named by --config or NEWSDESK_CONFIG and applies
// the flags over it.
func (c *commonFlags) load(s streams) (Config, error) {
	path := c.config
	if path == "" {
		path = s.env("NEWSDESK_CONFIG")
	}
	cfg, err := loadConfig(path, s.env)
	if err != nil {
		return cfg, err
	}
	if c.index != "" {
		cfg.Index = c.index
	}
	if len(c.corpus) > 0 {
		cfg.Corpus = c.corpus
	}
	return cfg, nil
}

// asOf returns the --date (2024-01-26, 2024/01/26, RFC 3339, RFC 1123…), or now.
func (c *commonFlags) asOf() (time.Time, error) {
	if c.date == "" {
		return time.Now(), nil
	}
	t, err := corpus.ParseDate(c.date)
	if err != nil {
		return time.Time{}, usagef("--date %q is not a date; use YYYY-MM-DD", c.date)
	}
	return t, nil
}

// openIndex loads the configuration and opens the index, brought up to date
// from --corpus when one is given (see the package-level openIndex).
func (c *commonFlags) openIndex(ctx context.Context, s streams) (Config, corpusIndex, error) {
	cfg, err := c.load(s)
	if err != nil {
		return cfg, nil, err
	}
	ix, err := openIndex(ctx, cfg, s)
	return cfg, ix, err
}

// openAnswerer opens the index as openIndex does and returns the answer
// service over it (LLM when configured, extractive otherwise); closeIndex
// releases the index.
func (c *commonFlags) openAnswerer(ctx context.Context, s streams) (svc *answer.Service, closeIndex func(), err error) {
	cfg, ix, err := c.openIndex(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	svc, err = newAnswerService(cfg, ix, newLogger(cfg, s.stderr))
	if err != nil {
		_ = ix.Close()
		return nil, nil, err
	}
	return svc, func() { _ = ix.Close() }, nil
}
