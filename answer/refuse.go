package answer

import (
	"strings"

	"newsdesk/internal/news"
	"newsdesk/retrieval"
)

// notFound is the plain sentence of a refusal.
const notFound = "I couldn't find that in the news corpus."

// refusal returns the refused answer to a question whose standalone form
// was query; missing, when not empty, names what no passage mentions.
func refusal(query string, missing []string) news.Answer {
	text := notFound
	if len(missing) > 0 {
		text += " Nothing I found mentions " + quoteList(missing) + "."
	}
	return news.Answer{Text: text, Refused: true, Query: query}
}

// quoteList writes `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = "“" + s + "”"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// vocabulary is the set of words of the retrieved passages and titles.
type vocabulary struct {
	stems map[string]bool
	norms map[string]bool
}

func newVocabulary(results []retrieval.Result) vocabulary {
	v := vocabulary{stems: map[string]bool{}, norms: map[string]bool{}}
	add := func(text string) {
		words := tokenize(text)
		for i := range words {
			v.stems[words[i].stem] = true
			v.norms[words[i].norm] = true
			if words[i].hyphenNext && i+1 < len(words) {
				joined := words[i].norm + words[i+1].norm // week-long → weeklong
				v.norms[joined] = true
				v.stems[stemOf(joined)] = true
			}
		}
	}
	seenTitle := map[string]bool{}
	for i := range results {
		add(results[i].Passage.Text)
		if t := titleOf(&results[i].Article); !seenTitle[t] { // the headline a reader sees, made from the URL when there is none
			seenTitle[t] = true
			add(t)
		}
	}
	return v
}

// has reports whether the vocabulary holds the term, or its demonym / place.
func (v vocabulary) has(t *word) bool {
	if v.stems[t.stem] || v.norms[t.norm] {
		return true
	}
	for n := range v.norms {
		if isDemonym(t.norm, n) || isDemonym(n, t.norm) {
			return true
		}
	}
	return false
}

// missingCentral returns what the evidence lacks for q to be answerable, as
// the words of the question: the names (capitalised words, acronyms) that
// no retrieved passage mentions — "Who won the World Series?" asked of
// news about a war — or, when more than half of the question's other
// content words appear nowhere, those words. Numbers alone never refuse
// ("in 2023" may be written "last year"). Adjacent missing words are
// reported as one phrase. It returns nil when the evidence may answer.
func missingCentral(q *question, results []retrieval.Result) []string {
	v := newVocabulary(results)
	var missingNames, missingOther []*qterm
	others := 0
	for i := range q.terms {
		t := &q.terms[i]
		switch {
		case t.number:
			continue
		case t.name:
			if !v.has(&t.word) {
				missingNames = append(missingNames, t)
			}
		default:
			others++
			if !v.has(&t.word) {
				missingOther = append(missingOther, t)
			}
		}
	}
	switch {
	case len(missingNames) > 0:
		return phrases(q.text, missingNames)
	case others >= 2 && 2*len(missingOther) > others:
		return phrases(q.text, missingOther)
	}
	return nil
}

// phrases joins terms that stand next to each other in text ("World",
// "Series" → "World Series").
func phrases(text string, terms []*qterm) []string {
	var out []string
	for i := 0; i < len(terms); i++ {
		start, end := terms[i].start, terms[i].end
		for i+1 < len(terms) && strings.TrimSpace(text[end:terms[i+1].start]) == "" {
			i++
			end = terms[i].end
		}
		out = append(out, text[start:end])
	}
	return out
}
