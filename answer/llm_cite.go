package answer

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
)

// maxMarkerLen bounds the text between '[' and ']' that may be a citation
// marker such as "[1, 2, 3]" or "[Sources 2-4]".
const maxMarkerLen = 40

var headingRE = regexp.MustCompile(`(?m)^[ \t]*#{1,6}[ \t]*`)

// cleanCitations rewrites the model's text for display: Markdown heading
// marks are dropped; every citation marker is normalised to one bracket per
// source ("[1, 2]" → "[1][2]", "[2-3]" → "[2][3]"), numbers that are not in
// valid are removed, duplicates in a run of markers are dropped, and a marker
// left with no valid number disappears with the space before it. Brackets
// that are not citations ("[sic]") are kept as they are. The result is
// trimmed.
func cleanCitations(s string, valid map[int]bool) string {
	s = headingRE.ReplaceAllString(s, "")
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		nums, end, ok := parseMarker(s, i)
		if !ok {
			out = append(out, s[i])
			i++
			continue
		}
		// A run of markers separated by spaces: "[1] [7][2, 1]".
		for {
			j := end
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			more, e, ok := parseMarker(s, j)
			if !ok {
				break
			}
			nums, end = append(nums, more...), e
		}
		seen := map[int]bool{}
		kept := 0
		for _, n := range nums {
			if valid[n] && !seen[n] {
				seen[n] = true
				out = append(out, '[')
				out = strconv.AppendInt(out, int64(n), 10)
				out = append(out, ']')
				kept++
			}
		}
		if kept == 0 {
			for len(out) > 0 && (out[len(out)-1] == ' ' || out[len(out)-1] == '\t') {
				out = out[:len(out)-1]
			}
		}
		i = end
	}
	return strings.TrimSpace(string(out))
}

// parseMarker reads a citation marker starting at s[i] == '[' and returns
// its numbers and the index just past ']'. It accepts "[3]", "[1, 2]",
// "[1][2]" (one at a time), "[1; 2]", "[1 and 2]", "[2-4]", "[2–4]" and an
// optional "source(s)" word: "[Source 1]".
func parseMarker(s string, i int) (nums []int, end int, ok bool) {
	if i >= len(s) || s[i] != '[' {
		return nil, 0, false
	}
	close := strings.IndexByte(s[i+1:min(len(s), i+2+maxMarkerLen)], ']')
	if close < 0 {
		return nil, 0, false
	}
	inner := s[i+1 : i+1+close]
	if strings.ContainsAny(inner, "[\n") {
		return nil, 0, false
	}
	inner = strings.ToLower(strings.TrimSpace(inner))
	inner = strings.TrimPrefix(strings.TrimPrefix(inner, "sources"), "source")
	inner = strings.NewReplacer("–", "-", "—", "-", " and ", ",", "&", ",", ";", ",").Replace(inner)
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

// hasCitation reports whether s holds at least one citation marker.
func hasCitation(s string) bool {
	for i := strings.IndexByte(s, '['); i >= 0; {
		if _, _, ok := parseMarker(s, i); ok {
			return true
		}
		next := strings.IndexByte(s[i+1:], '[')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// cutAfterLastCitation drops what follows the last citation marker: the
// unfinished tail of a reply cut by the token limit.
func cutAfterLastCitation(s string) string {
	last := -1
	for i := 0; i < len(s); i++ {
		if _, end, ok := parseMarker(s, i); ok {
			last, i = end, end-1
		}
	}
	if last < 0 {
		return s
	}
	if last < len(s) && s[last] == '.' {
		last++
	}
	return s[:last]
}

// stripCitations removes every citation marker, for text that is context
// rather than an answer (earlier turns, headlines).
func stripCitations(s string) string {
	return cleanCitations(s, nil)
}
