package answer

import (
	"slices"
	"strings"
	"time"
)

// answerType is the kind of thing a question asks for.
type answerType int

const (
	typeAny      answerType = iota // an account or description: no one kind of answer
	typePerson                     // "who", "which philanthropist"
	typePlace                      // "where", "which country"
	typeName                       // a named organisation, work or thing: "which automaker", "which show"
	typeThing                      // "which animal", "what item": a name or a common noun
	typeNumber                     // "how many", "what percentage", "how old"
	typeMoney                      // "how much does it cost", "how much was it fined"
	typeDate                       // "when", "what year", "how soon"
	typeDuration                   // "how long"
	typeReason                     // "why"
	typeQuote                      // "what word", "what did he say"
	typeYesNo                      // "is", "did", "will"… as the first word
)

// strict reports whether an answer of this type is a span that a sentence
// either holds or not (a name, a number, a date), so that evidence without
// one does not answer.
func (t answerType) strict() bool {
	switch t {
	case typePerson, typePlace, typeName, typeNumber, typeMoney, typeDate, typeDuration, typeQuote:
		return true
	}
	return false
}

// analysis is a question read for answering: its words (question), the
// kind of answer it expects, its focus, its time scope and the outlets it
// names.
type analysis struct {
	q      question
	qwords []word // all the words of q.text
	kind   answerType
	focus  []word // the words the wh-word asks about: "country" of "which country", "trucks" of "how many aid trucks"
	// closed is set when the focus names a closed class of places (a
	// country, a US state, a continent): the answer is one of them.
	closed placeClass
	// predicate are the first words the question says of what it asks
	// about: "won" of "Which team won the Stanley Cup?". The answer stands
	// next to them.
	predicate []word
	// units group the terms that name one thing (see nameUnits).
	units [][]int
	// years are the years the question names ("the 2022 World Cup").
	years []int
	// event are the words that say what happened at an event of a year the
	// question names ("won" of "Who won the 2022 World Cup final?"), and
	// eventName and eventHead the name and the noun after it ("Cup",
	// "final"): a sentence that says neither is about another event of it
	// (its qualifiers). Empty unless the question asks, in the past tense,
	// about a year's event.
	event, eventName []word
	eventHead        word
	// needFocus is set when the focus is a measure ("what is the boiling
	// point"): a number answers only next to it.
	needFocus bool
	// quoted are the phrases the question quotes, lower case: an article
	// that does not write them is about something else (writesQuoted).
	quoted []string
	// askedPast is set when the question asks when something happened
	// ("When did the war begin?"): "in the coming days" does not answer it.
	askedPast bool
	// howMany is set when the question asks "how many X": a count answers
	// only with X said (countsFocus).
	howMany bool
	scope   timeScope
	// outlets are the outlets the question names ("What does CNN report…",
	// "How does CNN's account differ from the Post's?"): it is answered
	// per outlet.
	outlets []outlet
	// states are the US states the question names, unless it asks for
	// one: evidence naming only other states is about another (otherState).
	states []string
	// relation is the noun of "What is the capital of France?", and
	// relTarget the name it is of: a sentence that does not say the noun
	// ("capital") next to the name says nothing of what is asked.
	relation, relTarget []word
}

