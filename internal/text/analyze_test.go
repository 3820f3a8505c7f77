package text

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"case and accents", "Zelenskyy’s Café REOPENS", []string{"zelenskyy", "cafe", "reopens"}},
		{"apostrophes", "don't stop the mayor's plan", []string{"dont", "stop", "the", "mayor", "plan"}},
		{"numbers", "1,200 workers, 3.5 percent, 2022.", []string{"1200", "workers", "3.5", "percent", "2022"}},
		{"hyphens split", "COVID-19 e-mail", []string{"covid", "19", "e", "mail"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			Words(tt.text, func(w string) { got = append(got, w) })
			if !slices.Equal(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestAnalyzerOptions(t *testing.T) {
	const s = "The mayor said a 2 percent rise was running late"
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"index", IndexOptions(), []string{"mayor", "2", "percent", "rise", "run", "late"}},
		{"no stop list", Options{MinLen: 2, StemStopWords: true}, []string{"the", "mayor", "said", "2", "percent", "rise", "was", "run", "late"}},
		{"another stop list", Options{Stop: NewStopList("mayor\nlate"), MinLen: 1}, []string{"the", "said", "a", "2", "percent", "rise", "was", "run"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewAnalyzer(tt.opts).Terms(nil, s); !slices.Equal(got, tt.want) {
				t.Errorf("Terms = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMonthName(t *testing.T) {
	for abbrev, want := range map[string]string{"jan": "january", "sept": "september", "sep": "september", "dec": "december", "may": "", "january": "", "Jan": ""} {
		if got, ok := MonthName(abbrev); got != want || ok != (want != "") {
			t.Errorf("MonthName(%q) = %q, %v; want %q", abbrev, got, ok, want)
		}
	}
}
