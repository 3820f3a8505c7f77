package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"newsdesk/retrieval"
)

// sourceJSON is one source in `sources --json`.
type sourceJSON struct {
	Root     string `json:"root"`
	Kind     string `json:"kind"`
	Articles int    `json:"articles"`
	Passages int    `json:"passages"`
	Updated  string `json:"updated,omitempty"` // RFC 3339; empty when never completed
}

func runSources(ctx context.Context, args []string, s streams) error {
	var c commonFlags
	fs := newFlagSet("sources", "[--index DIR] [--json] [--remove PATH]", s)
	fs.StringVar(&c.config, "config", "", "YAML config `file` (env NEWSDESK_CONFIG)")
	fs.StringVar(&c.index, "index", "", "index `dir` (default ./.newsdesk)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	remove := fs.String("remove", "", "forget the source `PATH` (or feed URL) and its articles")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("sources takes no arguments, got %q; to forget a source use --remove PATH", pos[0])
	}
	cfg, err := c.load(s)
	if err != nil {
		return err
	}
	cfg.Corpus = nil
	if !isIndexURL(cfg.Index) {
		ok, err := retrieval.HasIndex(cfg.Index)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no index at %s; build one with: newsdesk ingest --corpus PATH --index %s", cfg.Index, cfg.Index)
		}
	}
	ix, err := openIndexOnly(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer ix.Close()
	if *remove != "" {
		st, err := ix.RemoveSource(ctx, *remove)
		if errors.Is(err, retrieval.ErrUnknownSource) {
			return fmt.Errorf("%s is not a source of the index %s; newsdesk sources --index %s lists them", *remove, cfg.Index, cfg.Index)
		}
		if err != nil {
			return fmt.Errorf("remove source %s: %w", *remove, err)
		}
		fmt.Fprintf(s.stdout, "removed %s: %d articles (%d articles, %d passages left)\n", *remove, st.Removed, st.Articles, st.Passages)
		return nil
	}
	srcs, err := ix.Sources(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			Sources []sourceJSON `json:"sources"`
		}{Sources: []sourceJSON{}}
		for _, x := range srcs {
			j := sourceJSON{Root: x.Root, Kind: x.Kind, Articles: x.Articles, Passages: x.Passages}
			if !x.Updated.IsZero() {
				j.Updated = x.Updated.UTC().Format(time.RFC3339)
			}
			out.Sources = append(out.Sources, j)
		}
		return json.NewEncoder(s.stdout).Encode(out)
	}
	if len(srcs) == 0 {
		fmt.Fprintf(s.stdout, "the index %s has no sources; add one with: newsdesk ingest --corpus PATH --index %s\n", cfg.Index, cfg.Index)
		return nil
	}
	tw := tabwriter.NewWriter(s.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tKIND\tARTICLES\tPASSAGES\tUPDATED")
	for _, x := range srcs {
		upd := "never completed"
		if !x.Updated.IsZero() {
			upd = x.Updated.Local().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", x.Root, x.Kind, x.Articles, x.Passages, upd)
	}
	return tw.Flush()
}
