package retrieval

import (
	"sort"
	"time"

	"newsdesk/internal/news"
)

// Articles returns the articles of a period, for the digest: those
// published in [from, to), or, for an article with no publication date,
// first seen by the index in it. They come newest first (by that date),
// ties by doc_id.
func (ix *Index) Articles(from, to time.Time) []news.Article {
	ix.mu.RLock()
	var out []news.Article
	for _, a := range ix.articles {
		if a != nil && InPeriod(a.Article, from, to) {
			out = append(out, a.Article)
		}
	}
	ix.mu.RUnlock()
	sort.SliceStable(out, func(i, j int) bool {
		ti, tj := PeriodTime(out[i]), PeriodTime(out[j])
		if !ti.Equal(tj) {
			return ti.After(tj)
		}
		return out[i].DocID < out[j].DocID
	})
	return out
}

// PeriodTime is the time that places an article in a period: its
// publication date, or when it has none, when the index first saw it.
func PeriodTime(a news.Article) time.Time {
	if !a.PublishedAt.IsZero() {
		return a.PublishedAt
	}
	return a.FirstSeen
}

// InPeriod reports whether the article's PeriodTime is in [from, to).
func InPeriod(a news.Article, from, to time.Time) bool {
	t := PeriodTime(a)
	return !t.Before(from) && t.Before(to)
}
