package corpus

import (
	"regexp"
	"strings"
)

// The furniture of photo galleries and video players that news pages
// carry inside the article text.
var (
	// galleryItem is one slide of a gallery: "Photos: <gallery title>
	// <caption> Hide Caption 3 of 38", on one line.
	galleryItem = regexp.MustCompile(`Photos?: ([^\n]*?)\s*Hide Caption \d+ of \d+`)
	// hideCaption is a slide's counter left on its own.
	hideCaption = regexp.MustCompile(`\s*\bHide Caption \d+ of \d+\b\s*`)
	// playerLine is a line of a video player's ad-feedback form.
	playerLine = regexp.MustCompile(`(?m)^[ \t]*(?:\d+\.\s*)?(?:How relevant is this ad to you\?|Video player was slow to load content\b.*)[ \t]*$`)
	blankLines = regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)+`)
)

// minGalleryTitle is how many slides a gallery must have for the words
// they all start with to be taken for its title.
const minGalleryTitle = 3

// dropGallery removes gallery and video-player furniture from a body:
// each slide "Photos: Deadly flooding in western Europe A damaged road
// buckles. Hide Caption 2 of 38" becomes its caption alone ("A damaged
// road buckles."), a paragraph of its own; the gallery's title, which
// every slide repeats, the "Photos:" label and the "Hide Caption N of M"
// counter go, and so do the lines of a video player's ad-feedback form.
// A body with none of these is returned as it is.
func dropGallery(body string) string {
	if !strings.Contains(body, "Hide Caption") && !strings.Contains(body, "How relevant is this ad") && !strings.Contains(body, "Video player was slow") {
		return body
	}
	slides := galleryItem.FindAllStringSubmatch(body, -1)
	title := ""
	if len(slides) >= minGalleryTitle {
		captions := make([]string, len(slides))
		for i, m := range slides {
			captions[i] = m[1]
		}
		title = commonWords(captions)
	}
	body = galleryItem.ReplaceAllStringFunc(body, func(slide string) string {
		caption := strings.TrimSpace(galleryItem.FindStringSubmatch(slide)[1])
		caption = strings.TrimSpace(strings.TrimPrefix(caption, title))
		return "\n\n" + caption + "\n\n"
	})
	body = hideCaption.ReplaceAllString(body, "\n\n")
	body = playerLine.ReplaceAllString(body, "")
	return strings.TrimSpace(blankLines.ReplaceAllString(body, "\n\n"))
}

// commonWords returns the words every caption starts with, as written in
// the first, when each caption has at least one word more; "" otherwise.
func commonWords(captions []string) string {
	first := strings.Fields(captions[0])
	n := len(first)
	for _, c := range captions[1:] {
		w := strings.Fields(c)
		k := 0
		for k < n && k < len(w) && w[k] == first[k] {
			k++
		}
		n = k
		if len(w) == n {
			n-- // a caption is never all title
		}
	}
	if n <= 0 || n == len(first) {
		return ""
	}
	// The title as the first caption writes it, spaces included.
	rest := captions[0]
	for i := 0; i < n; i++ {
		rest = strings.TrimLeft(rest, " \t")
		rest = rest[len(first[i]):]
	}
	return strings.TrimSpace(captions[0][:len(captions[0])-len(rest)])
}
