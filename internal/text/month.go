package text

// monthNames maps the abbreviations news style writes for months to the
// months' names, all lower case.
var monthNames = map[string]string{
	"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
	"aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november", "dec": "december",
}

// MonthName returns the lower-case name of the month a lower-case
// abbreviation stands for ("sept" → "september"); ok is false for anything
// else, the full names and "may" included.
func MonthName(abbrev string) (name string, ok bool) {
	name, ok = monthNames[abbrev]
	return name, ok
}
