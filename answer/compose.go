package answer

import (
	"strconv"
	"strings"

	"newsdesk/internal/news"
)

// compose writes the answer from the chosen candidates, the one that
// answers first: the sentence before it when it opens with a bare pronoun
// ("He argued…"), its article's headline when that names what the
// sentence only alludes to (and is about the question),
// then the supporting sentences. Each sentence is followed by the [n] of
// its article; sources are numbered in order of first citation, with the
// sentences as their quotes.
func compose(cands []candidate, ev []evidence, chosen []int) news.Answer {
	var seq []*candidate
	lead := chosen[0]
	if a := ev[lead].antecedent; a != nil {
		seq = append(seq, a)
	}
	seq = append(seq, &cands[lead])
	for _, i := range chosen[1:] {
		if &cands[i] != ev[lead].antecedent {
			seq = append(seq, &cands[i])
		}
	}
	prefix := ""
	if h := headline(&cands[lead].result.Article); ev[lead].antecedent == nil &&
		(ev[lead].viaTitle || (ev[lead].titleNames && namesMore(h, cands[lead].text))) {
		prefix = h + " — "
	}
	var c citer
	var text strings.Builder
	for k, cand := range seq {
		if k > 0 {
			text.WriteByte(' ')
		}
		if &cands[lead] == cand {
			text.WriteString(prefix)
		}
		text.WriteString(cand.text)
		text.WriteString(" [" + strconv.Itoa(c.cite(cand)) + "]")
	}
	return checkCitations(news.Answer{Text: text.String(), Citations: c.cites})
}

// namesMore reports whether the headline names someone or something (a
// capitalised word past its first) that the sentence does not: then the
// headline says plainly what the sentence only alludes to.
func namesMore(headline, sentence string) bool {
	words := tokenize(headline)
	for i := 1; i < len(words); i++ {
		if words[i].capital && !isStop(&words[i]) && !strings.Contains(sentence, words[i].text) {
			return true
		}
	}
	return false
}

// citer numbers the articles of an answer in order of first citation.
type citer struct {
	cites []news.Citation
	num   map[string]int
}

// cite returns the number of cand's article, adding cand to its quote.
func (c *citer) cite(cand *candidate) int {
	if c.num == nil {
		c.num = map[string]int{}
	}
	n, ok := c.num[cand.docID()]
	if !ok {
		n = len(c.cites) + 1
		c.num[cand.docID()] = n
		c.cites = append(c.cites, citationFor(n, &cand.result.Article))
	}
	c.cites[n-1].Quote = joinQuote(c.cites[n-1].Quote, cand.raw)
	return n
}

// perOutlet answers a question that names outlets: one cited line per
// outlet, its best sentence on the question ("CNN: … [1]"), in the order
// the question names them. An outlet with no article in the evidence gets
// a line saying so; when none has one, the question is refused.
func (s *Service) perOutlet(an *analysis, cands []candidate, ev []evidence, minCover float64) news.Answer {
	order := rankCandidates(cands)
	var c citer
	var lines []string
	found := 0
	for _, o := range an.outlets {
		best := -1
		for _, i := range order {
			if !o.matches(cands[i].result.Article.Source) {
				continue
			}
			if len(an.q.terms) > 0 && cands[i].cover < minCover/2 {
				continue
			}
			if (ev[i].pronoun && ev[i].antecedent == nil) || ev[i].other {
				continue
			}
			best = i
			break
		}
		if best < 0 {
			lines = append(lines, o.name+": nothing in its articles here on this.")
			continue
		}
		found++
		line := o.name + ": "
		if a := ev[best].antecedent; a != nil {
			line += a.text + " [" + strconv.Itoa(c.cite(a)) + "] "
		}
		line += cands[best].text + " [" + strconv.Itoa(c.cite(&cands[best])) + "]"
		lines = append(lines, line)
	}
	if found == 0 {
		names := make([]string, len(an.outlets))
		for i, o := range an.outlets {
			names[i] = o.name
		}
		a := refusal(an.q.text, nil)
		a.Text = "I couldn't find that in the news corpus's articles from " + strings.Join(names, " or ") + "."
		return a
	}
	return checkCitations(news.Answer{Text: strings.Join(lines, "\n"), Citations: c.cites})
}
