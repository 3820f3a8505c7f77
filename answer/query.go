package answer

import "strings"

// cue is the kind of thing a question asks for, read from its wording.
type cue int

const (
	cueNone     cue = iota
	cueNumber       // "how many", "how much": a number
	cueDuration     // "how long": a number of days, weeks…
	cueDate         // "when", "what year": a date
	cuePerson       // "who": a person's name
	cuePlace        // "where": a place name
	cueQuote        // "what word", "what did X call": a quoted word or phrase
	cueName         // "which company", "what team": a proper name
)

// qterm is one content word of a question.
type qterm struct {
	word
	name bool // a proper name, acronym or number: central to the question
}

// question is a question read for answering: its content words and cue.
type question struct {
	text  string
	terms []qterm
	cue   cue
}

// readQuestion extracts the content words and the cue of text. A word is a
// name when it is capitalised and not the first word, or an acronym, or a
// number. Repeated terms are kept once.
func readQuestion(text string) question {
	q := question{text: text}
	words := tokenize(text)
	q.cue = readCue(words)
	for i := range words {
		w := &words[i]
		if isStop(w) || (i > 0 && words[i-1].norm == "how" && howWords[w.norm]) {
			continue // "old" of "how old" asks; an answer need not say it
		}
		dup := false
		for j := range q.terms {
			if sameTerm(&q.terms[j].word, w) {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		name := w.number || isAcronym(w) || (w.capital && i > 0 && !isSentenceStart(text, w.start))
		q.terms = append(q.terms, qterm{word: *w, name: name})
	}
	return q
}

// howWords make a wh-phrase with "how" ("how old", "how long"): the
// question's kind, not a word its answer holds ("96" answers "how old").
var howWords = setOf("old", "long", "big", "large", "high", "far", "tall", "fast", "heavy", "soon", "often")

// isSentenceStart reports whether the word at offset start opens a sentence
// of text (after ". ", "? ", a quote or the start).
func isSentenceStart(text string, start int) bool {
	t := strings.TrimRight(text[:start], " \t\n\"“'‘(")
	return t == "" || strings.HasSuffix(t, ".") || strings.HasSuffix(t, "?") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, ":")
}

// readCue finds what the question asks for from its first question word.
func readCue(words []word) cue {
	if c := readQuoteCue(words); c != cueNone {
		return c
	}
	for i, w := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1].norm
		}
		switch w.norm {
		case "how":
			switch next {
			case "long":
				return cueDuration
			case "many", "much", "old", "big", "large", "high", "far":
				return cueNumber
			}
		case "when":
			return cueDate
		case "who", "whom", "whose":
			return cuePerson
		case "where":
			return cuePlace
		case "what", "which":
			switch next {
			case "year", "date", "day", "month", "time":
				return cueDate
			case "number", "percentage", "percent", "amount", "share":
				return cueNumber
			case "city", "country", "place", "town", "region", "state":
				return cuePlace
			}
			if i+1 < len(words) && !isStop(&words[i+1]) {
				return cueName // which company, what team
			}
		}
	}
	return cueNone
}

// readQuoteCue finds questions about wording: "what word", "which
// phrase", "what did he call", "how did she describe".
func readQuoteCue(words []word) cue {
	wh := false
	for i, w := range words {
		switch w.norm {
		case "what", "which", "how":
			wh = true
		case "word", "words", "term", "phrase", "call", "called", "describe", "described", "label", "labeled":
			if wh && i > 0 {
				return cueQuote
			}
		}
	}
	return cueNone
}

// numberWords are numbers written out, as news style does below ten.
var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "dozen": true, "dozens": true,
	"hundred": true, "hundreds": true, "thousand": true, "thousands": true, "million": true, "millions": true,
	"billion": true, "billions": true, "half": true,
}

// relativeWords make a date of a unit of time: "next week", "last year".
var relativeWords = map[string]bool{"next": true, "last": true, "this": true, "earlier": true, "later": true, "past": true}

// timeUnits are the stems of units of time.
var timeUnits = map[string]bool{"day": true, "week": true, "month": true, "year": true, "hour": true, "minut": true}

// dateWords are stems that name a date or a day.
var dateWords = map[string]bool{
	"januari": true, "februari": true, "march": true, "april": true, "may": true, "june": true, "juli": true,
	"august": true, "septemb": true, "octob": true, "novemb": true, "decemb": true, "monday": true,
	"tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"yesterday": true, "today": true, "tomorrow": true, "weekend": true,
}

// answersCue reports whether the sentence words hold something of the kind
// the cue asks for that the question itself does not already say.
func answersCue(c cue, text string, words []word, q *question) bool {
	inQuestion := func(w *word) bool {
		for i := range q.terms {
			if sameTerm(&q.terms[i].word, w) {
				return true
			}
		}
		return false
	}
	for i := range words {
		w := &words[i]
		switch c {
		case cueNumber:
			if (w.number || numberWords[w.norm]) && !inQuestion(w) {
				return true
			}
		case cueDuration:
			if strings.HasSuffix(w.norm, "long") && len(w.norm) > 4 && timeUnits[stemOf(w.norm[:len(w.norm)-4])] {
				return true // weeklong, monthlong
			}
			if (w.number || numberWords[w.norm] || w.norm == "a" || w.norm == "several") && i+1 < len(words) && timeUnits[words[i+1].stem] {
				return true // 60-day, two months, a week, several hours
			}
			if spanEnd(words, i) {
				return true // for the rest of the year, until 2025, for months
			}
		case cueDate:
			if dateWords[w.stem] && !inQuestion(w) {
				return true
			}
			if relativeWords[w.norm] && i+1 < len(words) && (timeUnits[words[i+1].stem] || dateWords[words[i+1].stem]) {
				return true // next week, last year, this month
			}
			if w.number && len(w.norm) == 4 && (strings.HasPrefix(w.norm, "19") || strings.HasPrefix(w.norm, "20")) && !inQuestion(w) {
				return true
			}
		case cueQuote:
			prevEnd := 0
			if i > 0 {
				prevEnd = words[i-1].end
			}
			if strings.ContainsAny(text[prevEnd:w.start], "“\"") {
				return true // a word right after an opening quote
			}
		case cuePerson, cuePlace, cueName:
			if w.capital && !isAcronym(w) && i > 0 && !dateWords[w.stem] && !inQuestion(w) {
				return true
			}
		}
	}
	return false
}

// spanEnd reports whether words[i] opens a phrase that says how long
// something lasts by when it ends or by a bare unit: "rest of the year",
// "until 2025", "into March", "through the end of", "for months", "for
// decades".
func spanEnd(words []word, i int) bool {
	next := func(k int) *word {
		if i+k < len(words) {
			return &words[i+k]
		}
		return &word{}
	}
	switch words[i].norm {
	case "rest":
		return next(1).norm == "of" && next(2).norm == "the" && timeUnits[next(3).stem]
	case "until", "till", "through", "into":
		n := next(1)
		return isYear(n) || monthNumber[n.norm] != 0 || (n.norm == "the" && next(2).norm == "end")
	case "for":
		n := next(1)
		return n.norm != n.stem && (timeUnits[n.stem] || n.stem == "decad") // months, years, decades
	}
	return false
}

// stemOf returns the stem of a lower-case word, as the words carry it.
func stemOf(s string) string { return newWord(s, 0, len(s), false).stem }
