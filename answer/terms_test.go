package answer

import (
	"reflect"
	"testing"
	"time"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // norms
	}{
		{"possessive dropped", "Israel’s Mossad and Egypt's spies", []string{"israel", "mossad", "and", "egypt", "spies"}},
		{"abbreviation", "the U.S. said", []string{"the", "us", "said"}},
		{"numbers", "1,200 people and 2.2 million", []string{"1200", "people", "and", "2.2", "million"}},
		{"hyphen splits", "a 60-day pause", []string{"a", "60", "day", "pause"}},
		{"month abbreviation", "the Oct. 7 attack", []string{"the", "october", "7", "attack"}},
		{"punctuation", "“problematic.” (CNN) —", []string{"problematic", "cnn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range tokenize(tt.text) {
				got = append(got, w.norm)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tokenize(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestInnerCapitalIsName checks that a name written with a lower-case
// first letter ("iPhone", "eBay") answers a question for a name.
func TestInnerCapitalIsName(t *testing.T) {
	an := analyze("Which product will the company unveil at its event?", time.Time{})
	s := "The company is widely expected to unveil the new iPhone lineup at the event."
	if st := an.answerStrength(s, tokenize(s), nil); st == 0 {
		t.Errorf("no answer in %q", s)
	}
	for _, w := range []string{"iPhone", "eBay", "iOS"} {
		if !tokenize(w)[0].capital {
			t.Errorf("%s is not read as a name", w)
		}
	}
	if tokenize("phone")[0].capital {
		t.Error("phone is read as a name")
	}
}

func TestSameTerm(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Egypt", "Egyptian", true},
		{"Israeli", "Israel", true},
		{"Qatar", "Qatari", true},
		{"Palestine", "Palestinians", true},
		{"proposed", "proposal", true},
		{"heads", "head", true},
		{"Qatar", "Egypt", false},
		{"war", "warsaw", false},
	}
	for _, tt := range tests {
		a, b := tokenize(tt.a)[0], tokenize(tt.b)[0]
		if got := sameTerm(&a, &b); got != tt.want {
			t.Errorf("sameTerm(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestReadQuestion(t *testing.T) {
	tests := []struct {
		q         string
		wantCue   cue
		wantTerms []string
		wantNames []string
	}{
		{"How many hostages were freed in November?", cueNumber, []string{"hostages", "freed", "November"}, []string{"November"}},
		{"How long a pause has Israel proposed?", cueDuration, []string{"pause", "Israel", "proposed"}, []string{"Israel"}},
		{"Who heads Egypt's intelligence service?", cuePerson, []string{"heads", "Egypt", "intelligence", "service"}, []string{"Egypt"}},
		{"When did the CIA director travel?", cueDate, []string{"CIA", "director", "travel"}, []string{"CIA"}},
		{"Who won the 2023 World Series?", cuePerson, []string{"won", "2023", "World", "Series"}, []string{"2023", "World", "Series"}},
		{"What word did Netanyahu use?", cueQuote, []string{"word", "Netanyahu", "use"}, []string{"Netanyahu"}},
	}
	for _, tt := range tests {
		q := readQuestion(tt.q)
		var terms, names []string
		for _, term := range q.terms {
			terms = append(terms, term.text)
			if term.name {
				names = append(names, term.text)
			}
		}
		if q.cue != tt.wantCue || !reflect.DeepEqual(terms, tt.wantTerms) || !reflect.DeepEqual(names, tt.wantNames) {
			t.Errorf("readQuestion(%q) = cue %d, terms %q, names %q; want %d, %q, %q",
				tt.q, q.cue, terms, names, tt.wantCue, tt.wantTerms, tt.wantNames)
		}
	}
}

func TestAnswersCue(t *testing.T) {
	tests := []struct {
		name     string
		question string
		sentence string
		want     bool
	}{
		{"number", "How many hostages were freed?", "It saw 105 hostages freed.", true},
		{"number word", "How many hostages were freed?", "Some hostages were freed in two waves.", true},
		{"no number", "How many hostages were freed?", "Hostages were freed.", false},
		{"question's own number", "How many died on October 7?", "The October 7 attack shocked Israel.", false},
		{"duration", "How long a pause?", "Israel proposed a 60-day pause.", true},
		{"duration compound", "How long was the pause?", "The weeklong pause ended.", true},
		{"not a duration", "How long a pause?", "Israel proposed a pause in 2024.", false},
		{"duration to an end", "How long could the strike go on?", "The union said the strike may go on for the rest of the month.", true},
		{"duration until a year", "How long will the rule stay?", "The rule stays until 2030, officials said.", true},
		{"duration in bare units", "How long did the drought last?", "The drought lasted for years.", true},
		{"not a duration: a plan for", "How long did the drought last?", "The state has a plan for water use in 2021.", false},
		{"date", "When did Burns travel?", "Burns traveled on Thursday to Paris.", true},
		{"person", "Who heads Mossad?", "Mossad director David Barnea met Burns.", true},
		{"no person", "Who heads Mossad?", "The talks were held in secret.", false},
		{"relative date", "When will the prime minister travel?", "The prime minister will travel next week.", true},
		{"quoted word", "What word did Netanyahu use for Qatar?", "He called Qatar “problematic” in a recording.", true},
		{"quote opens the sentence", "How did Qatar describe the remarks?", "\"Irresponsible,\" the spokesperson said of them.", true},
		{"no quote", "What word did Netanyahu use for Qatar?", "He criticized Qatar in a recording.", false},
		{"name", "Which company plans to merge with Albertsons?", "The grocer Kroger plans to merge with Albertsons.", true},
		{"no new name", "Which company plans to merge with Albertsons?", "The grocer plans to merge with Albertsons.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := readQuestion(tt.question)
			if got := answersCue(q.cue, tt.sentence, tokenize(tt.sentence), &q); got != tt.want {
				t.Errorf("answersCue(%q, %q) = %v, want %v", tt.question, tt.sentence, got, tt.want)
			}
		})
	}
}

func TestWordFormsMatch(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"met", "meet", true}, {"won", "wins", true}, {"died", "death", true}, {"deaths", "die", true},
		{"dead", "died", true}, {"killed", "deaths", true}, {"death", "deal", false}, {"Sen.", "Senate", true},
	} {
		a, b := tokenize(tc.a)[0], tokenize(tc.b)[0]
		if got := sameTerm(&a, &b); got != tc.want {
			t.Errorf("sameTerm(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestCountryAliasesMatch(t *testing.T) {
	uk := tokenize("the UK")[1]
	for _, w := range []string{"British", "Britain", "UK"} {
		if b := tokenize(w)[0]; !sameTerm(&uk, &b) {
			t.Errorf("UK does not match %s", w)
		}
	}
}
