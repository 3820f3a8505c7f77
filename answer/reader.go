package answer

import (
	"math"
	"regexp"
	"sort"
	"strings"

	"newsdesk/retrieval"
)

// The extracting reader: it reads the sentences of the retrieved passages
// and of their neighbours in the article, scores each for holding an
// answer of the kind the question expects (see analysis) that the question
// does not already hold, near the question's words, and leads the answer
// with the best one.

// neighbourBytes is how far before and after a passage the reader looks
// for sentences of its article: an answer is often the sentence after the
// one that matches the question ("As a result, only nine trucks…").
const neighbourBytes = 400

// withNeighbours returns results with each passage widened to the whole
// sentences of its article within neighbourBytes of it.
func withNeighbours(results []retrieval.Result) []retrieval.Result {
	out := make([]retrieval.Result, len(results))
	for i, r := range results {
		out[i] = r
		body := r.Article.Body
		p := r.Passage
		if p.End > len(body) || p.Start < 0 || body[p.Start:p.End] != p.Text {
			continue // a passage that is not a slice of its body (a test's fake)
		}
		start, end := max(0, p.Start-neighbourBytes), min(len(body), p.End+neighbourBytes)
		if start > 0 { // begin at a sentence start
			if k := sentenceStartAfter(body, start, p.Start); k >= 0 {
				start = k
			} else {
				start = p.Start
			}
		}
		if end < len(body) { // end at a sentence end
			if k := strings.LastIndexAny(body[p.End:end], ".!?”\"\n"); k >= 0 {
				end = p.End + k + 1
			} else {
				end = p.End
			}
		}
		out[i].Passage.Start, out[i].Passage.End, out[i].Passage.Text = start, end, body[start:end]
	}
	return out
}

// sentenceStartAfter returns the first offset in body[from:limit] where a
// sentence starts (after ". ", a line break…), or -1.
func sentenceStartAfter(body string, from, limit int) int {
	for i := from; i < limit; i++ {
		c := body[i]
		if c == '\n' || ((c == '.' || c == '!' || c == '?') && i+1 < limit && body[i+1] == ' ') {
			j := i + 1
			for j < limit && (body[j] == ' ' || body[j] == '\n') {
				j++
			}
			if j < limit {
				return j
			}
		}
	}
	return -1
}

// evidence is what the reader found in one candidate sentence.
type evidence struct {
	strength   float64    // how well it holds a new answer of the expected kind (see answerStrength)
	typed      bool       // strength > 0
	viaTitle   bool       // only its article's headline holds one
	pronoun    bool       // opens with a bare pronoun
	antecedent *candidate // the sentence before it in its article, when it opens with a pronoun
}

// bare pronouns that open a sentence and need the one before it.
var barePronouns = setOf("he", "she", "they", "it", "his", "her", "their", "its", "this", "these", "those", "that")

// read answers an from the retrieved results, or refuses.
func (s *Service) read(an *analysis, results []retrieval.Result) Answer {
	cands := candidates(withNeighbours(results))
	if len(cands) == 0 {
		return refusal(an.q.text, nil)
	}
	q := an.q
	q.cue = cueNone // the reader weighs the kind of answer itself
	scoreSentences(&q, cands)
	known := knownNames(cands)
	ev := make([]evidence, len(cands))
	titleTyped := map[string]bool{}
	for i := range cands {
		c := &cands[i]
		e := &ev[i]
		e.strength = an.answerStrength(c.text, c.words, known)
		e.typed = e.strength > 0
		doc := c.docID()
		tt, ok := titleTyped[doc]
		if !ok {
			title := headline(&c.result.Article)
			tt = an.kind == typeName || an.kind == typeThing || an.kind == typePerson || an.kind == typePlace
			tt = tt && title != "" && an.answerStrength(title, tokenize(title), known) > 0
			titleTyped[doc] = tt
		}
		if len(c.words) > 0 && barePronouns[c.words[0].norm] && c.words[0].start == 0 {
			e.pronoun = true
			e.antecedent = previousSentence(cands, i)
		}
		if !e.pronoun && an.definiteFocus(c.text, c.words, known) {
			// "the wildly popular South Korean show", "the country's most
			// populous island": the sentence names what is asked about by the
			// question's own noun; the name is in the sentence before, or in
			// the headline.
			e.typed, e.strength = false, 0
			if p := previousSentence(cands, i); p != nil {
				if st := an.answerStrength(p.text, p.words, known); st > 0 {
					e.antecedent, e.typed, e.strength = p, true, st
				}
			}
		}
		e.viaTitle = !e.typed && tt
		c.score += an.bonus(c, e)
		if an.scope.known() && !an.scope.holds(c.result.Article.PublishedAt) {
			c.score *= outOfScope
		}
	}
	minCover := s.opts.MinCover * math.Min(1, longQuestion/float64(max(1, len(q.terms))))
	if len(an.outlets) > 0 {
		return s.perOutlet(an, cands, ev, minCover)
	}
	order := rankCandidates(cands)
	lead := -1
	for _, i := range order {
		if cands[i].cover < minCover {
			continue
		}
		if an.kind.strict() && !ev[i].typed && !ev[i].viaTitle {
			continue
		}
		lead = i
		break
	}
	if lead < 0 {
		return refusal(an.q.text, nil)
	}
	chosen := []int{lead}
	for _, i := range order {
		if len(chosen) == 1+maxSupport || cands[i].score < s.opts.KeepRatio*cands[lead].score {
			break
		}
		if i == lead || cands[i].cover < minCover/2 || (an.kind.strict() && !ev[i].typed) || ev[i].pronoun {
			continue
		}
		if !s.fits(cands, chosen, i) {
			continue
		}
		chosen = append(chosen, i)
	}
	return compose(cands, ev, chosen)
}

