package answer

import (
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

func TestAnalyzeType(t *testing.T) {
	tests := []struct {
		question string
		kind     answerType
		focus    string
	}{
		{"Who is leading the hostage talks?", typePerson, ""},
		{"Who is Abbas Kamel?", typeAny, ""},
		{"Which philanthropist contributed more than $80 million?", typePerson, "philanthropist"},
		{"Where did the officials last meet before these talks?", typePlace, ""},
		{"Which country was shaken by a 7.0-magnitude earthquake this week?", typePlace, "country"},
		{"Which automaker recalled 2.9 million vehicles this week?", typeName, "automaker"},
		{"Which wildly popular show was recently green lit for a new season?", typeName, "show"},
		{"A reptile was caught in Florida. Which animal was it?", typeThing, "animal"},
		{"Apple will unveil a new generation of which product early next month?", typeThing, "product"},
		{"Which kind of animal watched the procession?", typeThing, "animal"},
		{"Which animals slipped loose from their enclosure?", typeThing, "animals"},
		{"Shops are struggling to stock which condiment, sparking outrage?", typeThing, "condiment"},
		{"Which highly anticipated show drew 10 million viewers?", typeName, "show"},
		{"How many aid trucks got through at Kerem Shalom?", typeNumber, "aid trucks"},
		{"How much was Instagram fined this week?", typeMoney, ""},
		{"What percentage of US adults disapprove?", typeNumber, "percentage"},
		{"What is the boiling point of water at sea level?", typeNumber, "boiling point"},
		{"When are loan payments set to restart?", typeDate, ""},
		{"How soon could vaccines be available?", typeDate, ""},
		{"How long a pause in fighting has Israel proposed?", typeDuration, ""},
		{"Why were some Kia and Hyundai SUVs recalled?", typeReason, ""},
		{"What word did Netanyahu use for Qatar's role?", typeQuote, ""},
		{"Biden made a declaration this week. What did he say?", typeQuote, ""},
		{"How did Qatar react to Netanyahu's comments?", typeAny, ""},
		{"Is Qatar still mediating?", typeYesNo, ""},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			an := analyze(tc.question, time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC))
			var focus []string
			for _, w := range an.focus {
				focus = append(focus, w.norm)
			}
			if an.kind != tc.kind || strings.Join(focus, " ") != tc.focus {
				t.Errorf("kind %d focus %q, want %d %q", an.kind, focus, tc.kind, tc.focus)
			}
		})
	}
}

// TestCommonNounAnswers checks that "which animal", "which costume" are
// answered by a common noun in the question's noun phrase: before the
// focus noun, or where the question has its own noun after the same
// modifier; not by any word after a question's word.
func TestCommonNounAnswers(t *testing.T) {
	tests := []struct {
		question, sentence string
		want               bool
	}{
		{"A record-breaking reptile was caught in the state. Which animal was it?",
			"This record-breaking snake is going in the books as the heaviest ever caught in the state.", true},
		{"Which is the most popular costume this year?", "Coming out on top of the list is the witch costume this year.", true},
		{"In addition to her two corgi dogs, another of her beloved animals watched. Which animal was it?",
			"Two of her beloved corgis sat outside the castle, awaiting her homecoming.", false},
		{"Which is the most popular costume this year?", "Sales of costumes rose this year, retailers said.", false},
	}
	for _, tt := range tests {
		an := analyze(tt.question, time.Time{})
		if got := an.answerStrength(tt.sentence, tokenize(tt.sentence), nil) > 0; got != tt.want {
			t.Errorf("%q answers %q: %v, want %v", tt.sentence, tt.question, got, tt.want)
		}
	}
}

