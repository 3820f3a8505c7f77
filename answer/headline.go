package answer

import (
	"strings"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// titleOf returns the title to show for an article: its own, or one
// derived from its URL or lede (see text.Headline) — never its file name or
// doc id.
func titleOf(a *news.Article) string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return t
	}
	return text.Headline(a.URL, a.Body)
}
