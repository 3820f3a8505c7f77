package llm

import (
	"regexp"
	"strconv"
	"strings"

	"newsdesk/internal/text"
)

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
		nums, end, ok := text.ParseMarker(s, i)
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
			more, e, ok := text.ParseMarker(s, j)
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

// hasCitation reports whether s holds at least one citation marker.
func hasCitation(s string) bool { return len(text.Markers(s)) > 0 }

// cutAfterLastCitation drops what follows the last citation marker: the
// unfinished tail of a reply cut by the token limit.
func cutAfterLastCitation(s string) string {
	ms := text.Markers(s)
	if len(ms) == 0 {
		return s
	}
	last := ms[len(ms)-1].End
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
