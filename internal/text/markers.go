package text

import (
	"errors"
	"strconv"
	"strings"
)

// MaxMarkerLen bounds the text between '[' and ']' of a citation marker
// such as "[1, 2, 3]" or "[Sources 2-4]".
const MaxMarkerLen = 40

// Marker is one citation marker of a text: s[Start:End] is the marker,
// brackets included, and Nums are the numbers it cites, as written (ranges
// expanded, repeats kept).
type Marker struct {
	Start, End int
	Nums       []int
}

// ParseMarker reads a citation marker starting at s[i] == '[' and returns
// its numbers and the index just past ']'. It accepts "[3]", "[1, 2]",
// "[1; 2]", "[1 and 2]", "[1 & 2]", "[2-4]", "[2–4]" and an optional
// "source(s)" word: "[Source 1]". "[1][2]" is two markers. A number too
// large for an int is -1, which no source has; "[sic]", "[-1]" and a
// range of more than 20 numbers are not markers.
func ParseMarker(s string, i int) (nums []int, end int, ok bool) {
	if i >= len(s) || s[i] != '[' {
		return nil, 0, false
	}
	close := strings.IndexByte(s[i+1:min(len(s), i+2+MaxMarkerLen)], ']')
	if close < 0 {
		return nil, 0, false
	}
	inner := s[i+1 : i+1+close]
	if strings.ContainsAny(inner, "[\n") {
		return nil, 0, false
	}
	inner = strings.ToLower(strings.TrimSpace(inner))
	inner = strings.TrimPrefix(strings.TrimPrefix(inner, "sources"), "source")
	inner = markerSeparators.Replace(inner)
	for _, field := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == ' ' }) {
		lo, hi, isRange := strings.Cut(field, "-")
		a, err := markerNumber(lo)
		if err != nil {
			return nil, 0, false
		}
		b := a
		if isRange {
			if b, err = markerNumber(hi); err != nil || b < a || b-a > 20 {
				return nil, 0, false
			}
		}
		for n := a; n <= b; n++ {
			nums = append(nums, n)
		}
	}
	if len(nums) == 0 {
		return nil, 0, false
	}
	return nums, i + close + 2, true
}

var markerSeparators = strings.NewReplacer("–", "-", "—", "-", " and ", ",", "&", ",", ";", ",")

// markerNumber parses one number of a marker; a number too large for an int
// is -1, which no source has, so that its marker is removed.
func markerNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) && s[0] != '-' && s[0] != '+' {
		return -1, nil
	}
	if err != nil || n < 0 || s[0] == '+' {
		return 0, errors.New("not a marker number")
	}
	return n, nil
}

// Markers returns the citation markers of s (see ParseMarker), left to
// right; they do not overlap.
func Markers(s string) []Marker {
	var out []Marker
	for i := strings.IndexByte(s, '['); i >= 0; {
		next := i + 1
		if nums, end, ok := ParseMarker(s, i); ok {
			out = append(out, Marker{Start: i, End: end, Nums: nums})
			next = end
		}
		j := strings.IndexByte(s[next:], '[')
		if j < 0 {
			break
		}
		i = next + j
	}
	return out
}

// RemoveMarkers returns s without its citation markers; the text around
// them, white space included, is kept as it is.
func RemoveMarkers(s string) string {
	ms := Markers(s)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m.Start])
		last = m.End
	}
	b.WriteString(s[last:])
	return b.String()
}
