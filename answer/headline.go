package answer

import (
	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// titleOf returns the title to show for an article: its own, or one
// derived from its URL's slug or from the first clause of its lede (see
// text.Headline) — never its file name or doc id.
func titleOf(a *news.Article) string {
	return text.Headline(a.Title, a.URL, a.Body)
}
