package retrieval

import "time"

// Newest returns the latest publication date of the index's articles
// published at or before t (any date when t is zero), or the zero time when
// there is none. It scans the articles: call it when the answer depends on
// it, not on every query.
func (ix *Index) Newest(t time.Time) time.Time {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var newest time.Time
	for _, a := range ix.articles {
		if a == nil || a.PublishedAt.IsZero() {
			continue
		}
		if p := a.PublishedAt; (t.IsZero() || !p.After(t)) && p.After(newest) {
			newest = p
		}
	}
	return newest
}