// outOfScope discounts a sentence of an article published outside the
// question's time scope ("this week", "in 2022").
const outOfScope = 0.75

// maxSupport is how many sentences may follow the one that answers.
const maxSupport = 2

// fits reports whether candidate i may join chosen: it repeats none of
// them, keeps one article per near-duplicate group, and the answer within
// MaxChars.
func (s *Service) fits(cands []candidate, chosen []int, i int) bool {
	size := len(cands[i].text)
	for _, j := range chosen {
		if nearRepeat(cands[i].words, cands[j].words) {
			return false
		}
		if groupKey(cands[i].result) == groupKey(cands[j].result) && cands[i].docID() != cands[j].docID() {
			return false
		}
		size += len(cands[j].text)
	}
	return size <= s.opts.MaxChars
}

// rankCandidates returns the candidates' indexes, best score first.
func rankCandidates(cands []candidate) []int {
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := &cands[order[a]], &cands[order[b]]
		if x.score != y.score {
			return x.score > y.score
		}
		if x.result.Rank != y.result.Rank {
			return x.result.Rank < y.result.Rank
		}
		return x.start < y.start
	})
	return order
}

// bonus is what the kind of answer adds to a sentence's score: holding a
// new answer of the expected kind, or only its headline holding one, or
// none; a sentence that says nothing the question does not loses.
func (an *analysis) bonus(c *candidate, e *evidence) float64 {
	b := 0.0
	switch {
	case an.kind == typeReason:
		if hasCause(c.words) {
			b += 0.15
		}
	case an.kind == typeAny || an.kind == typeYesNo:
	case e.typed:
		b += 0.3 * e.strength
	case e.viaTitle:
		b += 0.15
	default:
		b -= 0.1
	}
	if !saysMore(c.words, &an.q) {
		b -= 0.2
	}
	if e.pronoun && e.antecedent == nil {
		b -= 0.1
	}
	return b
}

// causeWords introduce a reason.
var causeWords = setOf("because", "due", "after", "amid", "over", "citing", "risk", "since", "caused",
	"cause", "result", "reason", "so", "fear", "fears", "concern", "concerns", "threat", "led")

func hasCause(words []word) bool {
	for i := range words {
		if causeWords[words[i].norm] {
			return true
		}
	}
	return false
}

// saysMore reports whether words hold a content word the question does not.
func saysMore(words []word, q *question) bool {
	for i := range words {
		w := &words[i]
		if isStop(w) {
			continue
		}
		if !inQuestion(q, w) {
			return true
		}
	}
	return false
}

// inQuestion reports whether w is one of q's terms.
func inQuestion(q *question, w *word) bool {
	for i := range q.terms {
		if sameTerm(&q.terms[i].word, w) {
			return true
		}
	}
	return false
}

// previousSentence returns the candidate right before cands[i] in its
// article (only white space between them), or nil.
func previousSentence(cands []candidate, i int) *candidate {
	c := &cands[i]
	body := c.result.Article.Body
	var best *candidate
	for j := range cands {
		d := &cands[j]
		if d.docID() != c.docID() || d.start >= c.start {
			continue
		}
		if best == nil || d.start > best.start {
			best = d
		}
	}
	if best == nil || best.start+len(best.raw) > c.start || strings.TrimSpace(body[best.start+len(best.raw):c.start]) != "" {
		return nil
	}
	return best
}

// headline returns the article's title without the outlet's name after it
// ("… - CNN"), or "" for a newsletter round-up ("5 things to know for June
// 13: …"), which is no story's headline.
func headline(a *retrieval.Article) string {
	t := strings.TrimSpace(a.Title)
	if roundUp.MatchString(t) {
		return ""
	}
	for _, sep := range []string{" - ", " | ", " – ", " — "} {
		if k := strings.LastIndex(t, sep); k > 0 && len(t)-k < 40 {
			t = strings.TrimSpace(t[:k])
		}
	}
	return t
}

// roundUp matches the titles of newsletter round-ups.
var roundUp = regexp.MustCompile(`(?i)^\d+ things to know\b|\bthings to know (for|today|this)\b|^(morning|evening|daily) (brief|briefing|digest|newsletter)\b`)

// definiteFocus reports whether the sentence refers to what is asked by a
// definite noun phrase with the question's focus noun ("the … show", "the
// country's"), with no name right after it naming it ("the show Squid
// Game").
func (an *analysis) definiteFocus(text string, words []word, known map[string]bool) bool {
	if len(an.focus) == 0 || an.kind == typeNumber || an.kind == typeMoney {
		return false
	}
	f := &an.focus[len(an.focus)-1]
	for k := range words {
		if !sameTerm(&words[k], f) {
			continue
		}
		det := false
		for j := max(0, k-5); j < k; j++ {
			switch words[j].norm {
			case "the", "this", "that":
				det = true
			}
		}
		if !det {
			continue
		}
		if k+1 < len(words) && isNameWord(text, words, k+1, known) && joined(text, words, k+1) {
			continue
		}
		return true
	}
	return false
}
