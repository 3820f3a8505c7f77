package answer

import (
	"strconv"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// groupKey names the near-duplicate group of a result's article: its
// Group, or the article alone when the Group is unknown (negative).
func groupKey(r *retrieval.Result) string {
	if r.Group < 0 {
		return "doc:" + r.Article.DocID
	}
	return "group:" + strconv.Itoa(r.Group)
}

// nearRepeat reports whether two sentences say mostly the same words: 70%
// of the content words of the shorter one are in the other.
func nearRepeat(a, b []word) bool {
	sa, sb := contentStems(a), contentStems(b)
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	if len(sa) == 0 {
		return false
	}
	common := 0
	for s := range sa {
		if sb[s] {
			common++
		}
	}
	return float64(common) >= 0.7*float64(len(sa))
}

// contentStems returns the set of stems of the content words.
func contentStems(words []word) map[string]bool {
	out := make(map[string]bool, len(words))
	for i := range words {
		if !isStop(&words[i]) {
			out[words[i].stem] = true
		}
	}
	return out
}

// citationFor returns the citation of an article, without quote.
func citationFor(n int, a *news.Article) news.Citation {
	return news.Citation{N: n, DocID: a.DocID, Title: titleOf(a), Source: a.Source, URL: a.URL, PublishedAt: a.PublishedAt}
}
