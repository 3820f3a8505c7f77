package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/internal/text"
)

// queryTerm is one analysed query term with the weight it carries in
// ranking.
type queryTerm struct {
	term   string
	weight float64
}

// parsedQuery is a question analysed for ranking.
type parsedQuery struct {
	terms []queryTerm // distinct terms, in order of first appearance
	text  string      // the words kept, for the embedder
	// horizon is how many days back the question looks, judged from its
	// wording ("this week", "last month"); 0 means not said.
	horizon float64
}

// Query term weights: a name (a capitalised word inside a sentence) or a
// quoted phrase says more about which story is meant than a common word.
const (
	nameWeight  = 1.5
	quoteWeight = 1.5
)

// quizWords are the words of quiz and question phrasing, and of the time
// cues that shape the recency prior instead: in a question they say nothing
// about the story asked for. They are dropped from queries only; articles
// keep them.
var quizWords = text.NewStopList(`recent recently latest week weeks weekend month months year years today yesterday
tonight ago currently last later earlier past soon called named name known many much following approximately nearly roughly around
reportedly reported announced new`)

// parseQuery analyses a question: stop words and quiz words dropped, names
// and quoted phrases weighted up, the time horizon of its wording noted.
func parseQuery(a *text.Analyzer, question string) parsedQuery {
	var q parsedQuery
	q.horizon = horizonOf(question)
	index := make(map[string]int, 16)
	var kept strings.Builder
	sentenceStart, quoted := true, false
	for _, field := range strings.Fields(question) {
		core := strings.TrimLeft(field, "([")
		if strings.HasPrefix(core, "\"") || strings.HasPrefix(core, "“") {
			quoted = true
		}
		first, _ := utf8.DecodeRuneInString(strings.TrimLeft(core, "\"“‘'"))
		weight := 1.0
		switch {
		case quoted:
			weight = quoteWeight
		case unicode.IsUpper(first) && !sentenceStart:
			weight = nameWeight
		}
		text.Words(field, func(w string) {
			if quizWords.Has(w) {
				return
			}
			t, ok := a.Term(w)
			if !ok {
				return
			}
			kept.WriteString(w)
			kept.WriteByte(' ')
			if i, seen := index[t]; seen {
				q.terms[i].weight = max(q.terms[i].weight, weight)
				return
			}
			index[t] = len(q.terms)
			q.terms = append(q.terms, queryTerm{term: t, weight: weight})
		})
		end := strings.TrimRight(field, ".,;:?!)]")
		if strings.HasSuffix(end, "\"") || strings.HasSuffix(end, "”") {
			quoted = false
		}
		end = strings.TrimRight(field, "\"”’')]")
		sentenceStart = strings.HasSuffix(end, ".") || strings.HasSuffix(end, "?") || strings.HasSuffix(end, "!") || strings.HasSuffix(end, ":")
	}
	q.text = kept.String()
	q.terms = withAliases(a, q.terms)
	return q
}

// aliasGroups are words news uses for one country: an article on "the
// British prime minister" answers a question about the UK's.
var aliasGroups = [][]string{{"uk", "britain", "british"}}

// aliasWeight is an alias's share of the weight of the word the question
// used.
const aliasWeight = 0.5

// withAliases adds to terms the other words of each alias group one of
// them is in, at aliasWeight of its weight.
func withAliases(a *text.Analyzer, terms []queryTerm) []queryTerm {
	n := len(terms)
	for _, group := range aliasGroups {
		var stems []string
		for _, w := range group {
			if t, ok := a.Term(w); ok {
				stems = append(stems, t)
			}
		}
		weight := 0.0
		for i := 0; i < n; i++ {
			for _, st := range stems {
				if terms[i].term == st {
					weight = max(weight, terms[i].weight)
				}
			}
		}
		if weight == 0 {
			continue
		}
		for _, st := range stems {
			if !seenTerm(terms, st) {
				terms = append(terms, queryTerm{term: st, weight: aliasWeight * weight})
			}
		}
	}
	return terms
}

// horizonOf returns how many days back a question looks by its wording, or 0
// when it does not say. The longest horizon named wins. Years are not cues:
// "later this year" and "over the past year" are said of this week's news.
func horizonOf(text string) float64 {
	lower := strings.ToLower(text)
	h := 0.0
	for _, c := range horizonCues {
		if strings.Contains(lower, c.phrase) {
			h = max(h, c.days)
		}
	}
	return h
}

var horizonCues = []struct {
	phrase string
	days   float64
}{
	{"today", 3}, {"yesterday", 3}, {"tonight", 3}, {"this week", 7}, {"last week", 14},
	{"past week", 10}, {"recent days", 10}, {"this weekend", 7}, {"this month", 31},
	{"last month", 62}, {"past month", 40},
}

// plainQuery is the question's terms without quiz-word removal or weights,
// for measuring what parseQuery adds.
func plainQuery(a *text.Analyzer, question string, horizon float64) parsedQuery {
	q := parsedQuery{horizon: horizon, text: question}
	for _, t := range a.Terms(nil, question) {
		if !seenTerm(q.terms, t) {
			q.terms = append(q.terms, queryTerm{term: t, weight: 1})
		}
	}
	return q
}
