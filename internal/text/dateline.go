package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var datelineRE = regexp.MustCompile(`^(.{1,60}?)\s*(?:—|–|--)\s*`)

// StripDateline removes a leading dateline such as "(CNN) —",
// "WASHINGTON (AP) —" or "New York CNN —": text before a dash whose words
// all start with a capital letter or a parenthesis.
func StripDateline(s string) string {
	m := datelineRE.FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	prefix := strings.Fields(s[m[2]:m[3]])
	if len(prefix) == 0 || len(prefix) > 6 {
		return s
	}
	for _, w := range prefix {
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, "("))
		if !unicode.IsUpper(r) {
			return s
		}
	}
	// A place or outlet in capitals or in parentheses, or ending with an
	// outlet's initials: not "CIA Director Bill Burns — ...".
	p := strings.Join(prefix, " ")
	last := prefix[len(prefix)-1]
	if !strings.Contains(p, "(") && p != strings.ToUpper(p) && last != strings.ToUpper(last) {
		return s
	}
	rest := s[m[1]:]
	if rest == "" {
		return s
	}
	return rest
}