// analyze reads text, a question asked on the date asked.
func analyze(text string, asked time.Time) analysis {
	an := analysis{scope: readScope(text, asked)}
	an.outlets, text = findOutlets(text)
	an.q = readQuestion(text)
	an.q.terms = append(an.q.terms, keptStops(text, an.q.terms)...)
	if len(an.outlets) > 0 {
		an.q.terms = dropTerms(an.q.terms, outletFrameWords)
	}
	an.qwords = tokenize(an.q.text)
	an.units = nameUnits(an.q.text, an.q.terms)
	an.years = questionYears(an.q.terms)
	an.kind, an.focus = readType(wh(text))
	an.predicate = predicateOf(wh(text), an.focus)
	if an.kind == typeAny || an.kind == typePerson {
		an.relation, an.relTarget = relationOf(wh(text))
		if len(an.relation) == 1 && (an.relation[0].norm == "name" || an.relation[0].norm == "title") {
			an.kind, an.relation, an.relTarget = typeName, nil, nil // "What is the name of the CIA director?" asks for a name
		}
	}
	an.event, an.eventName, an.eventHead = readEvent(wh(text), an.years, an.focus)
	an.needFocus = an.kind == typeNumber && len(an.focus) > 0 && measureNouns[an.focus[len(an.focus)-1].norm]
	an.quoted = quotedPhrases(an.q.text)
	an.askedPast = an.kind == typeDate && askedInPast(wh(text))
	an.howMany = an.kind == typeNumber && len(an.focus) > 0 && strings.Contains(strings.ToLower(wh(text)), "how many")
	an.closed = closedClass(an.focus)
	if an.kind == typeThing && an.closed != placeNone {
		an.kind = typePlace
	}
	if an.closed != placeState {
		an.states = statesIn(an.qwords)
	}
	return an
}

// wh returns the sentence of text that asks: the last one holding a
// question word ("A volcano erupted this week. Which country…?").
func wh(text string) string {
	parts := splitQuestion(text)
	for i := len(parts) - 1; i >= 0; i-- {
		for _, w := range tokenize(parts[i]) {
			switch w.norm {
			case "who", "whom", "whose", "what", "which", "when", "where", "why", "how":
				return parts[i]
			}
		}
	}
	return parts[len(parts)-1]
}

// splitQuestion cuts text after ". ", "? " and "! ".
func splitQuestion(text string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(text); i++ {
		if (text[i] == '.' || text[i] == '?' || text[i] == '!') && text[i+1] == ' ' && i > start+2 &&
			!(text[i] == '.' && isAbbrevBefore(text[start:i])) {
			out = append(out, text[start:i+1])
			start = i + 2
		}
	}
	return append(out, text[start:])
}

// isAbbrevBefore reports whether s ends in a title abbreviation or an
// initial ("Dr", "Gov", "U.S"), after which a dot does not end a sentence.
func isAbbrevBefore(s string) bool {
	k := strings.LastIndexAny(s, " (")
	last := s[k+1:]
	switch last {
	case "Dr", "Gov", "Sen", "Rep", "St", "Mr", "Mrs", "Ms", "Gen", "Lt", "Col", "Sgt", "Jr", "Sr", "Prof", "Rev", "No", "vs":
		return true
	}
	return len(last) <= 1 || strings.Contains(last, ".")
}

// Focus nouns by the kind of answer they ask for.
var (
	personNouns = setOf("person", "people", "man", "woman", "philanthropist", "singer", "actor", "actress",
		"player", "member", "official", "leader", "president", "governor", "senator", "minister", "director",
		"ceo", "executive", "coach", "star", "artist", "author", "writer", "rapper", "musician", "comedian",
		"judge", "candidate", "politician", "lawmaker", "celebrity", "athlete", "billionaire", "founder",
		"host", "journalist", "chief", "spokesman", "spokesperson", "general", "officer", "donor", "winner",
		"legend", "icon", "quarterback", "pitcher", "driver", "slugger", "queen", "king", "prince",
		"princess", "pope", "mayor", "secretary", "chairman", "nominee", "celebrities", "scientist")
	placeNouns = setOf("country", "countries", "nation", "nations", "state", "states", "city", "cities",
		"town", "continent", "region", "island", "county", "province", "capital", "place", "area",
		"neighborhood", "village", "location", "territory", "park", "river", "lake", "mountain", "airport",
		"destination", "port", "crossing", "border", "site")
	nameNouns = setOf("company", "companies", "team", "teams", "show", "shows", "movie", "movies", "film",
		"series", "book", "song", "album", "brand", "automaker", "carmaker", "airline", "retailer",
		"platform", "app", "network", "agency", "organization", "organisation", "group", "party", "band",
		"firm", "bank", "university", "school", "newspaper", "outlet", "channel", "service", "chain",
		"restaurant", "store", "supermarkets", "supermarket", "franchise", "club", "league", "event",
		"award", "awards", "festival", "holiday", "storm", "hurricane", "virus", "variant", "disease",
		"drug", "vaccine", "operator", "maker", "manufacturer", "giant", "startup", "website", "game",
		"console", "program", "bill", "law", "court", "ship", "rocket", "spacecraft", "mission", "telescope",
		"tournament", "championship", "race", "genre", "currency", "coin", "attraction")
	moneyWords = setOf("cost", "costs", "price", "pay", "paid", "fine", "fined", "fetch", "worth", "raise",
		"raised", "damage", "damages", "loan", "loans", "relief", "spend", "spent", "earn", "earned", "sell",
		"sold", "money", "dollars", "wage", "budget", "charge", "funding", "fund", "donate", "donated",
		"settlement", "salary", "bid", "offer", "deal", "forgiveness", "aid", "assistance", "revenue")
)

