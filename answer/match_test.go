package answer

import "testing"

func TestContainsAnswer(t *testing.T) {
	tests := []struct {
		name, text, gold string
		want             bool
	}{
		{"quotes and case", "The wildly popular South Korean show Squid Game is green lit.", "“Squid Game”", true},
		{"possessive", "Squid Game's second season is coming.", "“Squid Game”", true},
		{"figures for words", "As a result, only nine trucks were able to enter.", "9", true},
		{"words for figures", "She was 17 when she landed.", "seventeen", true},
		{"thousands", "More than 1,500 hours are required.", "1,500", true},
		{"percent", "Some 60 percent of adults disapprove.", "60%", true},
		{"money", "Gas hit $5 a gallon.", "$5", true},
		{"money needs its sign", "Gas hit 5 records.", "$5", false},
		{"all words any order", "NATO invited Finland and Sweden.", "Sweden and Finland", true},
		{"ampersand", "The Houston Astros face the Philadelphia Phillies.", "Houston Astros & Philadelphia Phillies", true},
		{"article dropped", "She won at the Tonys, the Tony Awards.", "The Tony Awards", true},
		{"accents", "People celebrated Dia de los Muertos.", "Día de los Muertos", true},
		{"whole words only", "The Europeans agreed.", "Europe", false},
		{"one word of two", "North Korea declared victory.", "South Korea", false},
		{"number is not a prefix", "It cost 600 dollars.", "60", false},
		{"empty gold", "anything", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ContainsAnswer(tc.text, tc.gold); got != tc.want {
				t.Errorf("ContainsAnswer(%q, %q) = %v, want %v", tc.text, tc.gold, got, tc.want)
			}
		})
	}
}
