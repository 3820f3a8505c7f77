package answer

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The evidence must be about what the question is about: a sentence about
// "the 2019 World Cup final" does not answer a question about the 2022
// one, and an article on MusiCares' Person of the Year does not answer one
// about Time's.

// otherYear reports whether a sentence names years, none of them one the
// question names: it is about another event of the same kind.
func (an *analysis) otherYear(words []word) bool {
	if len(an.years) == 0 {
		return false
	}
	named := false
	for i := range words {
		if !isYear(&words[i]) {
			continue
		}
		named = true
		y, _ := strconv.Atoi(words[i].norm)
		for _, q := range an.years {
			if y == q {
				return false
			}
		}
	}
	return named
}

// questionYears returns the years the question names.
func questionYears(terms []qterm) []int {
	var out []int
	for i := range terms {
		if isYear(&terms[i].word) {
			y, _ := strconv.Atoi(terms[i].norm)
			out = append(out, y)
		}
	}
	return out
}

// missingNames returns how many of the question's names (each name written
// in parts counting once, see nameUnits) an article's title and body do not
// write with a capital, and how many names there are. Acronyms and numbers
// are not counted.
func (an *analysis) missingNames(title, body string) (missing, names int) {
	for _, unit := range an.units {
		isName := false
		found := false
		var parts []*qterm // the unit's words written with a capital, acronyms too
		for _, t := range unit {
			w := &an.q.terms[t]
			if w.name && w.capital && !w.number {
				parts = append(parts, w)
			}
			if !w.name || w.number || isAcronym(&w.word) || !w.capital || dateWords[w.stem] || peopleOf(w.norm) {
				continue
			}
			isName = true
			found = found || containsName(title, w.text) || containsName(body, w.text)
		}
		if len(parts) > 1 && found && allTitleCase(parts) {
			found = an.writesTogether(parts, title, body)
		}
		if isName {
			names++
			if !found {
				missing++
			}
		}
	}
	return missing, names
}

// writesTogether reports whether title or body writes two neighbouring
// words of a name together, as the question does: an article on a person
// or a thing names it in full at least once ("Squid Game", "Michael
// Jordan"), and one that only shares a word of it ("Game 4", "DeAndre
// Jordan", the Nobel Prize for physics for the Nobel Peace Prize) is
// about something else. Any two neighbouring words will do: "Prime
// Minister Liz Truss" is also "Prime Minister Truss".
func (an *analysis) writesTogether(parts []*qterm, title, body string) bool {
	for k := 1; k < len(parts); k++ {
		a, b := parts[k-1], parts[k]
		if a.end > b.start {
			continue
		}
		pair := an.q.text[a.start:b.end]
		if strings.Contains(title, pair) || strings.Contains(body, pair) {
			return true
		}
	}
	return false
}

// allTitleCase reports whether every term is written as a word of a name
// is, a capital and then lower case ("Squid", "Jordan"), not an acronym
// or a plural of one ("SUVs", "CIA"): a name with one is written in too
// many ways ("CIA Director Bill Burns", "CIA chief William Burns").
func allTitleCase(terms []*qterm) bool {
	for _, t := range terms {
		_, n := utf8.DecodeRuneInString(t.text)
		if rest := t.text[n:]; rest == "" || strings.ToLower(rest) != rest {
			return false
		}
	}
	return true
}

// peopleOf reports a people named in the plural ("Americans",
// "Israelis"): it describes whom a story is about more than it names the
// story, which need not write it.
func peopleOf(norm string) bool {
	base, ok := strings.CutSuffix(norm, "s")
	return ok && isDemonymWord(base)
}

// containsName reports whether text writes name (with its capital) as a
// word, in another form of it ("Russians", "Russian") or as its place or
// people ("Russia", "Israeli").
func containsName(text, name string) bool {
	prefix := name[:max(min(len(name), 4), len(name)-4)]
	lname := strings.ToLower(name)
	for off := 0; ; {
		k := strings.Index(text[off:], prefix)
		if k < 0 {
			return false
		}
		start := off + k
		off = start + len(prefix)
		if r, _ := utf8.DecodeLastRuneInString(text[:start]); start > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		end := start
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !unicode.IsLetter(r) {
				break
			}
			end += n
		}
		w := strings.ToLower(text[start:end])
		if w == lname || stemOf(w) == stemOf(lname) || isDemonym(w, lname) || isDemonym(lname, w) ||
			isDemonym(strings.TrimSuffix(lname, "s"), w) || isDemonym(strings.TrimSuffix(w, "s"), lname) {
			return true
		}
	}
}

