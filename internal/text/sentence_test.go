package text

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"newsdesk/internal/testcorpus"
)

// sentenceTexts returns the text of each sentence span.
func sentenceTexts(text string) []string {
	var out []string
	for _, s := range Sentences(text) {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "The bridge closed. It reopens in May.", []string{"The bridge closed.", "It reopens in May."}},
		{"dotted country", "U.S. officials said the deal was close. Talks resume Monday.",
			[]string{"U.S. officials said the deal was close.", "Talks resume Monday."}},
		{"dotted at end", "The money went back to the U.S. The talks ended.", []string{"The money went back to the U.S.", "The talks ended."}},
		{"dotted before name", "The U.S. Army said so.", []string{"The U.S. Army said so."}},
		{"month before day", "Hamas’ Oct. 7 attack on Israel began the war. It has not ended.",
			[]string{"Hamas’ Oct. 7 attack on Israel began the war.", "It has not ended."}},
		{"titles", "Mr. Burns met Gov. Newsom and Sen. Schumer. Dr. Smith did not.",
			[]string{"Mr. Burns met Gov. Newsom and Sen. Schumer.", "Dr. Smith did not."}},
		{"saint", "The Queen was buried at St. George's Chapel. It is in Windsor.",
			[]string{"The Queen was buried at St. George's Chapel.", "It is in Windsor."}},
		{"saint before a starter word", "He prayed at St. Paul. The Cathedral was full.",
			[]string{"He prayed at St. Paul.", "The Cathedral was full."}},
		{"every title", "Dr. Who met Gov. Ducey, Sen. Graham, Rep. Cheney, Gen. Milley and Prof. Lee. They talked.",
			[]string{"Dr. Who met Gov. Ducey, Sen. Graham, Rep. Cheney, Gen. Milley and Prof. Lee.", "They talked."}},
		{"military ranks", "She faced retired Army Brig. Gen. Don Bolduc and Pvt. Lee. She won.",
			[]string{"She faced retired Army Brig. Gen. Don Bolduc and Pvt. Lee.", "She won."}},
		{"title before a starter word", "Sen. The Honorable Smith spoke. He left.", []string{"Sen. The Honorable Smith spoke.", "He left."}},
		{"title glued to a word", "2022 Super Bowl halftime show:Dr. Dre, Eminem and Snoop Dogg to headline",
			[]string{"2022 Super Bowl halftime show:Dr. Dre, Eminem and Snoop Dogg to headline"}},
		{"title after a colon and a dash", "More:Gov. Kim Reynolds says so. Phoenix —Sen. Kelly agreed.",
			[]string{"More:Gov. Kim Reynolds says so.", "Phoenix —Sen. Kelly agreed."}},
		{"title after a colon", "Halftime show:Dr. Dre and Rep. Lee to headline. Fans cheered.",
			[]string{"Halftime show:Dr. Dre and Rep. Lee to headline.", "Fans cheered."}},
		{"more titles", "St. Louis won. Gov. Abbott and Sen. Cruz spoke.", []string{"St. Louis won.", "Gov. Abbott and Sen. Cruz spoke."}},
		{"month abbreviations", "It opened Jan. 5 and closed Sept. 30, 2025. Then it reopened.",
			[]string{"It opened Jan. 5 and closed Sept. 30, 2025.", "Then it reopened."}},
		{"number", "It was the No. 1 show in the country. Netflix said so.", []string{"It was the No. 1 show in the country.", "Netflix said so."}},
		{"initials", "CIA Director William J. Burns will travel. He leaves today.",
			[]string{"CIA Director William J. Burns will travel.", "He leaves today."}},
		{"decimals", "Inflation rose 3.5% in March. Prices of 1.65 billion hours fell.",
			[]string{"Inflation rose 3.5% in March.", "Prices of 1.65 billion hours fell."}},
		{"closing curly quote", "“We’re hopeful about the progress.” Kirby said on Friday.",
			[]string{"“We’re hopeful about the progress.”", "Kirby said on Friday."}},
		{"quote continues", "“Why now?” she asked. “Because,” he said.", []string{"“Why now?” she asked.", "“Because,” he said."}},
		{"straight quotes", `He said "no." Then he left.`, []string{`He said "no."`, "Then he left."}},
		{"question and exclamation", "Is it safe? Yes! The council voted 5-2.", []string{"Is it safe?", "Yes!", "The council voted 5-2."}},
		{"time of day", "The vote is at 9 a.m. Eastern time. It will be streamed.",
			[]string{"The vote is at 9 a.m. Eastern time.", "It will be streamed."}},
		{"time at end", "The meeting ended at 10 p.m. The council adjourned.", []string{"The meeting ended at 10 p.m.", "The council adjourned."}},
		{"company", "Shares of Acme Inc. rose. Acme Inc. The company said nothing.",
			[]string{"Shares of Acme Inc. rose.", "Acme Inc.", "The company said nothing."}},
		{"currency", "The bridge is old. $4.2 million will fix it.", []string{"The bridge is old.", "$4.2 million will fix it."}},
		{"street initial", "It is at 401 W. Van Buren St. in Phoenix.", []string{"It is at 401 W. Van Buren St. in Phoenix."}},
		{"domain", "Visit cnn.com for more. Or don’t.", []string{"Visit cnn.com for more.", "Or don’t."}},
		{"paragraph without period", "Breaking News\n\nThe bridge is closed.", []string{"Breaking News", "The bridge is closed."}},
		{"single newline inside sentence", "The bridge\nis closed. Drivers detour.", []string{"The bridge\nis closed.", "Drivers detour."}},
		{"ellipsis", "He paused... Then he spoke.", []string{"He paused...", "Then he spoke."}},
		{"lowercase after period", "The plan, i.e. the budget, passed.", []string{"The plan, i.e. the budget, passed."}},
		{"state abbreviation", "She lives in Portland, Ore. The city grew.", []string{"She lives in Portland, Ore.", "The city grew."}},
		{"leading and trailing space", "  One.  Two.  ", []string{"One.", "Two."}},
		{"empty", "", nil},
		{"spaces only", " \n\n ", nil},
		{"no terminal", "no period at all", []string{"no period at all"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sentenceTexts(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSentencesCoverText(t *testing.T) {
	text := "(CNN) — A. B. Smith said “no.” Then the U.S. Sen. left at 3 p.m.\n\nNext para… ok?! Yes."
	prev := 0
	for _, s := range Sentences(text) {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("bad span %v after %d in %q", s, prev, text)
		}
		if sub := text[s.Start:s.End]; sub != trimmed(sub) {
			t.Errorf("span %q has surrounding space", sub)
		}
		prev = s.End
	}
}

func trimmed(s string) string {
	return s[skipSpace(s, 0):TrimSpaceRight(s, 0, len(s))]
}

func BenchmarkSentences(b *testing.B) {
	benchEachBody(b, func(s string) { Sentences(s) })
}

// benchEachBody runs fn over every benchmark body b.N times, reporting MB/s.
func benchEachBody(b *testing.B, fn func(string)) {
	bodies := benchBodies(b)
	total := 0
	for _, s := range bodies {
		total += len(s)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for range b.N {
		for _, s := range bodies {
			fn(s)
		}
	}
}

// realtimeqaPath is the shared evaluation corpus, present next to the
// repository in the workspace.
const realtimeqaPath = "../../../shared/eval/realtimeqa/corpus.jsonl"

// benchBodies returns the article bodies of the realtimeqa corpus when it is
// there, or else the texts of the seed articles.
func benchBodies(b *testing.B) []string {
	b.Helper()
	if f, err := os.Open(realtimeqaPath); err == nil {
		defer f.Close()
		var out []string
		dec := json.NewDecoder(f)
		for {
			var r struct{ Body string }
			if err := dec.Decode(&r); err != nil {
				break
			}
			out = append(out, r.Body)
		}
		return out
	}
	dir := testcorpus.Seeds(b)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var out []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(t))
	}
	return out
}
