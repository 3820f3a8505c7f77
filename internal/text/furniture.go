package text

import "strings"

// furniturePhrases (lower case) mark a news page's furniture, not its
// reporting: credits, copyright lines, update notes, calls to subscribe,
// editors' notes about the page.
var furniturePhrases = []string{
	"copyright", "all rights reserved", "originally appeared", "contributed reporting",
	"contributed to this report", "has been updated", "getty images", "click here", "sign up for", "subscribe",
	"editor's note", "editor’s note", "for the latest updates", "recaps the news",
}

// IsFurniture reports whether s, a sentence or a line, is page furniture
// rather than reporting: gallery and video-player text, one of the
// furniture phrases, or a photo credit such as "Tom Williams/Pool/AP".
func IsFurniture(s string) bool {
	if IsGallery(s) {
		return true
	}
	lower := strings.ToLower(s)
	for _, p := range furniturePhrases {
		if strings.Contains(lower, p) {
			return true
		}
	}
	for _, f := range strings.Fields(lower) {
		f = strings.TrimRight(f, ".,;")
		if strings.HasSuffix(f, "/ap") || strings.HasSuffix(f, "/reuters") || strings.HasSuffix(f, "/afp") {
			return true
		}
	}
	return false
}
