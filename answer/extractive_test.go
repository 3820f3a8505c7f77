package answer

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/testcorpus"
	"newsdesk/retrieval"
)

func TestCandidatesSkipsNonSentences(t *testing.T) {
	body := "Kevin Dietsch/Getty Images\n\n(WASHINGTON) — CIA Director Bill Burns will travel to Europe soon, officials said.\n\nObstacles remain\n\nWill the talks succeed in the end at all?\n\nCopyright © 2024, ABC Audio. All rights reserved."
	cands := candidates([]retrieval.Result{result(1, 1, "abc.txt", "ABC News", body)})
	if len(cands) != 1 {
		var got []string
		for _, c := range cands {
			got = append(got, c.text)
		}
		t.Fatalf("candidates = %q, want only the reporting sentence", got)
	}
	c := cands[0]
	if c.text != "CIA Director Bill Burns will travel to Europe soon, officials said." {
		t.Errorf("text = %q: dateline not stripped", c.text)
	}
	if body[c.start:c.start+len(c.raw)] != c.raw {
		t.Errorf("offset %d does not point at %q", c.start, c.raw)
	}
}

// TestBoilerplateIsWords checks that page furniture is recognised by its
// words, not by their letters: a report that readers "can sign up for" a
// plan or of a service's "subscribers" is reporting.
func TestBoilerplateIsWords(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Sign up for CNN's Five Things newsletter.", true},
		{"Subscribe to our daily briefing here.", true},
		{"Get our free weekly email on climate.", true},
		{"Copyright 2022 Cable News Network.", true},
		{"►Related: The most popular costumes of the year, ranked by searches.", true},
		{"MORE: Home swept away as the park is hit by major floods.", true},
		{"More than 1,300 flights were canceled on Friday.", false},
		{"You will soon be able to sign up for a cheaper version of the service with ads.", false},
		{"The company lost 200,000 subscribers in the first quarter.", false},
		{"The studio filed a copyrighted-works complaint in court.", false},
	}
	for _, tt := range tests {
		if got := isBoilerplate(tt.s); got != tt.want {
			t.Errorf("isBoilerplate(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestQuotesAreArticleText checks, over the seed questions, that every
// quote is text of the cited article and the answer keeps its contract.
func TestQuotesAreArticleText(t *testing.T) {
	arts := loadSeeds(t)
	bodies := map[string]string{}
	for _, a := range arts {
		bodies[a.DocID] = a.Body
	}
	svc, err := New(newTermSearcher(arts), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range loadDev(t, testcorpus.SeedQuestions(t)) {
		a, err := svc.Answer(context.Background(), news.Question{Text: q.Question}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Refused {
			continue
		}
		checkContract(t, a)
		for _, c := range a.Citations {
			for _, piece := range strings.Split(c.Quote, quoteSep) {
				piece = strings.TrimSuffix(piece, "…")
				if !strings.Contains(bodies[c.DocID], piece) {
					t.Errorf("%s: quote %q is not in %s", q.ID, piece, c.DocID)
				}
			}
			if len(c.Quote) > maxQuote+len("…") {
				t.Errorf("%s: quote of %d bytes", q.ID, len(c.Quote))
			}
		}
		if n := strings.Count(a.Text, "["); n > DefaultOptions().MaxSentences {
			t.Errorf("%s: %d markers in %q", q.ID, n, a.Text)
		}
	}
}

func TestArticleBracketsAreNotCitations(t *testing.T) {
	body := "The report [2] says 105 hostages were freed during the weeklong pause [3, 4] in November."
	svc, err := New(fixedResults([]retrieval.Result{result(1, 1, "a.txt", "AP", body)}), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.Answer(context.Background(), news.Question{Text: "How many hostages were freed during the pause?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "The report says 105 hostages were freed during the weeklong pause in November. [1]" {
		t.Errorf("answer %q", a.Text)
	}
	checkContract(t, a)
}

func TestDropOpener(t *testing.T) {
	tests := []struct{ in, want string }{
		{"But a day earlier, protesters blocked the crossing.", "A day earlier, protesters blocked the crossing."},
		{"However, the talks went on.", "The talks went on."},
		{"Butter prices rose.", "Butter prices rose."},
		{"Still no word from Hamas.", "Still no word from Hamas."},
	}
	for _, tt := range tests {
		if got := dropOpener(tt.in); got != tt.want {
			t.Errorf("dropOpener(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNearRepeat(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Burns and Barnea were central to a November agreement.", "Burns and Barnea were central to the November agreement, officials said.", true},
		{"Burns and Barnea were central to a November agreement.", "Qatar said Netanyahu was undermining mediation efforts.", false},
	}
	for _, tt := range tests {
		if got := nearRepeat(tokenize(tt.a), tokenize(tt.b)); got != tt.want {
			t.Errorf("nearRepeat(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func BenchmarkExtractive(b *testing.B) {
	search := newTermSearcher(loadSeeds(b))
	svc, err := New(search, DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	results, _ := search.Search(ctx, retrieval.Query{Text: "How many hostages were freed during the weeklong pause in November?", K: 8})
	an := analyze("How many hostages were freed during the weeklong pause in November?", time.Time{})
	b.ResetTimer()
	for b.Loop() {
		if a := svc.read(&an, results); a.Refused {
			b.Fatal("refused")
		}
	}
}

func TestCaptionsAndPointersAreNotQuoted(t *testing.T) {
	for _, s := range []string{
		"From left, Prince William, Prince George, Catherine and Princess Charlotte at the Queen's funeral.",
		"For the latest coverage of Hurricane Ian from Thursday, Sept. 29, see our live updates here.",
		"Google Trends' FrightGeist: Here's the most popular Halloween costumes of 2022.",
	} {
		if sentenceLike(s, tokenize(s)) {
			t.Errorf("%q reads as a sentence of the story", s)
		}
	}
}