// readType finds the kind of answer the question sentence s asks for, and
// its focus words.
func readType(s string) (answerType, []word) {
	words := tokenize(s)
	if len(words) == 0 {
		return typeAny, nil
	}
	switch words[0].norm {
	case "is", "are", "was", "were", "did", "does", "do", "has", "have", "had", "will", "can", "could",
		"should", "would":
		return typeYesNo, nil
	}
	if n := len(words); n >= 3 && (words[n-1].norm == "called" || words[n-1].norm == "named") && words[0].norm == "what" {
		return typeName, nil // what is it called
	}
	if c := readQuoteCue(words); c == cueQuote || saysWhat(words) {
		return typeQuote, nil
	}
	for i := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1].norm
		}
		switch words[i].norm {
		case "how":
			switch next {
			case "long":
				return typeDuration, nil
			case "soon":
				return typeDate, nil
			case "many", "old", "big", "large", "high", "far", "tall", "fast", "heavy":
				return typeNumber, focusRun(words[i+2:])
			case "much":
				rest := words[i+2:]
				for j := range rest {
					if moneyWords[rest[j].norm] || moneyWords[rest[j].stem] {
						return typeMoney, focusRun(rest)
					}
				}
				return typeNumber, focusRun(rest)
			}
			return typeAny, nil // how did it happen: an account
		case "why":
			return typeReason, nil
		case "when":
			return typeDate, nil
		case "where":
			return typePlace, nil
		case "who", "whom", "whose":
			if describesName(words[i+1:]) {
				return typeAny, nil // who is Abbas Kamel: a description
			}
			return typePerson, nil
		case "what", "which":
			return readWhich(words[i+1:])
		}
	}
	return typeAny, nil
}

// relationOf returns the noun words of an asking sentence "What is the N
// of X?" or "Who is the N of X?" ("capital" of "What is the capital of
// France?", "CEO" of "Who is the CEO of Tesla?"), and X when it is a name
// ("France", "Tesla"), or nil.
func relationOf(s string) (relation, target []word) {
	words := tokenize(s)
	k := 0
	for k < len(words) && words[k].norm != "what" && words[k].norm != "who" {
		k++
	}
	if k+3 >= len(words) || !beVerbs[words[k+1].norm] || words[k+2].norm != "the" {
		return nil, nil
	}
	for j := k + 3; j < len(words); j++ {
		switch w := &words[j]; {
		case w.norm == "of":
			if len(relation) == 0 || j+1 == len(words) {
				return nil, nil
			}
			for _, t := range words[j+1:] {
				if t.norm == "the" && len(target) == 0 {
					continue
				}
				if !t.capital || isStop(&t) {
					break
				}
				target = append(target, t)
			}
			return relation, target
		case (w.capital && !isAcronym(w)) || w.number || isStop(w) || len(relation) == 2:
			return nil, nil
		default:
			relation = append(relation, *w)
		}
	}
	return nil, nil
}

