package answer

import (
	"context"
	"sort"
	"strings"

	"newsdesk/internal/news"
	"newsdesk/internal/openairetry"
	"newsdesk/internal/text"
	"newsdesk/retrieval"
)

// Generator writes answers from numbered sources; the LLM chat client is one.
// The extractive answerer is used when no Generator is configured, and when
// the Generator fails.
type Generator interface {
	// Answer writes a short cited answer to question from sources. onDelta,
	// when not nil, receives the text as it is generated (streaming).
	// asked says when the question is asked and the newest article's date.
	Answer(ctx context.Context, question string, history []news.Turn, sources []news.Source, asked news.Asked, onDelta func(string)) (news.Generated, error)
	// Standalone rewrites a follow-up question into one that stands on its own,
	// using the conversation history.
	Standalone(ctx context.Context, q news.Question) (string, error)
}

// fallbackNote ends the Note of an answer that the Generator failed to write.
const fallbackNote = "; this answer was extracted from the articles directly."

// generate asks the Generator to answer query from results. It returns the
// answer and true, or false and a user-safe note saying why it failed (the
// detail is logged here, once).
func (s *Service) generate(ctx context.Context, query string, history []news.Turn, results []retrieval.Result, asked news.Asked, onDelta func(string)) (news.Answer, bool, string) {
	sources := numberSources(results)
	g, err := s.opts.Generator.Answer(ctx, query, history, sources, asked, onDelta)
	if err != nil {
		s.log.Warn("generator failed; answering extractively", "question", query, "err", err)
		return news.Answer{}, false, openairetry.UserMessage(err) + fallbackNote
	}
	if g.Refused {
		return refusal(query, nil), true, ""
	}
	a := citeSources(g.Text, sources, results)
	if len(a.Citations) == 0 {
		s.log.Warn("generator answer cites no source; answering extractively", "question", query, "text", g.Text)
		return news.Answer{}, false, openairetry.KindUncited.UserMessage() + fallbackNote
	}
	return a, true, ""
}

// numberSources turns results into numbered sources, one per near-duplicate
// group (so that one report is never cited twice as if independent): the
// group's version with the most retrieved text, ties going to the better
// ranked. Sources are numbered in rank order; each holds the retrieved
// passages of its article in article order.
func numberSources(results []retrieval.Result) []news.Source {
	type member struct {
		article  *news.Article
		passages []retrieval.Passage
		size     int
	}
	var groups []string
	members := map[string][]*member{}
	byDoc := map[string]*member{}
	for i := range results {
		r := &results[i]
		m, ok := byDoc[r.Article.DocID]
		if !ok {
			m = &member{article: &r.Article}
			byDoc[r.Article.DocID] = m
			g := groupKey(r)
			if _, seen := members[g]; !seen {
				groups = append(groups, g)
			}
			members[g] = append(members[g], m)
		}
		m.passages = append(m.passages, r.Passage)
		m.size += len(r.Passage.Text)
	}
	sources := make([]news.Source, 0, len(groups))
	for _, g := range groups {
		best := members[g][0]
		for _, m := range members[g][1:] {
			if m.size > best.size {
				best = m
			}
		}
		sort.SliceStable(best.passages, func(i, j int) bool { return best.passages[i].Position < best.passages[j].Position })
		src := news.Source{
			N: len(sources) + 1, DocID: best.article.DocID, Title: titleOf(best.article), Outlet: best.article.Source,
			URL: best.article.URL, PublishedAt: best.article.PublishedAt,
		}
		for _, p := range best.passages {
			if strings.TrimSpace(p.Text) != "" { // a headline-only article has nothing to quote
				src.Passages = append(src.Passages, p.Text)
			}
		}
		if len(src.Passages) > 0 {
			sources = append(sources, src)
		}
	}
	return sources
}

// citeSources turns a generated text into an Answer: markers that point at
// no source are dropped (the Generator should have done it; this is a
// second check), the rest renumbered 1..n in order of first citation, and
// each cited source's Quote is the sentence of its passages closest in
// words to the text it supports.
func citeSources(reply string, sources []news.Source, results []retrieval.Result) news.Answer {
	byN := map[int]*news.Source{}
	for i := range sources {
		byN[sources[i].N] = &sources[i]
	}
	reply, order := renumber(reply, func(n int) bool { return byN[n] != nil })
	a := news.Answer{Text: reply}
	claims := claimsByMarker(reply)
	for i, n := range order {
		src := byN[n]
		c := news.Citation{N: i + 1, DocID: src.DocID, Title: src.Title, Source: src.Outlet, URL: src.URL, PublishedAt: src.PublishedAt}
		c.Quote = supportingQuote(claims[i+1], src.DocID, results)
		a.Citations = append(a.Citations, c)
	}
	return a
}

// claimsByMarker returns, for each marker number of s, the text that
// stands before its markers (back to the previous marker), joined.
func claimsByMarker(s string) map[int]string {
	out := map[int]string{}
	last, claim := 0, ""
	for _, m := range text.Markers(s) {
		if before := strings.TrimSpace(s[last:m.Start]); before != "" {
			claim = before
		}
		last = m.End
		for _, n := range markersIn(s[m.Start:m.End]) {
			out[n] += " " + claim
		}
	}
	return out
}

// supportingQuote picks the sentence of docID's passages that shares the
// most content words with claim, or the first one when none shares any.
func supportingQuote(claim, docID string, results []retrieval.Result) string {
	var own []retrieval.Result
	for _, r := range results {
		if r.Article.DocID == docID {
			own = append(own, r)
		}
	}
	cands := candidates(own)
	if len(cands) == 0 {
		if len(own) == 0 {
			return ""
		}
		return trimQuote(own[0].Passage.Text)
	}
	want := contentStems(tokenize(claim))
	best, bestN := -1, 0
	for i := range cands {
		n := 0
		for st := range contentStems(cands[i].words) {
			if want[st] {
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].start < cands[j].start })
		best = 0
	}
	return trimQuote(cands[best].raw)
}
