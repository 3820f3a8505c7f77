package answer

import (
	"slices"
	"strings"
)

// span is a run of words [from, to) of a sentence: a name, a number, a date.
type span struct{ from, to int }

// knownNames returns the words that are names in cands: those written
// with a capital inside a sentence (not at its start), or never written in
// lower case. A sentence's first word is a name when it is one of them
// ("Netflix announced…", "Antarctica's glacier…"), not when it is just
// capitalised ("Officials said…").
func knownNames(cands []candidate) map[string]bool {
	known := map[string]bool{}
	lower := map[string]bool{}
	for i := range cands {
		ws := cands[i].words
		for k := range ws {
			switch {
			case !ws[k].capital:
				lower[ws[k].norm] = true
			case k > 0 && !isSentenceStart(cands[i].text, ws[k].start):
				known[ws[k].norm] = true
			}
		}
	}
	for i := range cands {
		if ws := cands[i].words; len(ws) > 0 && ws[0].capital && !lower[ws[0].norm] && !isStop(&ws[0]) {
			known[ws[0].norm] = true
		}
	}
	return known
}

// nameConnectors may stand inside a name: "Bank of America", "Día de los Muertos".
var nameConnectors = setOf("of", "de", "la", "los", "las", "del", "du", "da", "von", "van", "al", "bin", "el")

// notNames are capitalised words that do not make a name on their own.
var notNames = setOf("i", "mr", "mrs", "ms", "dr", "he", "she", "they", "it", "we", "you", "the", "a", "an", "this",
	"that", "these", "those", "but", "and", "or", "in", "on", "at", "for", "as", "if", "when", "after", "before",
	"while", "his", "her", "their", "its", "our", "there", "here", "what", "who", "why", "how", "where", "some",
	"many", "more", "most", "all", "both", "each", "one", "no", "not", "so", "then", "now", "also", "still", "yet",
	"photos", "photo", "video", "watch", "read", "update", "updated", "related", "getty", "images", "ap", "file")

// nameSpans returns the runs of capitalised words of a sentence: its
// first word only when known names it, connectors only inside a run,
// months and days never.
func nameSpans(text string, words []word, known map[string]bool) []span {
	var out []span
	for i := 0; i < len(words); i++ {
		if !isNameWord(text, words, i, known) {
			continue
		}
		j := i + 1
		for j < len(words) {
			if isNameWord(text, words, j, known) && joined(text, words, j) {
				j++
				continue
			}
			if nameConnectors[words[j].norm] && j+1 < len(words) && isNameWord(text, words, j+1, known) &&
				joined(text, words, j) && joined(text, words, j+1) {
				j += 2
				continue
			}
			break
		}
		out = append(out, span{i, j})
		i = j - 1
	}
	return out
}

// joined reports whether words[j] continues the run ending at words[j-1]:
// only a space, a hyphen or an ampersand between them.
func joined(text string, words []word, j int) bool {
	gap := strings.TrimSpace(text[words[j-1].end:words[j].start])
	return gap == "" || gap == "-" || gap == "&" || gap == "'s" || gap == "’s"
}

// isNameWord reports whether words[i] may be part of a name.
func isNameWord(text string, words []word, i int, known map[string]bool) bool {
	w := &words[i]
	if !w.capital || notNames[w.norm] || dateWords[w.stem] {
		return false
	}
	if isSentenceStart(text, w.start) {
		return known[w.norm] || (i+1 < len(words) && words[i+1].capital && joined(text, words, i+1) && !notNames[words[i+1].norm])
	}
	return true
}

// newSpan reports whether the span holds a word the question does not,
// and is not a name the question holds written in full ("CIA Director
// William J. Burns" of "Bill Burns").
func (an *analysis) newSpan(words []word, sp span) bool {
	for k := sp.from; k < sp.to; k++ {
		if words[k].capital && !isStop(&words[k]) && inQuestionName(&an.q, &words[k]) {
			return false
		}
	}
	for k := sp.from; k < sp.to; k++ {
		if isStop(&words[k]) && !words[k].capital {
			continue
		}
		if !inQuestion(&an.q, &words[k]) && !inFocus(an.focus, &words[k]) {
			return true
		}
	}
	return false
}

func inFocus(focus []word, w *word) bool {
	for i := range focus {
		if sameTerm(&focus[i], w) {
			return true
		}
	}
	return false
}

