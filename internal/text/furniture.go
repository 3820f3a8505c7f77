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
	if IsGallery(s) || IsCaptionOrPointer(s) {
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

// captionOpeners (lower case) open a photo caption ("From left, Prince
// William, Prince George…"), not a sentence of the story.
var captionOpeners = []string{"from left,", "from left:", "from right,", "left to right", "clockwise from", "pictured:", "pictured here", "pictured above"}

// pointerPhrases (lower case) point the reader to other coverage ("For the
// latest coverage of Hurricane Ian, see our live updates here.").
var pointerPhrases = []string{"see our live updates", "live updates here", "for the latest coverage", "follow our live coverage",
	"for our full coverage", "read our full coverage"}

// IsCaptionOrPointer reports whether s is a photo caption or a pointer to
// other coverage: page furniture that a reader of the story's text skips.
func IsCaptionOrPointer(s string) bool {
	lower := strings.ToLower(strings.TrimSpace(s))
	for _, p := range captionOpeners {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	for _, p := range pointerPhrases {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}
