package answer

import (
	"context"
	"sort"
	"strings"

	"newsdesk/retrieval"
)

// fallbackNote ends the Note of an answer that the Generator failed to write.
const fallbackNote = "; this answer was extracted from the articles directly."

// generate asks the Generator to answer query from results. It returns the
// answer and true, or false and a user-safe note saying why it failed (the
// detail is logged here, once).
func (s *Service) generate(ctx context.Context, query string, history []Turn, results []retrieval.Result, onDelta func(string)) (Answer, bool, string) {
	sources := numberSources(results)
	g, err := s.opts.Generator.Answer(ctx, query, history, sources, onDelta)
	if err != nil {
		s.log.Warn("generator failed; answering extractively", "question", query, "err", err)
		return Answer{}, false, LLMReason(err) + fallbackNote
	}
	if g.Refused {
		return refusal(query, nil), true, ""
	}
	a := citeSources(g.Text, sources, results)
	if len(a.Citations) == 0 {
		s.log.Warn("generator answer cites no source; answering extractively", "question", query, "text", g.Text)
		return Answer{}, false, (&LLMError{Kind: LLMUncited}).Reason() + fallbackNote
	}
	return a, true, ""
}

// numberSources turns results into numbered sources, one per near-duplicate
// group (so that one report is never cited twice as if independent): the
// group's version with the most retrieved text, ties going to the better
// ranked. Sources are numbered in rank order; each holds the retrieved
// passages of its article in article order.
func numberSources(results []retrieval.Result) []Source {
	type member struct {
		article  *retrieval.Article
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
	sources := make([]Source, 0, len(groups))
	for _, g := range groups {
		best := members[g][0]
		for _, m := range members[g][1:] {
			if m.size > best.size {
				best = m
			}
		}
		sort.SliceStable(best.passages, func(i, j int) bool { return best.passages[i].Position < best.passages[j].Position })
		src := Source{
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
func citeSources(text string, sources []Source, results []retrieval.Result) Answer {
	byN := map[int]*Source{}
	for i := range sources {
		byN[sources[i].N] = &sources[i]
	}
	text, order := renumber(text, func(n int) bool { return byN[n] != nil })
	a := Answer{Text: text}
	claims := claimsByMarker(text)
	for i, n := range order {
		src := byN[n]
		c := Citation{N: i + 1, DocID: src.DocID, Title: src.Title, Source: src.Outlet, URL: src.URL, PublishedAt: src.PublishedAt}
		c.Quote = supportingQuote(claims[i+1], src.DocID, results)
		a.Citations = append(a.Citations, c)
	}
	return a
}

// claimsByMarker returns, for each marker number of text, the text that
// stands before its markers (back to the previous marker), joined.
func claimsByMarker(text string) map[int]string {
	out := map[int]string{}
	last, claim := 0, ""
	for _, m := range marker.FindAllStringSubmatchIndex(text, -1) {
		if before := strings.TrimSpace(text[last:m[0]]); before != "" {
			claim = before
		}
		last = m[1]
		for _, n := range markersIn(text[m[0]:m[1]]) {
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
