package answer

import (
	"strings"

	"newsdesk/retrieval"
)

// The windows the reader reads: each retrieved passage widened to its
// neighbouring sentences, and the leads of the best articles.

// neighbourBytes is how far before and after a passage the reader looks
// for sentences of its article: an answer is often the sentence after the
// one that matches the question ("As a result, only nine trucks…").
const neighbourBytes = 400

// withNeighbours returns results with each passage widened to the whole
// sentences of its article within neighbourBytes of it.
func withNeighbours(results []retrieval.Result) []retrieval.Result {
	out := make([]retrieval.Result, len(results))
	for i, r := range results {
		out[i] = r
		body := r.Article.Body
		p := r.Passage
		if p.End > len(body) || p.Start < 0 || body[p.Start:p.End] != p.Text {
			continue // a passage that is not a slice of its body (a test's fake)
		}
		start, end := widen(body, p.Start, p.End)
		out[i].Passage.Start, out[i].Passage.End, out[i].Passage.Text = start, end, body[start:end]
	}
	return withLeads(out)
}

// widen returns body[start:end] widened to the whole sentences of body
// within neighbourBytes of it.
func widen(body string, start, end int) (int, int) {
	from, to := max(0, start-neighbourBytes), min(len(body), end+neighbourBytes)
	if from > 0 { // begin at a sentence start
		if k := sentenceStartAfter(body, from, start); k >= 0 {
			from = k
		} else {
			from = start
		}
	}
	if to < len(body) { // end at a sentence end
		if k := strings.LastIndexAny(body[end:to], ".!?”\"\n"); k >= 0 {
			to = end + k + 1
		} else {
			to = end
		}
	}
	return from, to
}

// askedArticles is how many of the best-ranked articles are searched
// whole for the sentence that best matches the sentence that asks.
const askedArticles = 3

// minAsked is the weighted share of the asking sentence's terms that
// sentence must hold to be read.
const minAsked = 0.5

// withAsked appends, for each of the askedArticles best articles, a window
// around its sentence that holds most of the terms of the sentence that
// asks, when no window of results holds it. The passage retrieval ranked
// first in an article matched the whole question, scene and all ("Aaron
// Judge hit a record-breaking 62nd home run this week. Who holds the
// overall record with 73 home runs?"); the answer is often further on
// ("Barry Bonds holds the major league single-season record of 73 home
// runs").
func (an *analysis) withAsked(results []retrieval.Result) []retrieval.Result {
	ask := wh(an.q.text)
	if strings.TrimSpace(ask) == strings.TrimSpace(an.q.text) {
		return results // the question is one sentence: the passages retrieved matched it
	}
	asking := tokenize(ask)
	var terms []*qterm
	total := 0.0
	for i := range an.q.terms {
		if t := &an.q.terms[i]; holds(asking, &t.word) {
			terms = append(terms, t)
			total += termWeight(t)
		}
	}
	if len(terms) < 2 {
		return results
	}
	for _, i := range topArticles(results, askedArticles) {
		r := results[i]
		body := r.Article.Body
		if len(body) == 0 || r.Passage.End > len(body) || r.Passage.Start < 0 || r.Passage.Text != body[r.Passage.Start:r.Passage.End] {
			continue
		}
		whole := r
		whole.Passage.Start, whole.Passage.End, whole.Passage.Text = 0, len(body), body
		best, bestShare := -1, minAsked
		cands := candidates([]retrieval.Result{whole})
		for c := range cands {
			held := 0.0
			for _, t := range terms {
				if holds(cands[c].words, &t.word) {
					held += termWeight(t)
				}
			}
			if share := held / total; share > bestShare {
				best, bestShare = c, share
			}
		}
		if best < 0 {
			continue
		}
		at := cands[best].start
		covered := false
		for j := range results {
			p := &results[j].Passage
			covered = covered || (results[j].Article.DocID == r.Article.DocID && p.Start <= at && at < p.End)
		}
		if covered {
			continue
		}
		start, end := widen(body, at, at+len(cands[best].raw))
		w := r
		w.Passage.Start, w.Passage.End, w.Passage.Text = start, end, body[start:end]
		w.Passage.ID = r.Article.DocID + "#asked"
		results = append(results, w)
	}
	return results
}

// termWeight is how much a term of the question counts in withAsked: a
// name more than a common word.
func termWeight(t *qterm) float64 {
	if t.name {
		return 1.5
	}
	return 1
}

// leadArticles is how many of the best-ranked articles have their lead read
// too: news puts the answer first, and the passage that matched may be a
// later one.
const leadArticles = 3

// leadBytes is how much of an article's start its lead is.
const leadBytes = 600

// topArticles returns the index in results of the best-ranked passage of
// each of the first n distinct articles.
func topArticles(results []retrieval.Result, n int) []int {
	var out []int
	seen := map[string]bool{}
	for i := range results {
		if len(out) == n {
			break
		}
		if doc := results[i].Article.DocID; !seen[doc] {
			seen[doc] = true
			out = append(out, i)
		}
	}
	return out
}

// withLeads appends the lead of each of the leadArticles best articles
// whose lead no result covers, ranked as the article's best passage.
func withLeads(results []retrieval.Result) []retrieval.Result {
	n := len(results)
	for _, i := range topArticles(results, leadArticles) {
		r := results[i]
		covered := false
		for j := 0; j < n; j++ {
			covered = covered || (results[j].Article.DocID == r.Article.DocID && results[j].Passage.Start == 0)
		}
		body := r.Article.Body
		if covered || len(body) == 0 || r.Passage.Text != body[r.Passage.Start:r.Passage.End] {
			continue
		}
		end := min(len(body), leadBytes)
		if end < len(body) {
			k := strings.LastIndexAny(body[:end], ".!?”\"\n")
			if k <= 0 {
				continue
			}
			end = k + 1
		}
		lead := r
		lead.Passage.Start, lead.Passage.End, lead.Passage.Text, lead.Passage.Position = 0, end, body[:end], 0
		lead.Passage.ID = r.Article.DocID + "#lead"
		results = append(results, lead)
	}
	return results
}

// sentenceStartAfter returns the first offset in body[from:limit] where a
// sentence starts (after ". ", a line break…), or -1.
func sentenceStartAfter(body string, from, limit int) int {
	for i := from; i < limit; i++ {
		c := body[i]
		if c == '\n' || ((c == '.' || c == '!' || c == '?') && i+1 < limit && body[i+1] == ' ') {
			j := i + 1
			for j < limit && (body[j] == ' ' || body[j] == '\n') {
				j++
			}
			if j < limit {
				return j
			}
		}
	}
	return -1
}