func TestAnalyzeScope(t *testing.T) {
	asked := time.Date(2023, 7, 20, 0, 0, 0, 0, time.UTC)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		question string
		from, to time.Time // zero: no scope
		relative bool
	}{
		{"Who won the men's singles title at Wimbledon in 2023?", day(2023, 1, 1), day(2024, 1, 1), false},
		{"What did the court decide in June 2023?", day(2023, 6, 1), day(2023, 7, 1), false},
		{"What chatbot did OpenAI release at the end of November 2022?", day(2022, 11, 20), day(2022, 12, 1), false},
		{"Which team won this week?", day(2023, 7, 13), day(2023, 7, 21), true},
		{"Which two supermarkets plan to merge in 2024?", time.Time{}, time.Time{}, false}, // a plan, not when
		{"What may happen next?", time.Time{}, time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			s := readScope(tc.question, asked)
			if !s.from.Equal(tc.from) || !s.to.Equal(tc.to) || s.relative != tc.relative {
				t.Errorf("scope %v..%v relative %v, want %v..%v %v", s.from, s.to, s.relative, tc.from, tc.to, tc.relative)
			}
		})
	}
}

func TestFindOutlets(t *testing.T) {
	tests := []struct {
		question string
		outlets  []string
		rest     string
	}{
		{"What does the New York Times report about Qatar?", []string{"New York Times"}, "What does report about Qatar?"},
		{"How does CNN's account differ from the Post's?", []string{"CNN", "Washington Post"}, "How does account differ from ?"},
		{"What did the Times of Israel say?", []string{"Times of Israel"}, "What did say?"},
		{"What happened in Gaza this week?", nil, "What happened in Gaza this week?"},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			got, rest := findOutlets(tc.question)
			var names []string
			for _, o := range got {
				names = append(names, o.name)
			}
			if strings.Join(names, ",") != strings.Join(tc.outlets, ",") || rest != tc.rest {
				t.Errorf("outlets %q rest %q, want %q %q", names, rest, tc.outlets, tc.rest)
			}
		})
	}
	for _, tc := range []struct {
		outlet, source string
		want           bool
	}{
		{"CNN", "www.cnn.com", true}, {"CNN", "CNN", true}, {"Washington Post", "The Washington Post", true},
		{"USA Today", "www.usatoday.com", true}, {"New York Times", "The New York Times", true},
		{"CNN", "The Washington Post", false}, {"New York Times", "The Times of Israel", false},
	} {
		os, _ := findOutlets("What does " + tc.outlet + " say?")
		if len(os) != 1 || os[0].matches(tc.source) != tc.want {
			t.Errorf("%s matches %q: want %v", tc.outlet, tc.source, tc.want)
		}
	}
}

func TestEntityChecks(t *testing.T) {
	an := analyze("Who won the 2022 World Cup final?", time.Date(2022, 12, 20, 0, 0, 0, 0, time.UTC))
	if !an.otherYear(tokenize("She reached the 2019 World Cup final.")) || an.otherYear(tokenize("Argentina won the 2022 World Cup final.")) ||
		an.otherYear(tokenize("Argentina won the final.")) {
		t.Error("otherYear: a sentence naming only other years is about another event")
	}
	an = analyze("Who was named Time's Person of the Year?", time.Time{})
	if m, n := an.missingNames("MusiCares Person of the Year", "The MusiCares Person of the Year gala honoured her time in music."); m != 1 || n != 2 {
		t.Errorf("missingNames = %d of %d, want Time missing of 2 (Time, Person of the Year)", m, n)
	}
	an = analyze("Is the Biden administration extending the loan pause for millions of Americans?", time.Time{})
	if m, n := an.missingNames("Student loans: Biden weighs extending pause", "Borrowers may learn of an extension this week."); m != 0 || n != 1 {
		t.Errorf("missingNames = %d of %d, want 0 of 1: a people in the plural is not a name the story must write", m, n)
	}
	for _, tc := range []struct {
		text, name string
		want       bool
	}{
		{"Russian reservists were called up.", "Russians", true},
		{"Talks in Israel.", "Israeli", true},
		{"An Israeli official.", "Israel", true},
		{"Timelines slipped.", "Time", false},
		{"It was time.", "Time", false},
	} {
		if got := containsName(tc.text, tc.name); got != tc.want {
			t.Errorf("containsName(%q, %q) = %v", tc.text, tc.name, got)
		}
	}
}

