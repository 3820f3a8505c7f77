package corpus

import (
	"strings"
	"testing"
)

func TestDropGallery(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"gallery with a title",
			"Floods hit Europe.\n\nPhotos: Deadly flooding in western Europe Two brothers embrace in Altenahr, Germany. Hide Caption 1 of 38 Photos: Deadly flooding in western Europe A damaged road buckles in Euskirchen. Hide Caption 2 of 38\n\nPhotos: Deadly flooding in western Europe Homes are damaged in Pepinster, Belgium. Hide Caption 3 of 38\n\nThe water receded on Sunday.",
			"Floods hit Europe.\n\nTwo brothers embrace in Altenahr, Germany.\n\nA damaged road buckles in Euskirchen.\n\nHomes are damaged in Pepinster, Belgium.\n\nThe water receded on Sunday."},
		{"slides without a title",
			"Abe was shot.\n\nPhotos: Former Prime Minister Shinzo Abe speaks in Nara. Hide Caption 1 of 16 Photos: Japan's former Prime Minister Shinzo Abe lies on the ground. Hide Caption 2 of 16 Photos: Former Prime Minister Shinzo Abe is taken to a helicopter. Hide Caption 3 of 16",
			"Abe was shot.\n\nFormer Prime Minister Shinzo Abe speaks in Nara.\n\nJapan's former Prime Minister Shinzo Abe lies on the ground.\n\nFormer Prime Minister Shinzo Abe is taken to a helicopter."},
		{"title that the first caption repeats",
			"Photos: British Prime Minister Boris Johnson British Prime Minister Boris Johnson waves in 2019. Hide Caption 1 of 49 Photos: British Prime Minister Boris Johnson A 15-year-old Johnson is seen at Eton. Hide Caption 2 of 49 Photos: British Prime Minister Boris Johnson Johnson, 21, speaks in 1986. Hide Caption 3 of 49",
			"British Prime Minister Boris Johnson waves in 2019.\n\nA 15-year-old Johnson is seen at Eton.\n\nJohnson, 21, speaks in 1986."},
		{"a lone counter", "A caption. Hide Caption 4 of 9\n\nThe story goes on.", "A caption.\n\nThe story goes on."},
		{"video player form", "1. How relevant is this ad to you?\n\nVideo player was slow to load content Video content never loaded Ad froze Other issues", ""},
		{"ordinary text", "Photos: the best of the Tony Awards are online.\n\nThe show ran late.", "Photos: the best of the Tony Awards are online.\n\nThe show ran late."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := dropGallery(tc.body)
			if got != tc.want {
				t.Errorf("dropGallery\n got %q\nwant %q", got, tc.want)
			}
			if strings.Contains(got, "Hide Caption") {
				t.Errorf("a counter is left: %q", got)
			}
		})
	}
}
