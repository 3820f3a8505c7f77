package answer

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
	"newsdesk/retrieval"
)

// The extracting reader: it reads the sentences of the retrieved passages
// and of their neighbours in the article, scores each for holding an
// answer of the kind the question expects (see analysis) that the question
// does not already hold, near the question's words, and leads the answer
// with the best one.

// evidence is what the reader found in one candidate sentence.
type evidence struct {
	strength   float64    // how well it holds a new answer of the expected kind (see answerStrength)
	typed      bool       // strength > 0
	viaTitle   bool       // only its article's headline holds one
	titleNames bool       // its article's headline holds one
	pronoun    bool       // opens with a bare pronoun
	other      bool       // is about another event or entity (see otherYear, aboutOther)
	antecedent *candidate // the sentence before it in its article, when it opens with a pronoun
}

// backReference reports whether a sentence opens by pointing at the one
// before it: "As a result, …", "Such a pause…", "That deal…".
func backReference(words []word) bool {
	switch words[0].norm {
	case "such", "instead", "then", "thus", "therefore":
		return true
	case "as":
		return len(words) > 2 && words[1].norm == "a" && words[2].norm == "result"
	}
	return false
}

// barePronouns open a sentence that needs the one before it.
var barePronouns = setOf("he", "she", "they", "it", "his", "her", "their", "its", "him", "them")

// demonstratives need the sentence before when they stand alone ("This
// is…"), not when they qualify a noun ("This week…").
var demonstratives = setOf("this", "that", "these", "those")

// pronounVerbs follow a demonstrative that stands alone.
var pronounVerbs = setOf("is", "was", "are", "were", "has", "had", "have", "will", "would", "could", "can", "may",
	"might", "means", "meant", "comes", "came", "includes", "included", "follows", "followed", "led", "leads", "marks",
	"marked", "makes", "made")

// barePronoun reports whether words open with a pronoun that stands for
// something in the sentence before.
func barePronoun(words []word) bool {
	if barePronouns[words[0].norm] {
		return true
	}
	return demonstratives[words[0].norm] && len(words) > 1 && pronounVerbs[words[1].norm]
}

// read answers an from the retrieved results, or refuses.
func (s *Service) read(an *analysis, results []retrieval.Result) news.Answer {
	cands, ev := an.weigh(results)
	if len(cands) == 0 {
		return refusal(an.q.text, nil)
	}
	q := an.q
	minCover := s.opts.MinCover * math.Min(1, longQuestion/float64(max(1, len(q.terms))))
	if len(an.outlets) > 0 {
		return s.perOutlet(an, cands, ev, minCover)
	}
	order := rankCandidates(cands)
	answers := func(i int) bool {
		return cands[i].cover >= minCover && (!an.kind.strict() || ev[i].typed || (ev[i].viaTitle && !ev[i].pronoun)) && !ev[i].other &&
			an.saysRelation(cands[i].words) && an.countsFocus(&cands[i], &ev[i]) && an.saysMeasured(cands[i].words)
	}
	lead := -1
	for _, i := range order {
		if answers(i) {
			lead = i
			break
		}
	}
	if lead < 0 {
		return an.withUnread(refusal(an.q.text, nil), results, cands)
	}
	// Supporting sentences: first from other articles (another outlet's
	// account, or another story's), then from the lead's own.
	chosen := []int{lead}
	limit := min(1+maxSupport, s.opts.MaxSentences)
	if ev[lead].antecedent != nil && limit > 1 {
		limit-- // the sentence before the lead is one of the supporting ones
	}
	supports := func(i int) bool {
		return !slices.Contains(chosen, i) && cands[i].cover >= minCover/2 && (!an.kind.strict() || ev[i].typed) &&
			!ev[i].pronoun && !ev[i].other && s.fits(cands, chosen, i)
	}
	// The best-ranked article's account comes second when the lead is from
	// another: retrieval's best article is most often the story asked about.
	if top := results[0].Article.DocID; cands[lead].docID() != top && limit > 1 {
		for _, i := range order {
			if cands[i].score < topRatio*cands[lead].score {
				break
			}
			if cands[i].docID() == top && supports(i) {
				chosen = append(chosen, i)
				break
			}
		}
	}
	for pass := 0; pass < 2; pass++ {
		for _, i := range order {
			if len(chosen) == limit || cands[i].score < s.opts.KeepRatio*cands[lead].score {
				break
			}
			if !supports(i) {
				continue
			}
			if other := cands[i].docID() != cands[lead].docID(); (pass == 0) != other {
				continue
			}
			chosen = append(chosen, i)
		}
	}
	return an.withUnread(compose(cands, ev, chosen), results, cands)
}

