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
		start, end := max(0, p.Start-neighbourBytes), min(len(body), p.End+neighbourBytes)
		if start > 0 { // begin at a sentence start
			if k := sentenceStartAfter(body, start, p.Start); k >= 0 {
				start = k
			} else {
				start = p.Start
			}
		}
		if end < len(body) { // end at a sentence end
			if k := strings.LastIndexAny(body[p.End:end], ".!?”\"\n"); k >= 0 {
				end = p.End + k + 1
			} else {
				end = p.End
			}
		}
		out[i].Passage.Start, out[i].Passage.End, out[i].Passage.Text = start, end, body[start:end]
	}
	return withLeads(out)
}

// leadArticles is how many of the best-ranked articles have their lead read
// too: news puts the answer first, and the passage that matched may be a
// later one.
const leadArticles = 3

// leadBytes is how much of an article's start its lead is.
const leadBytes = 600

// withLeads appends the lead of each of the leadArticles best articles
// whose lead no result covers, ranked as the article's best passage.
func withLeads(results []retrieval.Result) []retrieval.Result {
	seen := map[string]bool{}
	n := len(results)
	for i := 0; i < n && len(seen) < leadArticles; i++ {
		r := results[i]
		if seen[r.Article.DocID] {
			continue
		}
		seen[r.Article.DocID] = true
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
