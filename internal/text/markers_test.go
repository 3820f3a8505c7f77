package text

import (
	"reflect"
	"testing"
)

func TestMarkers(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [][]int
	}{
		{"one", "Qatar did it [1].", [][]int{{1}}},
		{"list and run", "A [1, 2][3] B [1; 4].", [][]int{{1, 2}, {3}, {1, 4}}},
		{"range and words", "A [Sources 2–4] B [1 and 5].", [][]int{{2, 3, 4}, {1, 5}}},
		{"not markers", "He said [sic] [-1] [+2] [1-40] [] [x].", nil},
		{"nested", "[[1]]", [][]int{{1}}},
		{"too long", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]", nil},
		{"too large", "[99999999999999999999]", [][]int{{-1}}},
		{"unclosed", "A [1 B", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]int
			for _, m := range Markers(tt.in) {
				if tt.in[m.Start] != '[' || tt.in[m.End-1] != ']' {
					t.Errorf("marker span %d:%d is %q", m.Start, m.End, tt.in[m.Start:m.End])
				}
				got = append(got, m.Nums)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Markers(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestRemoveMarkers(t *testing.T) {
	if got, want := RemoveMarkers("See note [2], and [1, 3] [sic]."), "See note , and  [sic]."; got != want {
		t.Errorf("RemoveMarkers = %q, want %q", got, want)
	}
}

func TestOneLine(t *testing.T) {
	if got := OneLine("  a\n\tb  c \r\n"); got != "a b c" {
		t.Errorf("OneLine = %q", got)
	}
}
