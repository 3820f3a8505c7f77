package answer

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// seedDate is when the seed questions are asked: the day after the seeds.
var seedDate = time.Date(2024, 1, 27, 12, 0, 0, 0, time.UTC)

// TestReaderSeedExamples asks the seed examples of issue 9 over the real
// index: the sentence that answers leads, with what the question asks for.
func TestReaderSeedExamples(t *testing.T) {
	svc, err := New(openSeedIndex(t), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, question string
		want           []string // all in the answer
		lead           string   // in its first sentence
	}{
		{"the next sentence holds the count", "How many aid trucks got through at Kerem Shalom when protesters held them up?",
			[]string{"nine trucks"}, ""},
		{"met is meet", "Where did the officials last meet before these talks?", []string{"Warsaw"}, "Warsaw"},
		{"named two sentences later", "Who will CIA Director Bill Burns meet with in Europe?",
			[]string{"Barnea", "Kamel", "Prime Minister"}, "Barnea"},
		{"who leads", "Who is leading the hostage talks?", []string{"Burns"}, "Burns"},
		{"a group answers who", "Who would be released first under the phased deal?", []string{"women", "children"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := svc.Answer(context.Background(), news.Question{Text: tc.question, Date: seedDate}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Refused {
				t.Fatalf("refused: %s", a.Text)
			}
			checkContract(t, a)
			for _, w := range tc.want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("answer lacks %q:\n%s", w, a.Text)
				}
			}
			if first, _, _ := strings.Cut(a.Text, " ["); tc.lead != "" && !strings.Contains(first, tc.lead) {
				t.Errorf("the first sentence lacks %q:\n%s", tc.lead, a.Text)
			}
			if n := strings.Count(a.Text, " ["); n > 1+maxSupport {
				t.Errorf("%d sentences, want at most %d:\n%s", n, 1+maxSupport, a.Text)
			}
		})
	}
}

// TestReaderPerOutlet checks that questions naming outlets are answered
// with one cited line per outlet, each citing an article of that outlet.
func TestReaderPerOutlet(t *testing.T) {
	svc, err := New(openSeedIndex(t), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		question string
		outlets  []string // line prefixes, in order
		sources  []string // the source of each line's citation
	}{
		{"What does the Washington Post report about the hostage deal?", []string{"Washington Post"}, []string{"The Washington Post"}},
		{"How does CNN's account differ from the Post's?", []string{"CNN", "Washington Post"}, []string{"CNN", "The Washington Post"}},
		{"How do the New York Times and ABC News describe Burns's trip?", []string{"New York Times", "ABC News"}, []string{"The New York Times", "ABC News"}},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			a, err := svc.Answer(context.Background(), news.Question{Text: tc.question, Date: seedDate}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Refused {
				t.Fatalf("refused: %s", a.Text)
			}
			checkContract(t, a)
			lines := strings.Split(a.Text, "\n")
			if len(lines) != len(tc.outlets) {
				t.Fatalf("%d lines, want one per outlet %v:\n%s", len(lines), tc.outlets, a.Text)
			}
			for i, line := range lines {
				if !strings.HasPrefix(line, tc.outlets[i]+": ") {
					t.Errorf("line %d does not name %s: %s", i+1, tc.outlets[i], line)
				}
				ns := markersIn(line)
				if len(ns) == 0 {
					t.Errorf("line %d cites nothing: %s", i+1, line)
					continue
				}
				for _, n := range ns {
					if got := a.Citations[n-1].Source; got != tc.sources[i] {
						t.Errorf("line %d cites [%d] of %q, want %q", i+1, n, got, tc.sources[i])
					}
				}
			}
		})
	}
}