// countsFocus reports whether a sentence answering "how many X" says X,
// or the sentence before it does when it opens with a pronoun: "It has
// half the mass of Jupiter" does not say how many moons Jupiter has.
func (an *analysis) countsFocus(c *candidate, e *evidence) bool {
	if !an.howMany || holdsFocus(an.focus, c.words) {
		return true
	}
	return e.antecedent != nil && holdsFocus(an.focus, e.antecedent.words)
}

// saysMeasured reports whether a sentence answering "What is the M of X?"
// for a measure M (a speed, a price, a boiling point) says X, when X is a
// common noun the question names (see predicateOf): "wind speeds as high
// as 122 mph" is not the speed of light.
func (an *analysis) saysMeasured(words []word) bool {
	if !an.needFocus || len(an.predicate) == 0 {
		return true
	}
	return slices.ContainsFunc(an.predicate, func(w word) bool { return holds(words, &w) })
}

// unreadRank is how far down the results an article the reader could not
// read may be for withUnread to name it.
const unreadRank = 2

// withUnread adds to a, an answer or a refusal, an article of the first
// unreadRank results that the reader could not read — the corpus holds its
// headline but no sentence of its text — when its headline is about the
// question (it holds the question's names and two of its words): retrieval
// ranked it first, and its link is where the answer may be.
func (an *analysis) withUnread(a news.Answer, results []retrieval.Result, cands []candidate) news.Answer {
	read := map[string]bool{}
	for i := range cands {
		read[cands[i].docID()] = true
	}
	for k := 0; k < min(unreadRank, len(results)); k++ {
		art := &results[k].Article
		h := titleOf(art)
		if read[art.DocID] || h == "" || !an.headlineAbout(h) || slices.ContainsFunc(a.Citations, func(c news.Citation) bool { return c.DocID == art.DocID }) {
			continue
		}
		c := citationFor(len(a.Citations)+1, art)
		c.Quote = h // all the corpus holds of it
		line := "The corpus holds only the headline of an article that may say more: “" + h + "” [" + strconv.Itoa(c.N) + "]"
		if a.Refused {
			a.Text += " It holds only the headline of an article that may answer it: “" + h + "” [" + strconv.Itoa(c.N) + "]"
		} else {
			a.Text += "\n" + line
		}
		a.Citations = append(a.Citations, c)
		return a
	}
	return a
}

// headlineAbout reports whether a headline holds every name of the
// question (acronyms and numbers aside; a headline made from a URL has no
// capitals, so any case) and at least two of its words.
func (an *analysis) headlineAbout(h string) bool {
	words := tokenize(h)
	held := 0
	for i := range an.q.terms {
		t := &an.q.terms[i]
		switch {
		case holds(words, &t.word):
			held++
		case t.name && t.capital && !t.number && !isAcronym(&t.word):
			return false
		}
	}
	return held >= 2
}

// topRatio is how close to the lead's score the best sentence of the
// best-ranked article must come to follow it.
const topRatio = 0.65

// outOfScope discounts a sentence of an article published outside the
// question's time scope ("this week", "in 2022").
const outOfScope = 0.75

// weigh returns the candidate sentences of results and their neighbours,
// scored for answering an, with what the reader found in each.
func (an *analysis) weigh(results []retrieval.Result) ([]candidate, []evidence) {
	return an.weighWidened(an.withAsked(withNeighbours(results)))
}