// aboutOther reports whether a candidate's article is about another
// entity than the question's: it lacks a name of the question (one may be
// in three missing, as quiz questions setting a scene name more than the
// answer's article does).
func (an *analysis) aboutOther(c *candidate) bool {
	missing, names := an.missingNames(c.result.Article.Title, c.result.Article.Body)
	return missing > names/3 || !an.writesQuoted(c.result.Article.Title, c.result.Article.Body)
}

// writesQuoted reports whether title or body writes every phrase the
// question quotes ("Which “extremely rare” item…"), in any case: an
// article that does not is about something else, however many of its
// words it shares ("an extreme heat belt").
func (an *analysis) writesQuoted(title, body string) bool {
	if len(an.quoted) == 0 {
		return true
	}
	text := strings.ToLower(strings.NewReplacer("’", "'", "‘", "'").Replace(title + "\n" + body))
	for _, q := range an.quoted {
		if !strings.Contains(text, q) {
			return false
		}
	}
	return true
}

// quotedPhrases returns the phrases of one to six words that text quotes
// (“…” or "…"), lower case, without their closing punctuation.
func quotedPhrases(text string) []string {
	var out []string
	for _, pair := range [][2]string{{"“", "”"}, {"\"", "\""}} {
		rest := text
		for {
			i := strings.Index(rest, pair[0])
			if i < 0 {
				break
			}
			rest = rest[i+len(pair[0]):]
			j := strings.Index(rest, pair[1])
			if j < 0 {
				break
			}
			phrase := strings.Trim(strings.TrimSpace(rest[:j]), ".,;:!?")
			rest = rest[j+len(pair[1]):]
			if n := len(strings.Fields(phrase)); n >= 1 && n <= 6 {
				out = append(out, strings.ToLower(strings.NewReplacer("’", "'", "‘", "'").Replace(phrase)))
			}
		}
	}
	return out
}

// beforeYear reports whether a candidate is from an article published
// before the year the question names ("the 2022 World Cup final") and does
// not name that year itself: it reports an earlier event of the kind.
func (an *analysis) beforeYear(c *candidate) bool {
	if len(an.years) == 0 || !an.scope.known() || an.scope.relative {
		return false
	}
	p := c.result.Article.PublishedAt
	if p.IsZero() || !p.Before(an.scope.from.AddDate(0, 0, -3)) {
		return false
	}
	for i := range c.words {
		if isYear(&c.words[i]) {
			y, _ := strconv.Atoi(c.words[i].norm)
			for _, q := range an.years {
				if y == q {
					return false
				}
			}
		}
	}
	return true
}

// readEvent reads the asking sentence s of a question naming years for
// what it says happened: its first verb in the past tense after the
// wh-word and its focus ("won", "received"), the lower-case content words after it up to
// the first name or number ("received the most nominations"), and the
// noun right after a name ("World Cup final"). It returns nothing when the
// question names no year or asks in another tense.
func readEvent(s string, years []int, focus []word) (event, name []word, head word) {
	if len(years) == 0 {
		return nil, nil, word{}
	}
	words := tokenize(s)
	k := 0
	for k < len(words) && !whWords[words[k].norm] {
		k++
	}
	for k++; k < len(words); k++ {
		w := &words[k]
		if isStop(w) || w.capital || w.number || inFocus(focus, w) {
			continue
		}
		if _, irr := irregular[w.norm]; !irr && !strings.HasSuffix(w.norm, "ed") {
			return nil, nil, word{}
		}
		break
	}
	if k >= len(words) {
		return nil, nil, word{}
	}
	event = append(event, words[k])
	for k++; k < len(words) && !words[k].capital && !words[k].number; k++ {
		if !isStop(&words[k]) {
			event = append(event, words[k])
		}
	}
	for ; k+1 < len(words); k++ {
		if words[k].capital && !words[k+1].capital && !words[k+1].number && !isStop(&words[k+1]) {
			from := k
			for from > 0 && words[from-1].capital {
				from--
			}
			return event, words[from : k+1], words[k+1]
		}
	}
	return event, nil, word{}
}

// whWords ask.
var whWords = setOf("who", "whom", "whose", "what", "which", "when", "where", "why", "how")

// otherEvent reports whether a sentence is silent on what the question
// says happened at the year's event (see readEvent): it names neither its
// verb and the words after it, nor the event's name with its noun.
func (an *analysis) otherEvent(words []word) bool {
	if len(an.event) == 0 {
		return false
	}
	for i := range an.event {
		if holds(words, &an.event[i]) {
			return false
		}
	}
	n := len(an.eventName)
	for k := n; n > 0 && k < len(words); k++ {
		if !sameTerm(&words[k], &an.eventHead) {
			continue
		}
		named := true
		for j := range an.eventName {
			named = named && sameTerm(&words[k-n+j], &an.eventName[j])
		}
		if named {
			return false
		}
	}
	return true
}
