package answer

import (
	"context"
	"strings"
	"testing"

	"newsdesk/internal/news"
	"newsdesk/internal/testcorpus"
)

func TestTitleOf(t *testing.T) {
	tests := []struct {
		name string
		a    news.Article
		want string
	}{
		{"own title", news.Article{Title: "Burns heads to Europe", URL: "https://x.com/a-b-c-d"}, "Burns heads to Europe"},
		{"slug", news.Article{URL: "https://www.cnn.com/2022/06/12/politics/whats-in-senate-gun-reform-agreement/index.html"}, "Whats in senate gun reform agreement"},
		{"slug codes dropped", news.Article{URL: "https://www.cnn.com/2022/06/19/middleeast/saudi-arabia-rainbow-colored-toys-ban-intl/index.html"}, "Saudi arabia rainbow colored toys ban"},
		{"encoded url, lede", news.Article{URL: "https://e.newsletters.cnn.com/click?EYWxl/CeyJtaWQiOiIx/qP3V0bV", Body: "CNN —\n\nAn extremely rare disease called monkeypox, a cousin of smallpox, has again made its way to the US."}, "An extremely rare disease called monkeypox"},
		{"lede cut at twelve words", news.Article{DocID: "003_1ab1b478d471f12f.txt", Body: "Kevin Dietsch/Getty Images\n\n(WASHINGTON) — CIA Director Bill Burns will soon travel to Europe to meet with Middle Eastern officials as part of a push."}, "CIA Director Bill Burns will soon travel to Europe to meet with…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := titleOf(&tc.a); got != tc.want {
				t.Errorf("titleOf = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSourcesAreNotFileNames checks, over the seed questions, that no
// citation is titled with a file name or a doc id (the seeds have no titles).
func TestSourcesAreNotFileNames(t *testing.T) {
	svc, err := New(openSeedIndex(t), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range loadDev(t, testcorpus.SeedQuestions(t)) {
		a, err := svc.Answer(context.Background(), news.Question{Text: q.Question, Date: seedDate}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range a.Citations {
			if c.Title == "" || c.Title == c.DocID || strings.HasSuffix(c.Title, ".txt") || strings.Contains(c.Title, c.DocID) {
				t.Errorf("%s: citation [%d] titled %q (doc %s)", q.ID, c.N, c.Title, c.DocID)
			}
		}
	}
}

func TestGalleryTextIsNotQuoted(t *testing.T) {
	for _, s := range []string{
		"Hide Caption 14 of 44 Photos: Deadly flooding in western Europe A damaged road buckles.",
		"Photos: The best photos from the 2022 Tony Awards",
		"Video player was slow to load content Video content never loaded.",
	} {
		if !isBoilerplate(s) {
			t.Errorf("%q is not taken for boilerplate", s)
		}
	}
}
