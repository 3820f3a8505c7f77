package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"newsdesk/internal/news"
)

// askJSON is the `ask --json` object of INTERFACE.md.
type askJSON struct {
	Answer    string         `json:"answer"`
	Refused   bool           `json:"refused"`
	Citations []citationJSON `json:"citations"`
	Note      string         `json:"note,omitempty"`
}

type citationJSON struct {
	N           int    `json:"n"`
	DocID       string `json:"doc_id"`
	Title       string `json:"title"`
	Source      string `json:"source"`
	URL         string `json:"url"`
	PublishedAt string `json:"published_at"`
	Quote       string `json:"quote"`
}

func runAsk(ctx context.Context, args []string, s streams) error {
	var c commonFlags
	fs := newFlagSet("ask", "[--corpus PATH...] [--index DIR] [--date YYYY-MM-DD] [--json] QUESTION", s)
	c.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(pos, " "))
	if question == "" {
		return usagef("ask needs a QUESTION, e.g. newsdesk ask \"Who is leading the talks?\"")
	}
	date, err := c.asOf()
	if err != nil {
		return err
	}
	svc, closeIndex, err := c.openAnswerer(ctx, s)
	if err != nil {
		return err
	}
	defer closeIndex()
	ans, err := svc.Answer(ctx, news.Question{Text: question, Date: date}, nil)
	if err != nil {
		return fmt.Errorf("could not answer: %w", err)
	}
	if *asJSON {
		return json.NewEncoder(s.stdout).Encode(toAskJSON(ans))
	}
	printAnswer(s.stdout, ans)
	return nil
}

func toAskJSON(a news.Answer) askJSON {
	out := askJSON{Answer: a.Text, Refused: a.Refused, Note: a.Note, Citations: []citationJSON{}}
	for _, c := range a.Citations {
		out.Citations = append(out.Citations, citationJSON{
			N: c.N, DocID: c.DocID, Title: c.Title, Source: c.Source, URL: c.URL,
			PublishedAt: formatDate(c.PublishedAt), Quote: c.Quote,
		})
	}
	return out
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// printAnswer writes an answer for a terminal: the text, a note, the sources.
func printAnswer(w io.Writer, a news.Answer) {
	fmt.Fprintln(w, a.Text)
	if a.Note != "" {
		fmt.Fprintf(w, "\nNote: %s\n", a.Note)
	}
	if len(a.Citations) == 0 {
		return
	}
	fmt.Fprintln(w, "\nSources:")
	for _, c := range a.Citations {
		title := c.Title
		if title == "" {
			title = c.DocID
		}
		meta := []string{}
		if c.Source != "" {
			meta = append(meta, c.Source)
		}
		if d := formatDate(c.PublishedAt); d != "" {
			meta = append(meta, d)
		}
		line := fmt.Sprintf("[%d] %s", c.N, title)
		if len(meta) > 0 {
			line += " — " + strings.Join(meta, ", ")
		}
		fmt.Fprintln(w, line)
		if c.URL != "" {
			fmt.Fprintf(w, "    %s\n", c.URL)
		}
	}
}
