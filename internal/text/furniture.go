package text

import (
	"regexp"
	"strings"
)

// furniturePhrases (lower case) mark a news page's furniture, not its
// reporting: credits, copyright lines, update notes, calls to subscribe,
// editors' notes about the page.
var furniturePhrases = []string{
	"copyright", "all rights reserved", "originally appeared", "contributed reporting",
	"contributed to this report", "has been updated", "getty images", "click here", "sign up for", "subscribe",
	"editor's note", "editor’s note", "for the latest updates", "recaps the news",
}

// galleryRE matches the furniture of photo galleries and video players:
// "Hide Caption 14 of 44", "Photos: …", "Video player was slow to load",
// the ad-feedback form "How relevant is this ad to you?".
var galleryRE = regexp.MustCompile(`(?i)\bhide caption\b|\b\d+ of \d+ photos\b|^photos?:|video player was slow|video content never loaded|how relevant is this ad`)

// IsFurniture reports whether s, a sentence or a line, is page furniture
// rather than reporting: gallery and video-player text, one of the
// furniture phrases, or a photo credit such as "Tom Williams/Pool/AP".
func IsFurniture(s string) bool {
	if galleryRE.MatchString(s) {
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

// roundUpRE matches the titles of newsletter round-ups ("5 things to know
// for June 13: …", "Morning briefing: …").
var roundUpRE = regexp.MustCompile(`(?i)\b(\d+|three|four|five|six|seven|ten) things (to|you need to) know\b|\bthings to know (for|today|this)\b|^(morning|evening|daily) (brief|briefing|digest|newsletter)\b|^the short list\b|\bnews from around our 50 states\b`)

// IsRoundUp reports whether a title is a newsletter round-up's, which
// names no one story.
func IsRoundUp(title string) bool {
	return roundUpRE.MatchString(strings.TrimSpace(title))
}
