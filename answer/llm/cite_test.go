package llm

import (
	"strings"
	"testing"
)

func TestCleanCitations(t *testing.T) {
	valid := map[int]bool{1: true, 2: true, 3: true}
	tests := []struct{ name, in, want string }{
		{"plain", "Qatar did it [1].", "Qatar did it [1]."},
		{"list normalised", "Qatar did it [1, 2].", "Qatar did it [1][2]."},
		{"semicolons and and", "Qatar did it [1; 3] and [2 and 3].", "Qatar did it [1][3] and [2][3]."},
		{"range", "Qatar did it [1-3].", "Qatar did it [1][2][3]."},
		{"en dash range", "Qatar did it [2–3].", "Qatar did it [2][3]."},
		{"source word", "Qatar did it [Source 2].", "Qatar did it [2]."},
		{"out of range alone", "Qatar did it [7]. Egypt [1].", "Qatar did it. Egypt [1]."},
		{"out of range in a list", "Qatar did it [1, 7].", "Qatar did it [1]."},
		{"out of range in a run", "Qatar did it [1][7] [2].", "Qatar did it [1][2]."},
		{"duplicates in a run", "Qatar did it [1] [1, 2].", "Qatar did it [1][2]."},
		{"zero", "Qatar did it [0].", "Qatar did it."},
		{"not a marker", "He said [sic] it [1].", "He said [sic] it [1]."},
		{"unclosed bracket", "Qatar did it [1", "Qatar did it [1"},
		{"heading", "# Answer\nQatar [1].", "Answer\nQatar [1]."},
		{"marker at start", "[7] Qatar did it [1].", "Qatar did it [1]."},
		{"huge number", "Qatar [99999999999999999999] did [1].", "Qatar did [1]."},
		{"signed number", "Qatar [+1] did [-1] it [1].", "Qatar [+1] did [-1] it [1]."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cleanCitations(tc.in, valid); got != tc.want {
				t.Errorf("cleanCitations(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestHasCitationAndCut(t *testing.T) {
	if hasCitation("He said [sic] so.") {
		t.Error("[sic] taken for a citation")
	}
	if !hasCitation("He said [sic] so [2].") {
		t.Error("[2] not found")
	}
	if got := cutAfterLastCitation("One [1]. Two [2]. Three and"); got != "One [1]. Two [2]." {
		t.Errorf("cut = %q", got)
	}
}

// Streaming a reply piece by piece must show exactly a prefix of the final
// cleaned text at every step, for every way of cutting it into pieces.
func TestDeltaFilterPrefixes(t *testing.T) {
	valid := map[int]bool{1: true, 2: true}
	for _, reply := range []string{
		"Qatar brokered it [1, 7]. Egypt [7] took part [2].\n## Next\nMore [1][2].",
		"NOT_IN_SOURCES",
		"He said [sic] it [3] was [1].",
	} {
		final := cleanCitations(reply, valid)
		for size := 1; size <= 7; size++ {
			var got strings.Builder
			f := &deltaFilter{valid: valid, refusal: RefusalToken, onDelta: func(d string) {
				got.WriteString(d)
				if !strings.HasPrefix(final, got.String()) {
					t.Fatalf("size %d: preview %q is not a prefix of %q", size, got.String(), final)
				}
			}}
			for i := 0; i < len(reply); i += size {
				f.write(reply[i:min(i+size, len(reply))])
			}
			f.finish(final)
			want := final
			if strings.Contains(reply, RefusalToken) {
				want = ""
			}
			if got.String() != want {
				t.Errorf("size %d: preview %q, want %q", size, got.String(), want)
			}
		}
	}
}