// answerStrength rates how well a sentence holds an answer of the kind an
// expects that the question does not already hold: 0 when it holds none;
// up to 1 for one next to the question's words (or, for a number, right
// before the thing counted: "nine trucks"), less for one far from them.
func (an *analysis) answerStrength(text string, words []word, known map[string]bool) float64 {
	var spans []span
	switch an.kind {
	case typeNumber, typeMoney:
		for _, k := range an.numbers(text, words) {
			spans = append(spans, span{k, k + 1})
		}
	case typeDuration:
		return boolStrength(answersCue(cueDuration, text, words, &an.q))
	case typeDate:
		if len(an.focus) == 1 && an.focus[0].norm == "year" {
			return boolStrength(slices.ContainsFunc(words, func(w word) bool { return isYear(&w) && !inQuestion(&an.q, &w) }))
		}
		return boolStrength(answersCue(cueDate, text, words, &an.q) || (hasRelativeTime(words) && !an.askedPast))
	case typeQuote:
		return boolStrength(answersCue(cueQuote, text, words, &an.q))
	case typePlace:
		if an.closed != placeNone {
			spans = placesIn(an.closed, words)
			break
		}
		spans = nameSpans(text, words, known)
	case typePerson:
		for _, sp := range nameSpans(text, words, known) {
			if !adjectival(words, sp) && !isPlace(words, sp) {
				spans = append(spans, sp)
			}
		}

	case typeName:
		spans = nameSpans(text, words, known)
	case typeThing:
		spans = append(nameSpans(text, words, known), an.nounSpans(words)...)
	default:
		return 0
	}
	best := 0.0
	for _, sp := range spans {
		if an.newSpan(words, sp) {
			st := an.nearness(words, sp)
			where := sp.from > 0 && placePrepositions[words[sp.from-1].norm]
			switch {
			case an.kind != typePlace:
			case an.closed != placeNone && !placeNames[an.closed][words[sp.from].norm] && sp.to-sp.from == 1:
				st *= 0.5 // "Israeli officials" mentions Israel, it does not say where
			case !where:
				st *= 0.6 // a place is where something is: "met in Warsaw"
			}
			switch {
			case an.kind != typePerson:
			case institutionWords[words[sp.to-1].norm]:
				st *= 0.3 // "the White House" is not who
			case sp.to-sp.from == 1:
				st *= 0.6 // a person is named in full: "David Barnea", not "Hamas"
			}
			best = max(best, st)
		}
	}
	if best == 0 && an.kind == typePerson {
		for k := range words {
			if groupNouns[words[k].norm] && !inQuestion(&an.q, &words[k]) {
				return 0.5 // a group, not a name: weaker than a name
			}
		}
	}
	if best == 0 && (an.kind == typeName || an.kind == typeThing) && answersCue(cueQuote, text, words, &an.q) {
		best = 0.75 // a title in quotes
	}
	return best
}

func boolStrength(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}

// nearness rates how close the span is to the question's words in the
// sentence: 1 within 4 words, 0.75 within 10, 0.5 farther or when the
// sentence holds none of them. A number followed closely by a focus word
// (the unit counted) is 1.
func (an *analysis) nearness(words []word, sp span) float64 {
	if an.kind == typeNumber || an.kind == typeMoney {
		for k := sp.to; k < min(len(words), sp.to+3); k++ {
			if inFocus(an.focus, &words[k]) {
				return 1
			}
		}
	}
	for k := max(0, sp.from-6); k < min(len(words), sp.to+6); k++ {
		if (k < sp.from || k >= sp.to) && inFocus(an.predicate, &words[k]) {
			return 1 // "The Colorado Avalanche have won"
		}
	}
	dist := -1
	for k := range words {
		if k >= sp.from && k < sp.to || isStop(&words[k]) || !inQuestion(&an.q, &words[k]) {
			continue
		}
		d := sp.from - k
		if k >= sp.to {
			d = k - sp.to + 1
		}
		if dist < 0 || d < dist {
			dist = d
		}
	}
	switch {
	case dist < 0:
		return 0.5
	case dist <= 4:
		return 1
	case dist <= 10:
		return 0.75
	}
	return 0.5
}

// numbers returns the indexes of the words that are numbers the question
// does not hold: money when money is asked ("$5", "5 million dollars"), a
// percentage when one is, and not a year or a day of the month.
func (an *analysis) numbers(text string, words []word) []int {
	wantPercent := false
	for i := range an.focus {
		if an.focus[i].norm == "percentage" || an.focus[i].norm == "percent" {
			wantPercent = true
		}
	}
	var out []int
	for i := range words {
		w := &words[i]
		if !(w.number || (numberWords[w.norm] && w.norm != "half" && w.norm != "one")) || inQuestion(&an.q, w) {
			continue
		}
		before := strings.TrimSpace(text[max(0, w.start-3):w.start])
		money := strings.HasSuffix(before, "$") || strings.HasSuffix(before, "€") || strings.HasSuffix(before, "£")
		if w.number && isYear(w) && !money {
			continue
		}
		if i > 0 && monthNumber[words[i-1].norm] != 0 {
			continue // June 12
		}
		if i > 0 && words[i-1].hyphenNext && !words[i-1].number {
			continue // part of a name: COVID-19, F-150
		}
		next := ""
		if i+1 < len(words) {
			next = words[i+1].norm
		}
		money = money || next == "dollars"
		after := text[w.end:min(len(text), w.end+2)]
		percent := strings.HasPrefix(after, "%") || next == "percent" || next == "percentage"
		if (an.kind == typeMoney && !money) || (wantPercent && !percent) {
			continue
		}
		if percent && !wantPercent && an.needFocus && an.focus[len(an.focus)-1].norm != "rate" {
			continue // "10% of its population" is a share, not the population asked
		}
		if an.needFocus && !holdsFocus(an.focus, words[max(0, i-6):min(len(words), i+5)]) {
			continue // a number, but not of the measure asked ("the boiling point is 100 degrees")
		}
		out = append(out, i)
	}
	return out
}

