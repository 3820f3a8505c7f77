package main

import (
	"context"
	"fmt"
	"time"

	"newsdesk/retrieval"
)

func runIngest(ctx context.Context, args []string, s streams) error {
	var c commonFlags
	fs := newFlagSet("ingest", "--corpus PATH... [--index DIR]", s)
	c.register(fs)
	checkpoint := fs.Duration("checkpoint-every", 30*time.Second, "save progress this often during a long ingest")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	c.corpus = append(c.corpus, pos...) // "ingest DIR" works too
	if len(c.corpus) == 0 {
		return usagef("ingest needs --corpus PATH (a file or folder of articles)")
	}
	cfg, err := c.load(s)
	if err != nil {
		return err
	}
	if *checkpoint <= 0 {
		return usagef("--checkpoint-every must be positive")
	}
	opts, err := indexOptions(cfg, s)
	if err != nil {
		return err
	}
	opts.CheckpointEvery = *checkpoint
	var ix corpusIndex
	if isPostgresIndex(cfg.Index) {
		ix, err = openPostgresIndex(ctx, cfg)
	} else {
		ix, err = retrieval.Open(ctx, opts)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	st, err := ingest(ctx, cfg, ix, cfg.Corpus, s, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.stdout, "%s\n", countsLine(st))
	return nil
}
