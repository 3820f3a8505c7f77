package answer

import (
	"reflect"
	"strings"
	"testing"

	"newsdesk/internal/news"
)

func TestRenumber(t *testing.T) {
	valid := func(n int) bool { return n >= 1 && n <= 3 }
	tests := []struct {
		name      string
		text      string
		want      string
		wantOrder []int
	}{
		{"dense already", "A [1]. B [2].", "A [1]. B [2].", []int{1, 2}},
		{"first cited first", "A [3]. B [1]. C [3].", "A [1]. B [2]. C [1].", []int{3, 1}},
		{"out of range dropped", "A [7]. B [2].", "A. B [1].", []int{2}},
		{"list split and filtered", "A [1, 9, 2].", "A [1][2].", []int{1, 2}},
		{"zero dropped", "A [0] and B [3].", "A and B [1].", []int{3}},
		{"repeat in a list", "A [2,2].", "A [1].", []int{2}},
		{"no markers", "Nothing cited.", "Nothing cited.", nil},
		{"not a marker", "He said [sic] so [1].", "He said [sic] so [1].", []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, order := renumber(tt.text, valid)
			if got != tt.want || !reflect.DeepEqual(order, tt.wantOrder) {
				t.Errorf("renumber(%q) = %q, %v; want %q, %v", tt.text, got, order, tt.want, tt.wantOrder)
			}
		})
	}
}

func TestCheckCitations(t *testing.T) {
	a := checkCitations(news.Answer{
		Text: "X [2]. Y [5]. Z [2].",
		Citations: []news.Citation{
			{N: 1, DocID: "unused"},
			{N: 2, DocID: "b"},
		},
	})
	if a.Text != "X [1]. Y. Z [1]." {
		t.Errorf("text = %q", a.Text)
	}
	if len(a.Citations) != 1 || a.Citations[0].N != 1 || a.Citations[0].DocID != "b" {
		t.Errorf("citations = %+v, want only b as 1", a.Citations)
	}
}

func TestTrimQuote(t *testing.T) {
	long := strings.Repeat("word ", 100)
	got := trimQuote(long)
	if len(got) > maxQuote+len("…") || !strings.HasSuffix(got, "word…") {
		t.Errorf("trimQuote = %q (%d bytes)", got, len(got))
	}
	if !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("trimmed quote %q is not a prefix of the text", got)
	}
	if short := "A short sentence."; trimQuote(short) != short {
		t.Errorf("trimQuote changed a short quote: %q", trimQuote(short))
	}
}

func TestJoinQuote(t *testing.T) {
	q := joinQuote("", "First.")
	q = joinQuote(q, "Second.")
	q = joinQuote(q, "Second.")
	if q != "First."+quoteSep+"Second." {
		t.Errorf("joinQuote = %q", q)
	}
}