// hasRelativeTime reports a time said relative to now: "next week", "in a
// few weeks", "later this year".
func hasRelativeTime(words []word) bool {
	for i := 0; i+1 < len(words); i++ {
		if (words[i].norm == "few" || words[i].norm == "coming" || words[i].norm == "several") && timeUnits[words[i+1].stem] {
			return true
		}
	}
	return false
}

// placePrepositions come before a place named as where something is.
var placePrepositions = setOf("in", "at", "to", "from", "near", "outside", "inside", "across", "into", "toward", "towards")

// adjectival reports whether a name span qualifies the word after it
// rather than naming someone: "Middle Eastern officials", "Egyptian
// intelligence chiefs".
func adjectival(words []word, sp span) bool {
	if sp.to >= len(words) || words[sp.to].capital {
		return false
	}
	all := true
	for k := sp.from; k < sp.to; k++ {
		all = all && isDemonymWord(words[k].norm)
	}
	last := words[sp.to-1].norm
	next := &words[sp.to]
	return all || (strings.HasSuffix(next.norm, "s") && !isStop(next) && (isDemonymWord(last) || strings.HasSuffix(last, "ern")))
}

// groupNouns name people by what they are rather than who: "women and
// children would be released first".
var groupNouns = setOf("women", "children", "men", "civilians", "hostages", "prisoners", "soldiers", "troops",
	"residents", "workers", "students", "families", "officials", "police", "voters", "protesters", "migrants",
	"refugees", "patients", "doctors", "nurses", "teachers", "parents", "employees", "immigrants", "fans",
	"players", "senators", "lawmakers", "republicans", "democrats", "elderly", "detainees", "journalists")

// isPlace reports whether the span is a country, a US state or a continent.
func isPlace(words []word, sp span) bool {
	for _, c := range []placeClass{placeCountry, placeState, placeContinent} {
		for _, p := range placesIn(c, words[sp.from:sp.to]) {
			if p.to-p.from == sp.to-sp.from {
				return true
			}
		}
	}
	return false
}

// inQuestionName reports whether w is one of the names of q.
func inQuestionName(q *question, w *word) bool {
	for i := range q.terms {
		if q.terms[i].name && !q.terms[i].number && sameTerm(&q.terms[i].word, w) {
			return true
		}
	}
	return false
}

// institutionWords end the names of institutions and places, not people.
var institutionWords = setOf("house", "department", "council", "party", "agency", "ministry", "court", "office",
	"union", "nations", "authority", "forces", "army", "service", "street", "university", "committee", "group",
	"company", "corp", "inc", "news", "post", "times", "bank", "organization", "administration", "congress",
	"senate", "state", "states", "city", "county", "strip", "bank", "force", "guard", "police", "network",
	"association", "institute", "foundation", "center", "centre", "hospital", "airport", "school", "club")

// determiners open a noun phrase.
var determiners = setOf("the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our")

// nounSpans returns the common nouns of a sentence that answer "which
// animal", "which costume": a new word right before the focus noun ("the
// witch costume"), or a new word where the question has its own noun after
// the same word ("this record-breaking snake" for "a record-breaking
// reptile").
func (an *analysis) nounSpans(words []word) []span {
	var out []span
	fresh := func(w *word) bool {
		return !w.capital && !w.number && !isStop(w) && !inQuestion(&an.q, w) && !inFocus(an.focus, w)
	}
	qw := an.qwords
	for k := range words {
		if !fresh(&words[k]) {
			continue
		}
		if k+1 < len(words) && holdsFocus(an.focus, words[k+1:k+2]) {
			out = append(out, span{k, k + 1})
			continue
		}
		if k < 2 || isStop(&words[k-1]) || verbForm(&words[k]) || !(determiners[words[k-2].norm] || words[k-2].hyphenNext) {
			continue // only in a noun phrase: "this record-breaking snake", "a rare find"
		}
		for j := 0; j+1 < len(qw); j++ {
			if sameTerm(&qw[j], &words[k-1]) && !isStop(&qw[j+1]) && !qw[j+1].capital && !holds(words, &qw[j+1]) {
				out = append(out, span{k, k + 1})
				break
			}
		}
	}
	return out
}
