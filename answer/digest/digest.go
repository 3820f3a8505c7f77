package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// ArticleSource is the corpus a digest is built from; *retrieval.Index is one.
type ArticleSource interface {
	// Articles returns the articles published in [from, to), or first
	// seen in it when the article has no publication date.
	Articles(from, to time.Time) []news.Article
	// Group returns an article's near-duplicate group: versions of one
	// report share it, distinct reports differ; negative when unknown.
	Group(docID string) int
}

// StorySummarizer writes a story's headline and cited summary from its
// numbered sources; the LLM chat client is one. The summary's [n] markers
// refer to Source.N.
type StorySummarizer interface {
	SummarizeStory(ctx context.Context, sources []news.Source) (headline, summary string, err error)
}

// Options configure a Digester.
type Options struct {
	// MaxStories caps the stories of a digest; the rest are counted in More.
	MaxStories int
	// MaxSentences is the summary length, 1 to 3.
	MaxSentences int
	// MaxCitations caps the sources listed per story (the most central first).
	MaxCitations int
	Story        StoryOptions
	// Summarizer, when set, writes the summaries (the LLM path); when nil or
	// when it fails, the summary is extractive.
	Summarizer StorySummarizer
	// Now returns the current time (the end of Digest's period); nil means time.Now.
	Now func() time.Time
	Log *slog.Logger // nil means no logs
}

// DefaultOptions returns 8 stories of 2 sentences and at most 6
// sources each, extractive.
func DefaultOptions() Options {
	return Options{MaxStories: 8, MaxSentences: 2, MaxCitations: 6, Story: DefaultStoryOptions()}
}

// Digester builds digests of what is new in an ArticleSource. It is safe for
// concurrent use.
type Digester struct {
	src  ArticleSource
	opts Options
}

// New returns a Digester over src. Start from DefaultOptions: New fills in
// nothing but a nil Now (time.Now) and Log (no logs). Counts below 1, more
// than 3 summary sentences or a story threshold outside (0, 1] are an error.
func New(src ArticleSource, opts Options) (*Digester, error) {
	switch {
	case src == nil:
		return nil, errors.New("digest: no article source")
	case opts.MaxStories < 1 || opts.MaxCitations < 1:
		return nil, fmt.Errorf("digest: max stories %d and max citations %d must be at least 1", opts.MaxStories, opts.MaxCitations)
	case opts.MaxSentences < 1 || opts.MaxSentences > 3:
		return nil, fmt.Errorf("digest: max sentences %d is not within 1..3", opts.MaxSentences)
	case opts.Story.Threshold <= 0 || opts.Story.Threshold > 1:
		return nil, fmt.Errorf("digest: story threshold %g is not within (0, 1]", opts.Story.Threshold)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Digester{src: src, opts: opts}, nil
}

// Digest is what is new since then, as /digest and a scheduled digest post
// it: the articles of Period from since to now, and the ones published in
// the same length of time before since that the index first saw after it
// — a feed item published just before one day's slot and fetched just
// after it is in the next day's digest, once, and an archive ingested
// today does not flood it with old news.
func (d *Digester) Digest(ctx context.Context, since time.Time) (news.Digest, error) {
	now := d.opts.Now()
	dg := news.Digest{Since: since, Until: now}
	if !since.Before(now) {
		return dg, ctx.Err()
	}
	// Of the articles placed in the doubled period (by publication, or by
	// first sighting when undated), drop those both published and first
	// seen before since: old news, already seen.
	arts := d.src.Articles(since.Add(-now.Sub(since)), now)
	arts = slices.DeleteFunc(arts, func(a news.Article) bool {
		return a.PublishedAt.Before(since) && a.FirstSeen.Before(since)
	})
	return d.build(ctx, dg, arts)
}

// Period groups the articles published in [from, until) (or, for an
// article with no publication date, first seen in it: a backfilled archive
// has a digest for any day) into stories, ordered by coverage (distinct
// outlets, then articles) and recency, and summarises the first MaxStories
// of them. An empty period gives a Digest with no stories; its Since and
// Until are from and until.
func (d *Digester) Period(ctx context.Context, from, until time.Time) (news.Digest, error) {
	dg := news.Digest{Since: from, Until: until}
	if !from.Before(until) {
		return dg, ctx.Err()
	}
	return d.build(ctx, dg, d.src.Articles(from, until))
}

// build groups arts into the stories of dg.
func (d *Digester) build(ctx context.Context, dg news.Digest, arts []news.Article) (news.Digest, error) {
	// Headline-only articles (no text) give nothing to summarise or quote.
	arts = slices.DeleteFunc(arts, func(a news.Article) bool { return strings.TrimSpace(a.Body) == "" })
	if len(arts) == 0 {
		return dg, ctx.Err()
	}
	stripBoilerplate(arts)
	clusters, vecs := groupStories(arts, d.src.Group, d.opts.Story)
	type ranked struct {
		members []int
		outlets int
		latest  time.Time
	}
	rs := make([]ranked, len(clusters))
	for i, c := range clusters {
		rs[i] = ranked{members: c, outlets: len(storyOutlets(arts, c)), latest: storyLatest(arts, c)}
	}
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.outlets != b.outlets {
			return a.outlets > b.outlets
		}
		if len(a.members) != len(b.members) {
			return len(a.members) > len(b.members)
		}
		return a.latest.After(b.latest)
	})
	if len(rs) > d.opts.MaxStories {
		dg.More = len(rs) - d.opts.MaxStories
		rs = rs[:d.opts.MaxStories]
	}
	for _, r := range rs {
		if err := ctx.Err(); err != nil {
			return dg, err
		}
		dg.Stories = append(dg.Stories, d.story(ctx, arts, r.members, vecs))
	}
	return dg, nil
}