// saysRelation reports whether words say the relation a question asks
// about (see relationOf): its noun, within two words of the name it is
// of when the question names one ("Tesla CEO Elon Musk", "the capital of
// France", "Qatari Prime Minister").
func (an *analysis) saysRelation(words []word) bool {
	if an.relation == nil {
		return true
	}
	if !holdsAll(words, an.relation) {
		return false
	}
	if len(an.relTarget) == 0 {
		return true
	}
	head := &an.relation[len(an.relation)-1]
	for i := range words {
		if !sameTerm(&words[i], head) {
			continue
		}
		for j := max(0, i-len(an.relation)-2); j < min(len(words), i+3); j++ {
			for t := range an.relTarget {
				if sameTerm(&words[j], &an.relTarget[t]) {
					return true
				}
			}
		}
	}
	return false
}

// askedInPast reports whether the asking sentence s asks "when did…",
// "when was…", "when were…" or "when had…".
func askedInPast(s string) bool {
	words := tokenize(s)
	for k := 0; k+1 < len(words); k++ {
		if words[k].norm == "when" {
			switch words[k+1].norm {
			case "did", "was", "were", "had":
				return true
			}
		}
	}
	return false
}

// beVerbs are the forms of "to be" a definitional question asks with.
var beVerbs = setOf("is", "was", "are", "were")

// predicateOf returns up to two lower-case content words of the asking
// sentence s after its wh-word and focus.
func predicateOf(s string, focus []word) []word {
	words := tokenize(s)
	k := 0
	for k < len(words) {
		switch words[k].norm {
		case "who", "whom", "whose", "what", "which", "when", "where", "why", "how":
			k++
			goto found
		}
		k++
	}
	return nil
found:
	var out []word
	for ; k < len(words) && len(out) < 2; k++ {
		w := &words[k]
		if isStop(w) || w.capital || w.number || inFocus(focus, w) || measureNouns[w.norm] || kindNouns[w.norm] ||
			(k > 0 && words[k-1].norm == "how" && howWords[w.norm]) {
			continue
		}
		out = append(out, *w)
	}
	return out
}

// saysWhat reports a question for someone's words: "What did he say?",
// "What did the president declare?".
func saysWhat(words []word) bool {
	if len(words) < 3 || words[0].norm != "what" || (words[1].norm != "did" && words[1].norm != "does") {
		return false
	}
	switch words[len(words)-1].norm {
	case "say", "declare", "announce", "tell", "write", "tweet", "claim", "promise", "warn":
		return true
	}
	return false
}

// describesName reports whether rest, after "who", asks who a named
// person is: "is Abbas Kamel", "was Vin Scully".
func describesName(rest []word) bool {
	if len(rest) < 2 || (rest[0].norm != "is" && rest[0].norm != "was" && rest[0].norm != "are") {
		return false
	}
	for i := range rest[1:] {
		if !rest[1+i].capital && rest[1+i].norm != "the" {
			return false
		}
	}
	return true
}

// readWhich reads what follows "what" or "which".
func readWhich(rest []word) (answerType, []word) {
	for len(rest) > 0 && (rest[0].norm == "of" || rest[0].norm == "the" || rest[0].norm == "following") {
		rest = rest[1:]
	}
	if len(rest) > 2 && kindNouns[rest[0].norm] && rest[1].norm == "of" {
		rest = rest[2:] // which kind of animal: an animal
	}
	if len(rest) == 0 {
		return typeAny, nil
	}
	switch rest[0].norm {
	case "year", "date", "day", "month", "time":
		return typeDate, rest[:1]
	case "percentage", "percent", "share", "number", "proportion", "age":
		return typeNumber, rest[:1]
	case "amount", "sum", "price":
		return typeMoney, rest[:1]
	case "is", "are", "was", "were":
		if m := measureOf(rest[1:]); m != nil {
			return typeNumber, m // what is the boiling point of water
		}
		if len(rest) > 2 && rest[1].norm == "the" && superlative(&rest[2]) {
			if kind, focus := readWhich(rest[3:]); kind != typeAny {
				return kind, focus // which is the most popular Halloween costume
			}
		}
		return typeAny, nil // what is…: an account
	case "did", "does", "do", "has", "have", "will", "would", "can", "could", "happened":
		return typeAny, nil // what did…: an account
	}
	focus := focusRun(rest)
	for i := range focus {
		switch n := focus[i].norm; {
		case n == "amount" || n == "sum" || n == "price" || n == "fee" || n == "wage" || n == "salary":
			return typeMoney, focus[i : i+1] // which hourly amount
		case n == "percentage" || n == "percent" || n == "number":
			return typeNumber, focus[i : i+1]
		case personNouns[n]:
			return typePerson, focus[i : i+1]
		case placeNouns[n]:
			return typePlace, focus[i : i+1]
		case nameNouns[n]:
			return typeName, focus[i : i+1]
		}
	}
	if len(focus) == 0 {
		return typeAny, nil
	}
	return typeThing, focus[len(focus)-1:]
}