// TestReaderRefuses checks the refusals: a period after the newest
// article (saying its date), and evidence with no answer of the kind asked.
func TestReaderRefuses(t *testing.T) {
	svc, err := New(openSeedIndex(t), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, question string
		want           string
	}{
		{"after the corpus", "How many hostages were released in March 2024?", "26 January 2024"},
		{"a year after the corpus", "Who won the 2025 election?", "2024"},
		{"no number in the evidence", "What is the boiling point of water at sea level?", notFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := svc.Answer(context.Background(), news.Question{Text: tc.question, Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Refused || len(a.Citations) != 0 || !strings.Contains(a.Text, tc.want) {
				t.Errorf("want a refusal saying %q, got %+v", tc.want, a)
			}
		})
	}
}

// TestNeighboursAnswer checks that the sentence after a passage is read:
// the passage holds the question's words, the next sentence the number.
func TestNeighboursAnswer(t *testing.T) {
	body := "Protesters at the crossing held up aid trucks for several hours on Thursday, officials said. " +
		"As a result, only nine trucks were able to enter there, the UN said. Talks continue in Cairo this week."
	r := result(1, 1, "a.txt", "The Daily", body)
	r.Passage.End = strings.Index(body, " As a result")
	r.Passage.Text = body[:r.Passage.End]
	svc, err := New(fixedResults([]retrieval.Result{r}), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.Answer(context.Background(), news.Question{Text: "How many aid trucks got through when protesters held them up?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "nine trucks") || !strings.HasPrefix(a.Text, "Protesters at the crossing") {
		t.Errorf("want the protest sentence, then the nine trucks:\n%s", a.Text)
	}
}

// TestGeneratorGetsReaderEvidence checks that a Generator is given the
// sentence after the matching passage (the answering neighbour), and only
// the named outlet's articles when the question names one.
func TestGeneratorGetsReaderEvidence(t *testing.T) {
	body := "Protesters at the crossing held up aid trucks for several hours on Thursday, officials said. " +
		"As a result, only nine trucks were able to enter there, the UN said."
	r := result(1, 1, "a.txt", "The Daily", body)
	r.Passage.End = strings.Index(body, " As a result")
	r.Passage.Text = body[:r.Passage.End]
	other := result(2, 2, "b.txt", "CNN", "CNN reports that aid trucks were held up by protesters at the crossing for hours.")
	var got []news.Source
	gen := funcGenerator{answer: func(question string, sources []news.Source, onDelta func(string)) (news.Generated, error) {
		got = sources
		return news.Generated{Text: "Nine trucks got through [1]."}, nil
	}}
	opts := DefaultOptions()
	opts.Generator = gen
	svc, err := New(fixedResults([]retrieval.Result{r, other}), opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Answer(context.Background(), news.Question{Text: "How many aid trucks got through when protesters held them up?"}, nil); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !strings.Contains(strings.Join(got[0].Passages, " "), "nine trucks") {
		t.Errorf("the generator was not given the answering neighbour: %+v", got)
	}
	if _, err := svc.Answer(context.Background(), news.Question{Text: "What does CNN report about the aid trucks held up by protesters?"}, nil); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Outlet != "CNN" {
		t.Errorf("a question naming CNN should get CNN's articles only: %+v", got)
	}
}

// TestThisWeekAfterTheCorpus checks "this week" after the newest article:
// refused when asked within a year of it, read as the archive's last days
// when asked years later (also a question asked without a date, now).
func TestThisWeekAfterTheCorpus(t *testing.T) {
	svc, err := New(openSeedIndex(t), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	q := "Who met in Europe for hostage talks this week?"
	a, err := svc.Answer(context.Background(), news.Question{Text: q, Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Refused || !strings.Contains(a.Text, "26 January 2024") {
		t.Errorf("asked five weeks after the corpus: want a refusal naming its last date, got %+v", a)
	}
	a, err = svc.Answer(context.Background(), news.Question{Text: q, Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Refused {
		t.Errorf("asked years after the corpus: want its last days' answer, got %s", a.Text)
	}
	a, err = svc.Answer(context.Background(), news.Question{Text: q}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Refused {
		t.Errorf("asked now, without a date: want the archive's last days' answer, got %s", a.Text)
	}
}

// TestYearEventMustHappen checks that a question on what happened at a
// year's event ("Who won the … final?") is answered only by evidence that
// says it happened, not by news of the event's qualifiers that shares its
// names and words.
func TestYearEventMustHappen(t *testing.T) {
	ask := func(body string) news.Answer {
		svc, err := New(fixedResults([]retrieval.Result{result(1, 1, "a.txt", "The Daily", body)}), DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		a, err := svc.Answer(context.Background(), news.Question{Text: "Who won the 2031 Harbor Cup final?"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if a := ask("Coach Jane Doe named her squad on Monday for the three final Harbor Cup qualifiers of 2031, officials said."); !a.Refused {
		t.Errorf("news of the qualifiers answers who won the final: %s", a.Text)
	}
	if a := ask("Rivertown won the 2031 Harbor Cup final on Sunday, beating Lakeside 2-1 before a record crowd."); a.Refused || !strings.Contains(a.Text, "Rivertown") {
		t.Errorf("want the winner, got %s", a.Text)
	}
}

// TestAccountNamesItsSubject checks that, for an account ("What does X
// want to achieve?"), the sentence that says the question's words of X
// ("X's vow to achieve") leads over one holding the same words apart.
func TestAccountNamesItsSubject(t *testing.T) {
	body := "\"I think Lee is under pressure, because everybody in the city wants to see the strike end,\" he added. " +
		"The pause would let the council keep talking in line with Lee's vow to achieve \"a fair contract\" by spring."
	svc, err := New(fixedResults([]retrieval.Result{result(1, 1, "a.txt", "The Daily", body)}), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.Answer(context.Background(), news.Question{Text: "What does Lee want to achieve?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Text, "The pause would let") {
		t.Errorf("want Lee's vow first, got %s", a.Text)
	}
}

// TestReaderFindsTheAskingSentencesMatch asks a quiz-style question, a
// sentence that sets the scene before the one that asks: the passage
// retrieved matched the scene, and the answer is further down the same
// article, beyond the passage's neighbouring sentences.
func TestReaderFindsTheAskingSentencesMatch(t *testing.T) {
	far := strings.Repeat(filler, 4) // more than neighbourBytes of other text
	body := "Yankees slugger Aaron Judge hit his record-breaking 62nd home run on Tuesday, breaking Roger Maris's American League record. " +
		"Fans in Texas gave him a standing ovation. " + far +
		"Barry Bonds holds the major league single-season record of 73 home runs, set in 2001. " + filler
	r := passageResult(1, 1, "judge", "CNN", body, "Yankees slugger Aaron Judge")
	ask := func(q string) news.Answer { t.Helper(); return answerOver(t, []retrieval.Result{r}, q) }
	a := ask("Aaron Judge hit a record-breaking 62nd home run this week. Who holds the major league single-season record with 73 home runs?")
	if a.Refused || !strings.Contains(a.Text, "Barry Bonds") {
		t.Errorf("the answer does not name Barry Bonds (refused %v):\n%s", a.Refused, a.Text)
	}
	checkContract(t, a)
	// A one-sentence question reads the passages retrieved for it.
	if a := ask("Who cheered Aaron Judge in Texas?"); strings.Contains(a.Text, "Bonds") {
		t.Errorf("a one-sentence question read beyond its passages:\n%s", a.Text)
	}
}

// TestReaderKeepsToTheStateAsked asks about one state's race over an
// article that leads with another state's: the answer is the asked
// state's winner, not the first winner named.
func TestReaderKeepsToTheStateAsked(t *testing.T) {
	body := "Democrat John Fetterman won the hard-fought Senate race in Pennsylvania against Republican Mehmet Oz. " +
		filler + "Democratic Sen. Maggie Hassan defeated a GOP challenger in the competitive New Hampshire race. " + filler
	results := []retrieval.Result{
		passageResult(1, 1, "recap", "CNN", body, "Democrat John Fetterman"),
		passageResult(2, 2, "recap-nh", "CNN", body, "Maggie Hassan defeated"),
	}
	a := answerOver(t, results, "Who won the New Hampshire Senate race?")
	if first, _, _ := strings.Cut(a.Text, " ["); a.Refused || !strings.Contains(first, "Maggie Hassan") || strings.Contains(a.Text, "Fetterman") {
		t.Errorf("want Hassan first and no Fetterman (refused %v):\n%s", a.Refused, a.Text)
	}
	checkContract(t, a)
}

// TestReaderDoesNotLeadWithAPronounItsHeadlineAnswers asks for a name
// over an article whose best-matching sentence opens with "They" and
// names no one: its headline names the team, but the sentence does not
// say it of them. A sentence that names the team leads.
func TestReaderDoesNotLeadWithAPronounItsHeadlineAnswers(t *testing.T) {
	body := "The players met at the ballpark on Friday. They knew they could not afford to lose again, with only seven teams in World Series history coming back to win it. " +
		filler + "Really, everything is lined up for the Astros to win their first World Series title since 2017. " + filler
	r := passageResult(1, 1, "astros", "USA Today", body, "The players met")
	r.Article.Title = "Astros lined up to win their first World Series title"
	a := answerOver(t, []retrieval.Result{r}, "Which team won the World Series?")
	if first, _, _ := strings.Cut(a.Text, " ["); a.Refused || !strings.Contains(first, "Astros") {
		t.Errorf("the first sentence does not name the team (refused %v):\n%s", a.Refused, a.Text)
	}
}

// TestReaderPointsAtAnArticleItCannotRead asks a question whose best
// article is in the corpus by its headline only (a record with no text):
// the answer, or the refusal, names that headline and cites its link; an
// unread article on something else is not named.
func TestReaderPointsAtAnArticleItCannotRead(t *testing.T) {
	bare := retrieval.Result{Rank: 1, Group: 1, Article: news.Article{DocID: "bare", Source: "CNN",
		URL: "https://www.cnn.com/style/article/michael-jordan-jersey-auction/index.html"},
		Passage: retrieval.Passage{ID: "bare#0", DocID: "bare"}}
	other := passageResult(2, 2, "trades", "USA Today", filler+"DeAndre Jordan agreed to a one-year, $24 million deal with Dallas. "+filler, "DeAndre Jordan")
	ask := func(results []retrieval.Result, q string) news.Answer {
		t.Helper()
		a := answerOver(t, results, q)
		checkContract(t, a)
		return a
	}
	a := ask([]retrieval.Result{bare, other}, "How much will the Michael Jordan jersey fetch at auction?")
	if !strings.Contains(a.Text, "only the headline") || !strings.Contains(a.Text, "Michael jordan jersey auction") ||
		!slices.ContainsFunc(a.Citations, func(c news.Citation) bool { return c.DocID == "bare" && c.URL == bare.Article.URL }) {
		t.Errorf("the unread article is not named and cited (refused %v):\n%s\n%+v", a.Refused, a.Text, a.Citations)
	}
	if strings.Contains(a.Text, "DeAndre") {
		t.Errorf("answered with another Jordan:\n%s", a.Text)
	}
	a = ask([]retrieval.Result{bare, other}, "How much did DeAndre Jordan sign for with Dallas?")
	if strings.Contains(a.Text, "only the headline") {
		t.Errorf("named an unread article on something else:\n%s", a.Text)
	}
}

// TestReaderCountsWhatIsAsked asks "how many X" over evidence whose
// numbers count other things: it refuses rather than quote them.
func TestReaderCountsWhatIsAsked(t *testing.T) {
	body := filler + "Discovered in 2014, WASP-96 b is located 1,150 light-years from Earth. It has half the mass of Jupiter and completes an orbit around its star every 3.4 days. " + filler
	r := passageResult(1, 1, "webb", "CNN", body, "Discovered in 2014")
	end := strings.Index(body, "3.4 days.") + len("3.4 days.")
	r.Passage.End, r.Passage.Text = end, body[r.Passage.Start:end] // both sentences
	a := answerOver(t, []retrieval.Result{r}, "How many moons does Jupiter have?")
	if !a.Refused {
		t.Errorf("answered a count of moons with other numbers:\n%s", a.Text)
	}
}

// answerOver asks q, as of seedDate, of an extractive Service whose search
// returns results (the newest article dated as the first one's).
func answerOver(t *testing.T, results []retrieval.Result, q string) news.Answer {
	t.Helper()
	svc, err := New(datedSearcher{results: results, newest: results[0].Article.PublishedAt}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.Answer(context.Background(), news.Question{Text: q, Date: seedDate}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
