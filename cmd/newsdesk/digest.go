package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsdesk/answer/digest"
	"newsdesk/bot"
	"newsdesk/internal/news"
	"newsdesk/retrieval/corpus"
)

func runDigest(ctx context.Context, args []string, s streams) error {
	fs := newFlagSet("digest", "[--since 24h] [--date YYYY-MM-DD] [--dry-run] [--post CHANNEL] [flags]", s)
	var c commonFlags
	c.register(fs)
	fs.Lookup("date").Usage = "the period ends at the end of this day, YYYY-MM-DD (UTC, or the time zone of the channel's digest schedule; default: the period ends now)"
	since := fs.String("since", "24h", "cover the articles published in this `duration` (Go durations like 36h, or days like 7d); an article with no date counts by when the index first saw it")
	dryRun := fs.Bool("dry-run", false, "print the digest as text on stdout and post nothing (the default without --post)")
	post := fs.String("post", "", "post the digest to this Slack `channel` (needs SLACK_BOT_TOKEN; SLACK_API_URL optional)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("digest takes no arguments, got %q; see newsdesk digest --help", strings.Join(pos, " "))
	}
	period, err := parseSince(*since)
	if err != nil {
		return err
	}
	if _, _, err := digestPeriod(c.date, period, time.UTC, time.Time{}); err != nil {
		return err // a bad --date is a usage error before any work
	}
	cfg, err := c.load(s)
	if err != nil {
		return err
	}
	if *post != "" && !*dryRun && cfg.Slack.BotToken == "" {
		return usagef("--post needs a Slack bot token: set SLACK_BOT_TOKEN (or slack.bot_token in the config)")
	}
	log := newLogger(cfg, s.stderr)
	ix, err := openIndex(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer ix.Close()
	dg, err := newDigester(cfg, ix, log)
	if err != nil {
		return err
	}
	start := time.Now()
	// Now is after --corpus was taken in: its undated articles count as new.
	from, to, _ := digestPeriod(c.date, period, digestLocation(cfg, *post), start)
	d, err := dg.Period(ctx, from, to)
	if err != nil {
		return fmt.Errorf("build the digest: %w", err)
	}
	fmt.Fprintf(s.stderr, "newsdesk: digest built in %s (%d %s)\n", time.Since(start).Round(time.Millisecond), len(d.Stories)+d.More, plural(len(d.Stories)+d.More, "story", "stories"))
	if *post == "" || *dryRun {
		printDigest(s.stdout, d)
		return nil
	}
	api := bot.NewClient(cfg.Slack.BotToken, cfg.Slack.APIURL, &http.Client{Timeout: 30 * time.Second})
	opt := bot.DefaultOptions()
	opt.Log = log
	b, err := bot.New(api, nil, nil, opt)
	if err != nil {
		return err
	}
	pctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := b.PostDigest(pctx, *post, d); err != nil {
		return fmt.Errorf("the digest could not be posted to %s (check SLACK_BOT_TOKEN, SLACK_API_URL and that the bot is in the channel): %w", *post, err)
	}
	fmt.Fprintf(s.stdout, "posted the digest (%d %s) to %s\n", len(d.Stories), plural(len(d.Stories), "story", "stories"), *post)
	return nil
}

// newDigester builds the digest over ix: LLM summaries when an LLM is
// configured, extractive ones otherwise (and when the LLM fails).
func newDigester(cfg Config, ix corpusIndex, log *slog.Logger) (*digest.Digester, error) {
	o := digest.DefaultOptions()
	o.MaxStories = cfg.Digest.MaxStories
	o.Log = log
	chat, err := newChat(cfg, log)
	if err != nil {
		return nil, err
	}
	if chat != nil {
		o.Summarizer = chat
	}
	return digest.New(ix, o)
}

// digestPeriod returns the period a digest covers: the duration since
// ending at the end of the day date (any form corpus.ParseDate reads) in
// loc, or ending at now when date is "".
func digestPeriod(date string, since time.Duration, loc *time.Location, now time.Time) (from, to time.Time, err error) {
	to = now
	if date != "" {
		d, err := corpus.ParseDate(date)
		if err != nil {
			return from, to, usagef("--date %q is not a date; use YYYY-MM-DD", date)
		}
		y, m, day := d.Date()
		to = time.Date(y, m, day+1, 0, 0, 0, 0, loc)
	}
	return to.Add(-since), to, nil
}

// digestLocation is the time zone days are read in: that of the digest
// schedule of channel, or else the one time zone all schedules share, or
// else UTC.
func digestLocation(cfg Config, channel string) *time.Location {
	zone, shared := "", true
	for i, sc := range cfg.Digest.Schedules {
		if channel != "" && sc.Channel == channel {
			zone, shared = sc.TimeZone, true
			break
		}
		if i == 0 {
			zone = sc.TimeZone
		} else if sc.TimeZone != zone {
			shared = false
		}
	}
	if zone == "" || !shared {
		return time.UTC
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.UTC // rejected when the config is loaded
	}
	return loc
}

// parseSince reads a Go duration ("36h", "90m") or a number of days ("7d").
func parseSince(v string) (time.Duration, error) {
	bad := usagef("--since %q is not a duration; use e.g. 24h, 90m or 7d", v)
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.ParseFloat(n, 64)
		if err != nil || days <= 0 {
			return 0, bad
		}
		return time.Duration(days * float64(24*time.Hour)), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, bad
	}
	return d, nil
}

// printDigest writes the digest as readable text: per story its headline,
// summary with [n] markers and sources "[n] Outlet — Title (date) url".
func printDigest(w io.Writer, d news.Digest) {
	period := "since " + d.Since.Format("2006-01-02 15:04 MST")
	if !d.Until.IsZero() {
		period = "from " + d.Since.Format("2006-01-02 15:04") + " to " + d.Until.Format("2006-01-02 15:04 MST")
	}
	if len(d.Stories) == 0 {
		fmt.Fprintf(w, "Nothing new %s.\n", period)
		return
	}
	fmt.Fprintf(w, "News digest: %d %s %s\n", len(d.Stories)+d.More, plural(len(d.Stories)+d.More, "story", "stories"), period)
	for i, st := range d.Stories {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, st.Headline)
		fmt.Fprintf(w, "   %s\n", st.Summary)
		if len(st.Outlets) > 0 {
			fmt.Fprintf(w, "   Covered by %s (%d %s)\n", strings.Join(st.Outlets, ", "), st.Articles, plural(st.Articles, "article", "articles"))
		}
		for _, c := range st.Citations {
			fmt.Fprintf(w, "   %s\n", sourceLine(c))
		}
	}
	if d.More > 0 {
		fmt.Fprintf(w, "\n…and %d more %s.\n", d.More, plural(d.More, "story", "stories"))
	}
}

// sourceLine is "[n] Outlet — Title (date) url", leaving out what is unknown.
func sourceLine(c news.Citation) string {
	parts := []string{fmt.Sprintf("[%d]", c.N)}
	title := c.Title
	if title == "" {
		title = "Untitled article" // never the doc id or a file name
	}
	if c.Source != "" {
		parts = append(parts, c.Source, "—")
	}
	parts = append(parts, title)
	if !c.PublishedAt.IsZero() {
		parts = append(parts, "("+c.PublishedAt.Format("2006-01-02")+")")
	}
	if c.URL != "" {
		parts = append(parts, c.URL)
	}
	return strings.Join(parts, " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
