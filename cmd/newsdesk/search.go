package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"newsdesk/internal/text"
	"newsdesk/retrieval"
	"newsdesk/retrieval/corpus"
)

// searchHit is one ranked passage in `search --json`.
type searchHit struct {
	Rank    int     `json:"rank"`
	DocID   string  `json:"doc_id"`
	ChunkID string  `json:"chunk_id"`
	Score   float64 `json:"score"`
	Title   string  `json:"title"`
	Text    string  `json:"text"`
}

// batchQuestion is one line of the batch format (and of eval's questions).
type batchQuestion struct {
	ID           string   `json:"id"`
	Question     string   `json:"question"`
	QuestionDate string   `json:"question_date,omitempty"`
	GoldIDs      []string `json:"gold_ids,omitempty"`
}

func runSearch(ctx context.Context, args []string, s streams) error {
	var c commonFlags
	fs := newFlagSet("search", "[--index DIR] [--corpus PATH...] [-k N] [--json] [--batch] QUERY", s)
	c.register(fs)
	k := fs.Int("k", 10, "how many passages to return")
	asJSON := fs.Bool("json", false, "print JSON")
	batch := fs.Bool("batch", false, "read JSON Lines {\"id\",\"question\",\"question_date\"?} on stdin, write one result line each")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *k < 1 || *k > 1000 {
		return usagef("-k must be between 1 and 1000")
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if !*batch && query == "" {
		return usagef("search needs a QUERY (or --batch)")
	}
	date, err := c.asOf()
	if err != nil {
		return err
	}
	_, ix, err := c.openIndex(ctx, s)
	if err != nil {
		return err
	}
	defer ix.Close()
	if *batch {
		return searchBatch(ctx, ix, *k, date, s)
	}
	res, err := ix.Search(ctx, retrieval.Query{Text: query, Date: date, K: *k})
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(s.stdout).Encode(map[string]any{"results": hits(res)})
	}
	for _, r := range res {
		fmt.Fprintf(s.stdout, "%2d. %.4f  %s  %s\n    %s\n", r.Rank, r.Score, r.Passage.ID, r.Article.Title, snippet(r.Passage.Text, 200))
	}
	return nil
}

// searchBatch answers one query per stdin line, in order, with one index
// load. A line that cannot be read still gets its output line (with "error"
// and no results), so outputs stay aligned with inputs; it is reported on
// stderr and makes the exit code 1 once every line is done.
func searchBatch(ctx context.Context, ix corpusIndex, k int, now time.Time, s streams) error {
	sc := bufio.NewScanner(s.stdin)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	enc := json.NewEncoder(s.stdout)
	line, bad := 0, 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		q, date, err := parseBatchLine(text, now)
		var res []retrieval.Result
		if err == nil {
			res, err = ix.Search(ctx, retrieval.Query{Text: q.Question, Date: date, K: k})
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		out := map[string]any{"id": q.ID, "results": hits(res)}
		if err != nil {
			bad++
			fmt.Fprintf(s.stderr, "newsdesk: stdin line %d: %v\n", line, err)
			out["error"] = err.Error()
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d lines could not be searched (see above)", bad, line)
	}
	return nil
}

// parseBatchLine reads one batch-format line; the date defaults to now.
func parseBatchLine(text string, now time.Time) (batchQuestion, time.Time, error) {
	var q batchQuestion
	if err := json.Unmarshal([]byte(text), &q); err != nil {
		return q, now, fmt.Errorf("not a JSON object: %v", err)
	}
	if strings.TrimSpace(q.Question) == "" {
		return q, now, fmt.Errorf("no \"question\"")
	}
	if q.QuestionDate == "" {
		return q, now, nil
	}
	d, err := corpus.ParseDate(q.QuestionDate)
	if err != nil {
		return q, now, fmt.Errorf("question_date %q: %v", q.QuestionDate, err)
	}
	return q, d, nil
}

func hits(res []retrieval.Result) []searchHit {
	out := make([]searchHit, len(res))
	for i, r := range res {
		out[i] = searchHit{Rank: r.Rank, DocID: r.Passage.DocID, ChunkID: r.Passage.ID, Score: r.Score, Title: r.Article.Title, Text: r.Passage.Text}
	}
	return out
}

// snippet folds whitespace and cuts s to n bytes on a rune boundary.
func snippet(s string, n int) string {
	s = text.OneLine(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