// kindNouns ask for a kind of what follows them: "which kind of animal".
var kindNouns = setOf("kind", "type", "sort", "breed", "species", "variety", "form", "brand", "piece")

// superlative reports whether w ranks what follows: "most", "best",
// "biggest", "largest".
func superlative(w *word) bool {
	switch w.norm {
	case "most", "least", "best", "worst", "top", "first", "last", "only", "main", "latest":
		return true
	}
	return strings.HasSuffix(w.norm, "est") && len(w.norm) > 5
}

// measureNouns are what a number measures: "what is the boiling point".
var measureNouns = setOf("point", "temperature", "price", "rate", "population", "height", "cost", "speed",
	"distance", "weight", "length", "size", "score", "age", "toll", "depth", "total", "budget",
	"salary", "value", "capacity", "magnitude")

// measureOf returns the focus of "the boiling point of water", after
// "what is", when its head is a measure; nil otherwise.
func measureOf(rest []word) []word {
	if len(rest) == 0 || rest[0].norm != "the" {
		return nil
	}
	f := focusRun(rest[1:])
	for i := range f {
		if measureNouns[f[i].norm] {
			return f[:i+1]
		}
	}
	return nil
}

// focusRun returns the words right after a wh-phrase that name what it
// asks about: the content words up to the first stop word, number or
// adverb of time ("which product early next month").
func focusRun(words []word) []word {
	var out []word
	for i := range words {
		w := &words[i]
		if isStop(w) || w.number || timeAdverbs[w.norm] || dateWords[w.stem] {
			break
		}
		if len(out) > 0 && (w.norm == "one" || (verbForm(w) && !strings.HasSuffix(out[len(out)-1].norm, "ly"))) {
			break // which animals slipped loose, which item showed one
		}
		out = append(out, *w)
		if len(out) == 4 || w.pause {
			break // which condiment, sparking outrage
		}
	}
	return out
}

// verbForm reports whether w reads as a verb's past or -ing form
// ("slipped", "showed", "sparking") rather than a noun; names, and short
// words ("red", "king"), are not. After an adverb it is an adjective
// ("highly anticipated").
func verbForm(w *word) bool {
	return !w.capital && len(w.norm) > 5 && (strings.HasSuffix(w.norm, "ed") || strings.HasSuffix(w.norm, "ing"))
}

// timeAdverbs say when, and end the noun phrase before them.
var timeAdverbs = setOf("early", "late", "soon", "recently", "now", "today", "yesterday", "tonight", "tomorrow",
	"ago", "later", "earlier", "again", "currently", "previously", "finally", "already")

// keptStops returns the words of the question stop list that carry meaning
// where they stand: "last" of "where did they last meet", not of "last
// week".
func keptStops(text string, have []qterm) []qterm {
	words := tokenize(text)
	var out []qterm
	for i := range words {
		if words[i].norm != "last" || (i+1 < len(words) && (timeUnits[words[i+1].stem] || dateWords[words[i+1].stem] || monthNumber[words[i+1].norm] != 0)) {
			continue
		}
		if slices.ContainsFunc(have, func(t qterm) bool { return t.norm == "last" }) {
			continue
		}
		out = append(out, qterm{word: words[i]})
		break
	}
	return out
}

// dropTerms returns terms without those whose norm is in drop.
func dropTerms(terms []qterm, drop map[string]bool) []qterm {
	out := terms[:0:0]
	for _, t := range terms {
		if !drop[t.norm] {
			out = append(out, t)
		}
	}
	return out
}

// setOf returns the set of words.
func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