func TestBarePronoun(t *testing.T) {
	for s, want := range map[string]bool{
		"He argued the talks would fail.":            true,
		"This is a sign of progress.":                true,
		"This week, the European Union took a step.": false,
		"That deal collapsed in December.":           false,
		"Burns said the talks were productive.":      false,
	} {
		if got := barePronoun(tokenize(s)); got != want {
			t.Errorf("barePronoun(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestBeforeYear(t *testing.T) {
	an := analyze("Who won the 2022 World Cup final?", time.Date(2022, 12, 20, 0, 0, 0, 0, time.UTC))
	cand := func(published time.Time, s string) *candidate {
		r := &retrieval.Result{Article: news.Article{PublishedAt: published}}
		return &candidate{result: r, text: s, words: tokenize(s)}
	}
	old := time.Date(2019, 7, 8, 0, 0, 0, 0, time.UTC)
	if !an.beforeYear(cand(old, "Jill Ellis led the U.S. to victory in that final.")) {
		t.Error("a 2019 article not naming 2022 is about an earlier final")
	}
	if an.beforeYear(cand(old, "The 2022 World Cup final will be played in Qatar.")) {
		t.Error("a sentence naming 2022 may speak of it")
	}
	if an.beforeYear(cand(time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC), "Fans gathered for the final.")) {
		t.Error("an article of 2022 is of the year asked")
	}
}

func TestOtherState(t *testing.T) {
	an := analyze("Who won the New Hampshire Senate race?", time.Time{})
	for _, tc := range []struct {
		sentence string
		want     bool
	}{
		{"Democrat John Fetterman won the hard-fought U.S. Senate race in Pennsylvania.", true},
		{"Democratic Sen. Maggie Hassan defeated a GOP challenger in the competitive New Hampshire race.", false},
		{"Republicans fell short in New Hampshire and Colorado.", false},         // names the question's state too
		{"Republican J.D. Vance won his race over Tim Ryan.", false},             // names no state
		{"The White House said Washington would respond.", false},                // Washington is also the government
		{"Lake Michigan froze early this year, said Sen. Maggie Hassan.", false}, // the end of a longer name
	} {
		if got := an.otherState(tokenize(tc.sentence)); got != tc.want {
			t.Errorf("otherState(%q) = %v, want %v", tc.sentence, got, tc.want)
		}
	}
	if an := analyze("Which state voted to protect abortion rights in Kansas' wake?", time.Time{}); len(an.states) != 0 {
		t.Errorf("a question asking for a state holds evidence to none: states %v", an.states)
	}
}

func TestPlaceIsItsOwnUnit(t *testing.T) {
	an := analyze("Who won the New Hampshire Senate race?", time.Time{})
	var units []string
	for _, u := range an.units {
		var parts []string
		for _, k := range u {
			parts = append(parts, an.q.terms[k].norm)
		}
		units = append(units, strings.Join(parts, " "))
	}
	if !slices.Contains(units, "new hampshire") || !slices.Contains(units, "senate") {
		t.Errorf("units %q: want New Hampshire and the Senate apart", units)
	}
	an = analyze("Who will CIA Director Bill Burns meet?", time.Time{})
	if len(an.units) == 0 || len(an.units[0]) != 4 {
		t.Errorf("units %v: a name with its title is one unit", an.units)
	}
}

func TestTitleAbbreviations(t *testing.T) {
	for _, tc := range []struct{ text, norm string }{
		{"Sen. Maggie Hassan", "senator"}, {"Gov. Kim Reynolds", "governor"}, {"Rep. Tim Ryan", "representative"},
		{"a sales rep said", "a"}, {"Rep said", "rep"},
	} {
		ws := tokenize(tc.text)
		if ws[0].norm != tc.norm {
			t.Errorf("tokenize(%q)[0].norm = %q, want %q", tc.text, ws[0].norm, tc.norm)
		}
	}
	if !sameTerm(&tokenize("Sen. Hassan")[0], &tokenize("the Senate")[1]) {
		t.Error("Sen. does not match Senate")
	}
}

func TestPersonNamedLikeAPlaceIsOneUnit(t *testing.T) {
	an := analyze("A jersey worn by basketball legend Michael Jordan is headed to auction. How much will it fetch?", time.Time{})
	for _, u := range an.units {
		if an.q.terms[u[0]].norm == "michael" && len(u) != 2 {
			t.Fatalf("Michael Jordan is %d units, want one", len(u))
		}
	}
	if m, n := an.missingNames("NBA free agent tracker", "DeAndre Jordan agreed to a deal. Michael Beasley agreed too."); m != 1 || n != 1 {
		t.Errorf("missingNames = %d of %d, want 1 of 1: an article naming DeAndre Jordan and Michael Beasley does not name Michael Jordan", m, n)
	}
	if m, _ := an.missingNames("Michael Jordan's jersey sells", "The jersey Jordan wore sold."); m != 0 {
		t.Error("an article writing Michael Jordan names him")
	}
	an = analyze("What did USA Today report about Squid Game?", time.Time{})
	if m, _ := an.missingNames("World Series: Astros win", "He pitched in Game 4."); m != 1 {
		t.Error("Game 4 is not Squid Game")
	}
	an = analyze("Why were some Kia and Hyundai SUVs recalled this week?", time.Time{})
	if m, _ := an.missingNames("Hyundai and Kia recall SUVs over fire risk", "Hyundai Motor recalled the SUVs."); m != 0 {
		t.Error("an acronym's plural in a name does not ask for the name written together")
	}
}

func TestRelationOf(t *testing.T) {
	for q, want := range map[string]string{
		"What is the capital of France?":       "capital",
		"What was the cause of the outage?":    "cause",
		"What is the capital?":                 "",
		"What does the report say of Burns?":   "",
		"What is the New York office of CNN?":  "",
		"What were the terms of the deal?":     "terms",
		"What is the name of the CIA director": "name",
	} {
		var got []string
		rel, _ := relationOf(q)
		for _, w := range rel {
			got = append(got, w.norm)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("relationOf(%q) = %q, want %q", q, got, want)
		}
	}
	if an := analyze("What is the name of the CIA director?", time.Time{}); an.kind != typeName || an.relation != nil {
		t.Errorf("the name of: kind %d, relation %v; want a name asked for", an.kind, an.relation)
	}
}

func TestLongNamesWrittenTogether(t *testing.T) {
	an := analyze("Who won the 2022 Nobel Peace Prize?", time.Time{})
	if m, _ := an.missingNames("Nobel Prize in physics", "The Nobel Prize for physics went to three scientists."); m != 1 {
		t.Error("an article on the Nobel Prize for physics names the Nobel Peace Prize")
	}
	if m, _ := an.missingNames("Nobel Peace Prize", "The Peace Prize was awarded in Oslo."); m != 0 {
		t.Error("an article writing Peace Prize does not name the Nobel Peace Prize")
	}
	an = analyze("Who will CIA Director Bill Burns meet?", time.Time{})
	if m, _ := an.missingNames("Burns to travel", "CIA Director William Burns will travel."); m != 0 {
		t.Error("a name with an acronym must not be written together")
	}
}

func TestSaysRelation(t *testing.T) {
	an := analyze("Who is the prime minister of Qatar?", time.Time{})
	for _, tc := range []struct {
		sentence string
		want     bool
	}{
		{"Qatari Prime Minister Mohammed bin Abdulrahman Al Thani met Burns.", true},
		{"The prime minister of Qatar spoke on Friday.", true},
		{"Tensions rose between Israel and Qatar over a recording of Israeli Prime Minister Benjamin Netanyahu.", false},
		{"Qatar hosted the talks.", false},
	} {
		if got := an.saysRelation(tokenize(tc.sentence)); got != tc.want {
			t.Errorf("saysRelation(%q) = %v, want %v", tc.sentence, got, tc.want)
		}
	}
	if an := analyze("Who is the CEO of Tesla?", time.Time{}); !an.saysRelation(tokenize("Tesla CEO Elon Musk said so.")) ||
		an.saysRelation(tokenize("Musk had an affair, the Journal reported, and Tesla shares fell.")) {
		t.Error("the CEO of Tesla: want Tesla CEO, not a sentence without the title")
	}
}

func TestQuotedPhrasesMustBeWritten(t *testing.T) {
	if got := quotedPhrases(`Which “extremely rare” item sold? What is "Top Gun: Maverick"?`); strings.Join(got, "|") != "extremely rare|top gun: maverick" {
		t.Errorf("quotedPhrases = %q", got)
	}
	an := analyze("Which “extremely rare” item is expected to fetch up to $30 million at auction?", time.Time{})
	if an.writesQuoted("An 'extreme heat belt' will hit", "Extreme heat is expected to affect 8 million people.") {
		t.Error("an article on extreme heat writes “extremely rare”")
	}
	if !an.writesQuoted("Constitution copy to auction", "The Extremely Rare first edition may fetch $30 million.") {
		t.Error("the phrase in another case is written")
	}
}

func TestMeasuresAndTheirNumbers(t *testing.T) {
	an := analyze("What is the population of Iceland?", time.Time{})
	for _, s := range []string{"Iceland tested 10% of its population for COVID-19.", "The population of Iceland rose in the COVID-19 years."} {
		if st := an.answerStrength(s, tokenize(s), nil); st != 0 {
			t.Errorf("%q holds a population (strength %v): a share and a name's number are not one", s, st)
		}
	}
	if s := "Iceland's population is about 370,000 people."; an.answerStrength(s, tokenize(s), nil) == 0 {
		t.Errorf("%q holds no population", s)
	}
	an = analyze("What is the speed of light in a vacuum?", time.Time{})
	if an.saysMeasured(tokenize("Wind speeds reached 122 miles per hour.")) || !an.saysMeasured(tokenize("Light travels at a speed of 299,792 km a second.")) {
		t.Error("saysMeasured: the speed of light needs light")
	}
}

func TestHowWordsAreNotTerms(t *testing.T) {
	an := analyze("How old was Queen Elizabeth II when she died?", time.Time{})
	for _, tm := range an.q.terms {
		if tm.norm == "old" {
			t.Error(`"old" of "how old" is a term: "Britain's oldest royal spouse" would match it`)
		}
	}
	for _, w := range an.predicate {
		if w.norm == "old" {
			t.Error(`"old" of "how old" is a predicate word`)
		}
	}
	if an.kind != typeNumber {
		t.Errorf("how old: kind %d, want a number", an.kind)
	}
}

func TestWhatYearWantsAYear(t *testing.T) {
	an := analyze("What year did Queen Elizabeth become queen?", time.Time{})
	for s, want := range map[string]float64{
		"After 70 years on the throne, Queen Elizabeth II died Thursday at Balmoral.": 0,
		"Elizabeth became queen in 1952, at 25.":                                      1,
	} {
		if got := an.answerStrength(s, tokenize(s), nil); got != want {
			t.Errorf("answerStrength(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestWhenDidIsNotAnsweredByTheFuture(t *testing.T) {
	s := "Burns will travel to Europe in the coming days to meet officials."
	past, future := analyze("When did Burns travel to Europe?", time.Time{}), analyze("When will Burns travel to Europe?", time.Time{})
	if st := past.answerStrength(s, tokenize(s), nil); st != 0 {
		t.Errorf("past 'when did' answered by 'in the coming days' (strength %v)", st)
	}
	if st := future.answerStrength(s, tokenize(s), nil); st == 0 {
		t.Error("future 'when will' not answered by 'in the coming days'")
	}
}
