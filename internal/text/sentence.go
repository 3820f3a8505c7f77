package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentences returns the spans of the sentences of text, as byte offsets,
// without surrounding spaces. It is a rule-based segmenter for news English:
// a sentence ends at ".", "?", "!" or "…" (with any closing quotes or
// brackets) followed by a space and a word that can start a sentence, and at
// every blank line. Titles ("Mr.", "Gov.", "Sen."), months and "No." before
// a number ("Oct. 7", "No. 1"), titles glued to a word before them
// ("halftime show:Dr. Dre"), initials ("William J. Burns"), dotted
// abbreviations ("U.S. officials", "9 a.m. Eastern") and decimals ("3.5")
// do not end a sentence.
func Sentences(text string) []Span {
	var out []Span
	start := skipSpace(text, 0)
	for i := start; i < len(text); {
		c := text[i]
		switch {
		case c == '\n':
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j < len(text) && text[j] == '\n' {
				if end := TrimSpaceRight(text, start, i); end > start {
					out = append(out, Span{start, end})
				}
				start = skipSpace(text, j)
				i = start
				continue
			}
		case c == '.' || c == '?' || c == '!' || c == 0xE2 && isEllipsis(text, i):
			end := terminalEnd(text, i)
			if end < len(text) && !IsSpace(text[end]) {
				i = end
				continue
			}
			next := skipSpace(text, end)
			if next < len(text) && endsSentence(text, start, i, next) {
				out = append(out, Span{start, end})
				start, i = next, next
				continue
			}
			i = end
			continue
		}
		i++
	}
	if end := TrimSpaceRight(text, start, len(text)); end > start {
		out = append(out, Span{start, end})
	}
	return out
}

func isEllipsis(text string, i int) bool {
	return i+2 < len(text) && text[i+1] == 0x80 && text[i+2] == 0xA6
}

// terminalEnd returns the end of the terminal punctuation at i with any
// further terminal marks and closing quotes or brackets.
func terminalEnd(text string, i int) int {
	for i < len(text) {
		switch c := text[i]; {
		case c == '.' || c == '?' || c == '!' || c == '"' || c == '\'' || c == ')' || c == ']':
			i++
		case c == 0xE2 && i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0x99 || text[i+2] == 0x9D || text[i+2] == 0xA6):
			i += 3 // ’ ” …
		case c == 0xC2 && i+1 < len(text) && text[i+1] == 0xBB:
			i += 2 // »
		default:
			return i
		}
	}
	return i
}

func skipSpace(text string, i int) int {
	for i < len(text) && IsSpace(text[i]) {
		i++
	}
	return i
}

// TrimSpaceRight returns end moved back over the ASCII spaces (IsSpace) that
// end text[start:end].
func TrimSpaceRight(text string, start, end int) int {
	for end > start && IsSpace(text[end-1]) {
		end--
	}
	return end
}

// endsSentence decides whether the terminal mark at i (in the sentence
// begun at start) ends it, given the next word at next.
func endsSentence(text string, start, i, next int) bool {
	word, after := nextWord(text, next)
	if word == "" {
		return startsWithOpening(text[next:])
	}
	first, _ := utf8.DecodeRuneInString(word)
	if unicode.IsLower(first) {
		return false
	}
	if text[i] != '.' || i+1 < len(text) && text[i+1] == '.' {
		return true
	}
	tok := prevToken(text, start, i)
	switch {
	case tok == "" || tok[len(tok)-1] == '.':
		return true
	case titleAbbrevs[tok] || titleAbbrevs[gluedWord(tok)]:
		return false
	case numberAbbrevs[tok]:
		return !unicode.IsDigit(first) && isStarter(word, after)
	case ambiguousAbbrevs[tok] || isInitial(tok) || isDotted(tok):
		return isStarter(word, after)
	}
	return true
}

// nextWord returns the word at text[i:] after any opening quotes, brackets
// or currency signs, and the byte that follows it (0 at the end).
func nextWord(text string, i int) (string, byte) {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '"' && r != '\'' && r != '(' && r != '[' && r != '“' && r != '‘' && r != '«' && r != '$' && r != '£' && r != '€' {
			break
		}
		i += size
	}
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += size
	}
	if j < len(text) {
		return text[i:j], text[j]
	}
	return text[i:j], 0
}

// startsWithOpening reports whether s starts with something that opens a
// sentence although it is no word (a dash or bullet of a list item).
func startsWithOpening(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '•' || r == '—' || r == '-' || r == '*'
}

