package corpus

import (
	"fmt"
	"strings"
	"time"

	"newsdesk/internal/text"
)

// dateLayouts are the forms ParseDate accepts, after normalisation (month
// abbreviations without their period, "Sept" as "Sep", a leading weekday
// dropped, spaces collapsed).
var dateLayouts = []string{
	"2006-01-02",
	"2006/01/02",
	"2006.01.02",
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	time.RFC1123Z,
	time.RFC1123,
	"02 Jan 2006 15:04:05 -0700",
	"02 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC822Z,
	time.RFC822,
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan 2 2006",
	"2 January 2006",
	"2 Jan 2006",
	"January 2, 2006 15:04",
	"January 2, 2006, 3:04 PM",
	"January 2, 2006 3:04 PM",
	"Jan 2, 2006, 3:04 PM",
	"Jan 2, 2006 3:04 PM",
	"01/02/2006",
	"20060102",
}

// ParseDate reads a date in its common forms: 2024-01-26, 2024/01/26,
// RFC 3339, RFC 1123, "January 26, 2024", "Jan. 26, 2024", "26 January 2024",
// and the same with a time of day or a leading weekday. Dates without a zone
// are taken as UTC. Anything else is an error naming the text.
func ParseDate(s string) (time.Time, error) {
	orig := s
	s = normaliseDate(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q (use a form such as 2024-01-26)", orig)
}

// weekdays are the leading day names ParseDate drops ("Friday, January 26, 2024").
var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}

// normaliseDate trims s, collapses spaces, drops a leading weekday unless the
// rest is an RFC 1123 date, and removes the period of a month abbreviation.
func normaliseDate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimSuffix(s, ".")
	if len(s) == 0 || (s[0] >= '0' && s[0] <= '9') {
		return s
	}
	// "Jan. 26, 2024" and "Sept. 3, 2024": drop the abbreviation's period.
	if i := strings.IndexAny(s, ". "); i > 0 && s[i] == '.' {
		word := strings.ToLower(s[:i])
		if name, ok := text.MonthName(word); ok {
			s = strings.ToUpper(name[:1]) + name[1:3] + s[i+1:] // "Sep", as time.Parse reads it
		}
	}
	// "Friday, January 26, 2024" → "January 26, 2024"; keep "Fri, 26 Jan 2024 10:00:00 GMT" (RFC 1123).
	if w, rest, ok := strings.Cut(s, ", "); ok && isWeekday(w) {
		if _, err := time.Parse(time.RFC1123, s); err != nil {
			if _, err := time.Parse(time.RFC1123Z, s); err != nil {
				return normaliseDate(rest)
			}
		}
	}
	if w, rest, ok := strings.Cut(s, " "); ok && isWeekday(w) {
		return normaliseDate(rest)
	}
	if strings.HasPrefix(s, "Sept ") {
		s = "Sep " + s[5:]
	}
	return s
}

func isWeekday(w string) bool {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	for _, d := range weekdays {
		if w == d {
			return true
		}
	}
	return false
}