// story builds one Story: citations ordered by centrality, then the
// summary by the Summarizer or extractively.
func (d *Digester) story(ctx context.Context, arts []news.Article, members []int, vecs []vec) news.Story {
	centroid := vec{}
	for _, i := range members {
		for t, w := range vecs[i] {
			centroid[t] += w
		}
	}
	centroid.normalize()
	order := append([]int(nil), members...)
	sort.SliceStable(order, func(a, b int) bool {
		return vecs[order[a]].dot(centroid) > vecs[order[b]].dot(centroid)
	})
	// The representative article comes first: the most central one whose
	// title names the story (not a round-up's or a gallery's), or else
	// the most central one with a title.
	for _, storyTitle := range []func(string) bool{isStoryTitle, func(t string) bool { return t != "" }} {
		k := slices.IndexFunc(order, func(i int) bool { return storyTitle(arts[i].Title) })
		if k >= 0 {
			i := order[k]
			copy(order[1:k+1], order[:k])
			order[0] = i
			break
		}
	}
	st := news.Story{Outlets: storyOutlets(arts, members), Articles: len(members), Latest: storyLatest(arts, members)}
	// Versions of one report are one source: cite the most central version.
	seenGroup := map[int]bool{}
	order = slices.DeleteFunc(order, func(i int) bool {
		g := d.src.Group(arts[i].DocID)
		if g < 0 {
			return false
		}
		dup := seenGroup[g]
		seenGroup[g] = true
		return dup
	})
	if len(order) > d.opts.MaxCitations {
		order = order[:d.opts.MaxCitations]
	}
	sources := make([]news.Source, len(order))
	for k, i := range order {
		a := &arts[i]
		title := a.Title
		if strings.TrimSpace(title) == "" {
			title = text.Headline(a.URL, a.Body) // never a file name or doc id
		}
		st.Citations = append(st.Citations, news.Citation{N: k + 1, DocID: a.DocID, Title: title, Source: a.Source, URL: a.URL, PublishedAt: a.PublishedAt})
		sources[k] = news.Source{N: k + 1, DocID: a.DocID, Title: title, Outlet: a.Source, URL: a.URL, PublishedAt: a.PublishedAt, Passages: leadParagraphs(a.Body, 6)}
	}
	if d.opts.Summarizer != nil {
		h, s, err := d.opts.Summarizer.SummarizeStory(ctx, sources)
		if err == nil {
			err = checkMarkers(s, len(sources))
		}
		if err == nil {
			st.Headline, st.Summary = h, s
			if st.Headline == "" {
				st.Headline, _ = storyHeadline(&arts[order[0]])
			}
			return st
		}
		d.opts.Log.Warn("digest: story summary by LLM failed; using the extractive one", "err", err)
	}
	var lead string
	st.Headline, lead = storyHeadline(&arts[order[0]])
	picked := extractSummary(arts, order, centroid, d.opts.MaxSentences, lead)
	st.Summary = picked.text
	for k := range st.Citations {
		st.Citations[k].Quote = picked.quotes[k+1]
	}
	return st
}

// checkMarkers verifies that a generated summary cites, and cites only
// sources 1..n.
func checkMarkers(s string, n int) error {
	ms := text.Markers(s)
	if len(ms) == 0 {
		return fmt.Errorf("summary cites no source")
	}
	for _, m := range ms {
		for _, k := range m.Nums {
			if k < 1 || k > n {
				return fmt.Errorf("summary cites [%d], but there are %d sources", k, n)
			}
		}
	}
	return nil
}

// storyOutlets returns the distinct known outlets of the members, in order;
// articles without a known outlet add none.
func storyOutlets(arts []news.Article, members []int) []string {
	var out []string
	seen := map[string]bool{}
	for _, i := range members {
		s := arts[i].Source
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// storyLatest is the newest date of the members: published, or else first seen.
func storyLatest(arts []news.Article, members []int) time.Time {
	var t time.Time
	for _, i := range members {
		at := arts[i].PublishedAt
		if at.IsZero() {
			at = arts[i].FirstSeen
		}
		if at.After(t) {
			t = at
		}
	}
	return t
}
