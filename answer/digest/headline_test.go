package digest

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
)

func TestStoryHeadline(t *testing.T) {
	tests := []struct {
		name string
		a    news.Article
		want string
	}{
		{"own title, outlet dropped", news.Article{Title: "Hurricane Fiona hits Puerto Rico - CNN"}, "Hurricane Fiona hits Puerto Rico"},
		{"no title: the URL's slug", news.Article{DocID: "rtqa-202af1384d57", URL: "https://www.cnn.com/2022/09/19/uk/gallery/queen-elizabeth-ii-funeral/index.html",
			Body: "Britain honored the life of Queen Elizabeth II with a state funeral steeped in tradition on Monday."}, "Queen Elizabeth II funeral"},
		{"no title nor slug: the lede's first clause", news.Article{DocID: "003_1ab1b478d471f12f.txt",
			Body: "Kevin Dietsch/Getty Images\n\n(WASHINGTON) — CIA Director Bill Burns will soon travel to Europe to meet with Middle Eastern officials as part of a push."},
			"CIA Director Bill Burns will soon travel to Europe to meet with…"},
		{"a round-up's title is no headline", news.Article{Title: "5 things to know for August 29: NASA, Flooding, Shootings, Covid ...",
			URL:  "https://www.cnn.com/2022/08/29/us/five-things-august-29-trnd/index.html",
			Body: "NASA is gearing up for another countdown to launch its Artemis I rocket on a journey around the moon."},
			"NASA is gearing up for another countdown to launch its Artemis I…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := storyHeadline(&tc.a); got != tc.want {
				t.Errorf("storyHeadline = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDigestHeadlinesAndSources checks what a reader of the digest sees: a
// story led by a round-up and a gallery is headed by the article that
// names the story, sources without a title are titled from their URL or
// lede, never by doc id, and the summary is whole sentences without
// gallery text.
func TestDigestHeadlinesAndSources(t *testing.T) {
	seen := time.Date(2022, 8, 29, 12, 0, 0, 0, time.UTC)
	lede := "NASA is gearing up for another countdown to launch its Artemis I rocket on a journey around the moon, the agency said on Monday."
	arts := []news.Article{
		{DocID: "roundup", Title: "5 things to know for August 29: NASA, Flooding, Shootings", Source: "CNN", URL: "https://www.cnn.com/2022/08/29/us/five-things-august-29-trnd/index.html", FirstSeen: seen,
			Body: lede + "\n\nHide Caption 1 of 12\n\nThe Artemis I rocket launch was scrubbed"},
		{DocID: "rtqa-11638a1aca88", Source: "CNN", URL: "https://www.cnn.com/2022/08/30/world/artemis-1-nasa-update-scn/index.html", FirstSeen: seen,
			Body: "NASA's Artemis I rocket launch to the moon was scrubbed on Monday after an engine issue, the agency said.\n\n" + lede},
		{DocID: "story", Title: "Artemis I launch scrubbed after engine issue", Source: "USA Today", URL: "https://example.com/artemis", FirstSeen: seen,
			Body: "The launch of NASA's Artemis I rocket to the moon was scrubbed on Monday after an engine issue, the agency said.\n\nPhotos: NASA's Artemis I mission A crowd watches the rocket at Kennedy Space Center. Hide Caption 1 of 3\n\n" + lede},
	}
	o := DefaultOptions()
	o.MaxSentences = 3
	dg, err := mustNew(t, fakeSource{arts: arts}, o).Digest(context.Background(), seen.Add(-time.Hour))
	if err != nil || len(dg.Stories) != 1 {
		t.Fatalf("got %d stories, %v; want one", len(dg.Stories), err)
	}
	st := dg.Stories[0]
	if st.Headline != "Artemis I launch scrubbed after engine issue" {
		t.Errorf("headline %q, want the story's title", st.Headline)
	}
	for _, c := range st.Citations {
		if c.Title == "" || strings.Contains(c.Title, c.DocID) {
			t.Errorf("source [%d] titled %q (doc %s)", c.N, c.Title, c.DocID)
		}
		if c.DocID == "rtqa-11638a1aca88" && c.Title != "Artemis 1 NASA update" {
			t.Errorf("the untitled source is titled %q, want its slug", c.Title)
		}
	}
	if strings.Contains(st.Summary, "Hide Caption") || strings.Contains(st.Summary, "Photos:") || strings.Contains(st.Summary, "was scrubbed [") {
		t.Errorf("summary holds gallery text or a cut sentence: %q", st.Summary)
	}
	checkSummary(t, st)
}

func TestSummaryOpensWithoutALeaningPronoun(t *testing.T) {
	seen := time.Date(2022, 9, 20, 12, 0, 0, 0, time.UTC)
	arts := []news.Article{{DocID: "op", Title: "Biden says COVID pandemic is over", Source: "USA Today", FirstSeen: seen,
		Body: "It's not the first time Biden has prematurely declared victory over the pandemic, critics said.\n\n" +
			"President Biden told CBS's 60 Minutes on Sunday that the pandemic is over, although hundreds still die each day."}}
	dg, err := mustNew(t, fakeSource{arts: arts}, DefaultOptions()).Digest(context.Background(), seen.Add(-time.Hour))
	if err != nil || len(dg.Stories) != 1 {
		t.Fatalf("got %d stories, %v", len(dg.Stories), err)
	}
	if s := dg.Stories[0].Summary; !strings.HasPrefix(s, "President Biden told") {
		t.Errorf("summary %q opens with a sentence that leans on another", s)
	}
}