// weighWidened is weigh of results already widened by withNeighbours; the
// candidates point into widened.
func (an *analysis) weighWidened(widened []retrieval.Result) ([]candidate, []evidence) {
	cands := candidates(widened)
	if len(cands) == 0 {
		return nil, nil
	}
	scoreCover(an, cands)
	known := knownNames(cands)
	ev := make([]evidence, len(cands))
	titleTyped := map[string]bool{}
	aboutOther := map[string]bool{}
	otherEventTitle := map[string]bool{} // the headline does not say what happened (see otherEvent)
	for i := range cands {
		doc := cands[i].docID()
		if _, ok := otherEventTitle[doc]; ok {
			continue
		}
		aboutOther[doc] = an.aboutOther(&cands[i])
		tw := tokenize(headline(&cands[i].result.Article))
		otherEventTitle[doc] = an.otherEvent(tw) || !holdsAll(tw, an.eventName)
	}
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
			tw := tokenize(title)
			tt = tt && title != "" && an.answerStrength(title, tw, known) > 0 && holdsAnyTerm(tw, &an.q)
			titleTyped[doc] = tt
		}
		if len(c.words) > 0 && c.words[0].start == 0 && (barePronoun(c.words) || backReference(c.words)) {
			e.pronoun = true
			e.antecedent = previousSentence(cands, i)
		}
		if !e.pronoun && e.strength < 1 && an.definiteFocus(c.text, c.words, known) {
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
		e.titleNames = tt
		e.other = an.otherYear(c.words) || aboutOther[doc] || an.beforeYear(c) ||
			(an.otherState(c.words) && (e.antecedent == nil || an.otherState(e.antecedent.words))) ||
			(an.otherEvent(c.words) && (e.antecedent == nil || an.otherEvent(e.antecedent.words)) && otherEventTitle[doc])
		c.score += an.bonus(c, e)
		if an.scope.known() && !an.scope.holds(c.result.Article.PublishedAt) {
			c.score *= outOfScope
		}
	}
	return cands, ev
}

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
		if an.namesItsPredicate(c.words) {
			b += 0.1 // "Netanyahu's vow to achieve" for what Netanyahu wants to achieve
		}
	case e.typed && an.kind == typeThing:
		b += 0.15 * e.strength // a name may answer "which animal", or a common noun
	case e.typed:
		b += 0.3 * e.strength
	case e.viaTitle:
		b += 0.15
	default:
		b -= 0.1
	}
	if n := novelty(c.words, &an.q); n == 0 {
		b -= 0.2
	} else if n < lowNovelty {
		b -= 0.1 // mostly the question's own words: a restatement
	}
	if e.pronoun && e.antecedent == nil {
		b -= 0.1
	}
	return b
}

// namesItsPredicate reports whether words hold one of the question's
// names within three words of one of its predicate words: the sentence
// says it of whom the question asks about.
func (an *analysis) namesItsPredicate(words []word) bool {
	for k := range words {
		if !inFocus(an.predicate, &words[k]) {
			continue
		}
		for j := max(0, k-3); j < min(len(words), k+4); j++ {
			if j != k && words[j].capital && inQuestionName(&an.q, &words[j]) {
				return true
			}
		}
	}
	return false
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

// lowNovelty is the share of new content words below which a sentence
// reads as a restatement of the question.
const lowNovelty = 0.25

// novelty returns the share of the content words of words that the
// question does not hold.
func novelty(words []word, q *question) float64 {
	content, fresh := 0, 0
	for i := range words {
		w := &words[i]
		if isStop(w) {
			continue
		}
		content++
		if !inQuestion(q, w) {
			fresh++
		}
	}
	if content == 0 {
		return 0
	}
	return float64(fresh) / float64(content)
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
func headline(a *news.Article) string {
	t := strings.TrimSpace(a.Title)
	if text.IsRoundUp(t) {
		return ""
	}
	for _, sep := range []string{" - ", " | ", " – ", " — "} {
		if k := strings.LastIndex(t, sep); k > 0 && len(t)-k < 40 {
			t = strings.TrimSpace(t[:k])
		}
	}
	return text.TrimLabel(t)
}

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
			continue // the show Squid Game
		}
		if k > 0 && isNameWord(text, words, k-1, known) && !isDemonymWord(words[k-1].norm) && an.newSpan(words, span{k - 1, k}) {
			continue // the Kerem Shalom crossing (not: the South Korean show)
		}
		return true
	}
	return false
}

// holdsAll reports whether words hold every one of ts.
func holdsAll(words []word, ts []word) bool {
	for i := range ts {
		if !holds(words, &ts[i]) {
			return false
		}
	}
	return true
}

// holdsFocus reports whether words hold the head of the focus.
func holdsFocus(focus []word, words []word) bool {
	return len(focus) > 0 && holds(words, &focus[len(focus)-1])
}
