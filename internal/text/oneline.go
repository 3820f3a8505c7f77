package text

import "strings"

// OneLine collapses white space, newlines included, to single spaces and
// trims the ends.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