// prevToken returns the token before the period at i, without opening
// quotes or brackets.
func prevToken(text string, start, i int) string {
	j := i
	for j > start && !IsSpace(text[j-1]) {
		j--
	}
	tok := text[j:i]
	for len(tok) > 0 && (tok[0] == '(' || tok[0] == '"' || tok[0] == '\'' || tok[0] == '[') {
		tok = tok[1:]
	}
	for _, q := range []string{"“", "‘"} {
		if len(tok) >= len(q) && tok[:len(q)] == q {
			tok = tok[len(q):]
		}
	}
	if k := strings.LastIndexAny(tok, ":/"); k >= 0 {
		tok = tok[k+1:] // "show:Dr" of "halftime show:Dr. Dre"
	}
	return tok
}

// gluedWord returns the letters that end tok after punctuation glued to
// them ("Dr" of "show:Dr", "Gov" of "More:Gov"), or "" when tok is all
// letters or a dotted abbreviation ("U.S").
func gluedWord(tok string) string {
	for k := len(tok) - 1; k >= 0; k-- {
		c := tok[k]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			continue
		}
		if c == '.' || k == len(tok)-1 {
			return ""
		}
		return tok[k+1:]
	}
	return ""
}

// isInitial reports whether tok is a capital initial ("J" of "William J. Burns").
func isInitial(tok string) bool {
	return len(tok) == 1 && tok[0] >= 'A' && tok[0] <= 'Z'
}

// isDotted reports whether tok is a dotted abbreviation ("U.S", "a.m", "D.C").
func isDotted(tok string) bool {
	if len(tok) < 3 || len(tok) > 8 {
		return false
	}
	for k := 0; k < len(tok); k++ {
		c := tok[k]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if k%2 == 0 && !letter || k%2 == 1 && c != '.' {
			return false
		}
	}
	return true
}

// isStarter reports whether word, followed by the byte after, is a word that
// typically starts a sentence (so that "the U.S. The" ends one but "U.S.
// Army" does not). An initial ("A." of "J. A. Smith") is no starter.
func isStarter(word string, after byte) bool {
	return after != '.' && starterWords[word]
}

// titleAbbrevs precede a name and never end a sentence ("St." is Saint
// here: "St. George's Chapel", "St. Louis").
var titleAbbrevs = setOf("Mr", "Mrs", "Ms", "Messrs", "Dr", "Drs", "Prof", "Gov", "Govs", "Sen", "Sens", "Rep", "Reps", "St", "Ste",
	"Gen", "Gens", "Brig", "Lt", "Lieut", "Col", "Maj", "Capt", "Pvt", "Spc", "Cpl", "Sgt", "Adm", "Cmdr", "Rev", "Hon", "Pres", "Supt", "Det", "Insp",
	"Atty", "Amb", "Msgr", "Fr", "Sr", "Mt", "Ft", "vs", "v", "cf", "approx")

// numberAbbrevs do not end a sentence before a number ("Oct. 7", "No. 1").
var numberAbbrevs = setOf("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
	"No", "Nos", "Vol", "Art", "Fig", "Ch", "pp", "p", "Ex", "Ord", "Rte", "Hwy")

// ambiguousAbbrevs end a sentence only before a typical sentence starter.
var ambiguousAbbrevs = setOf("Inc", "Corp", "Co", "Ltd", "Jr", "Ave", "Blvd", "Rd", "Bros", "Assn", "Dept",
	"Univ", "est", "al", "Calif", "Fla", "Ill", "Mass", "Mich", "Minn", "Penn", "Tenn", "Tex", "Va", "Wash",
	"Wis", "Ariz", "Colo", "Conn", "Ga", "Ky", "La", "Md", "Mo", "Nev", "Okla", "Ore", "Pa", "Ala", "Ark", "Del",
	"Kan", "Neb", "Miss", "Mont", "Wyo", "Vt")

// starterWords typically start a sentence.
var starterWords = setOf("The", "A", "An", "It", "Its", "He", "She", "They", "We", "I", "You", "His", "Her", "Their",
	"Our", "My", "This", "That", "These", "Those", "There", "Then", "But", "And", "Or", "So", "Yet", "In", "On", "At",
	"For", "If", "When", "While", "After", "Before", "As", "Since", "Although", "Though", "Because", "Some", "Many",
	"Most", "Another", "Such", "No", "Now", "Still", "Also", "However", "Meanwhile", "What", "Who", "Why", "How",
	"Where", "Which", "Both", "Each", "All", "Last", "Earlier", "Later", "Today", "Yesterday", "Instead", "Even",
	"Under", "With", "From", "During", "According", "Officials", "Police")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
