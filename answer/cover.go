package answer

import (
	"math"
	"strings"
)

// How much of the question a sentence holds, and the helpers that say
// which words of a question are one name.

// whWeight is how much more a word of the sentence that asks weighs than a
// word of the sentences that set the scene before it ("A volcano erupted
// this week. Which country…?").
const whWeight = 1.3

// scoreCover sets each candidate's cover and base score: the share of the
// question's terms it holds (own), each weighted by its rarity among the
// candidates (IDF), names and the asking sentence's words counting more,
// blended with the share its article's read sentences and headline hold
// (contextShare); a small bonus for an article's lead, a discount for a
// long sentence and by the retrieval rank of its article.
func scoreCover(an *analysis, cands []candidate) {
	terms := an.q.terms
	if len(terms) == 0 {
		for i := range cands {
			cands[i].score = math.Max(0.6, 1-0.05*float64(cands[i].result.Rank-1)) * 0.1
			if cands[i].lead {
				cands[i].score += 0.05 // with no topic, an article's lead says what it reports
			}
		}
		return
	}
	asking := tokenize(wh(an.q.text))
	units := an.units
	has := make([][]bool, len(cands))
	df := make([]int, len(units))
	for c := range cands {
		has[c] = make([]bool, len(units))
		for u, members := range units {
			for _, t := range members {
				if holdsMember(cands[c].words, &terms[t], len(members) > 1) {
					has[c][u] = true
				}
			}
			if has[c][u] {
				df[u]++
			}
		}
	}
	weight := make([]float64, len(units))
	total := 0.0
	for u, members := range units {
		for _, t := range members {
			w := math.Log(1 + float64(len(cands))/float64(max(df[u], 1)))
			if terms[t].name {
				w *= 1.5
			}
			if holds(asking, &terms[t].word) {
				w *= whWeight
			}
			weight[u] = max(weight[u], w)
		}
		total += weight[u]
	}
	articleRank := map[string]int{}
	for c := range cands {
		if r, ok := articleRank[cands[c].docID()]; !ok || cands[c].result.Rank < r {
			articleRank[cands[c].docID()] = cands[c].result.Rank
		}
	}
	articleHas := map[string][]bool{} // by article: its title and all its read sentences
	for c := range cands {
		r := cands[c].result
		ph, ok := articleHas[r.Article.DocID]
		if !ok {
			ph = make([]bool, len(units))
			title := tokenize(r.Article.Title)
			for u, members := range units {
				for _, t := range members {
					ph[u] = ph[u] || holds(title, &terms[t].word)
				}
			}
			articleHas[r.Article.DocID] = ph
		}
		for u := range units {
			ph[u] = ph[u] || has[c][u]
		}
	}
	for c := range cands {
		cand := &cands[c]
		ctx, own := 0.0, 0.0
		for t, ok := range articleHas[cand.docID()] {
			if ok {
				ctx += weight[t] / total
			}
			if has[c][t] {
				own += weight[t] / total
			}
		}
		cand.own = own
		cand.cover = (1-contextShare)*own + contextShare*ctx
		cand.score = cand.cover
		if cand.lead {
			cand.score += 0.05
		}
		if len(cand.words) > 60 {
			cand.score -= 0.1
		}
		cand.score *= math.Max(0.6, 1-0.05*float64(articleRank[cand.docID()]-1))
	}
}

// holdsMember reports whether words hold t, a term of the question; a
// word of a name of several words (inName) only as a name, with its
// capital: "Burns said" holds "CIA Director Bill Burns", "after the game"
// does not hold "Squid Game".
func holdsMember(words []word, t *qterm, inName bool) bool {
	if !inName || !t.capital || t.number {
		return holds(words, &t.word)
	}
	for i := range words {
		if words[i].capital && sameTerm(&words[i], &t.word) {
			return true
		}
	}
	return false
}

// isDemonymWord reports whether a capitalised word reads as a people's
// adjective (Korean, Chinese, Israeli, Danish), which describes rather
// than names.
func isDemonymWord(norm string) bool {
	for _, suf := range []string{"an", "ese", "ish", "i"} {
		if strings.HasSuffix(norm, suf) && len(norm) > len(suf)+3 {
			return true
		}
	}
	return false
}

// nameUnits groups the question's terms into what the question speaks of:
// the words of one name written together ("CIA Director Bill Burns",
// "Person of the Year") are one unit, held by a sentence that holds any of them ("Burns said…"); every
// other term is a unit of its own. It returns the term indexes of each unit.
func nameUnits(text string, terms []qterm) [][]int {
	place := placeRuns(text)
	var units [][]int
	for t := range terms {
		if n := len(units); n > 0 && terms[t].name && !terms[t].number {
			prev := units[n-1][len(units[n-1])-1]
			if gap := strings.TrimSpace(text[min(terms[prev].end, terms[t].start):terms[t].start]); terms[prev].name &&
				!terms[prev].number && terms[prev].end <= terms[t].start && (gap == "" || gap == "of" || gap == "of the") &&
				place[terms[prev].start] == place[terms[t].start] {
				units[n-1] = append(units[n-1], t)
				continue
			}
		}
		units = append(units, []int{t})
	}
	return units
}

// placeRuns numbers the US states and countries text names by their
// words' start offsets (from 1; other words are 0), so that nameUnits keeps
// a place apart from the name written after it: "the New Hampshire Senate
// race" speaks of New Hampshire and of the Senate, and a sentence about
// the Senate alone is not about New Hampshire.
func placeRuns(text string) map[int]int {
	words := tokenize(text)
	out := map[int]int{}
	n := 0
	for _, c := range []placeClass{placeState, placeCountry} {
		for _, sp := range placesIn(c, words) {
			if _, seen := out[words[sp.from].start]; seen || (sp.to-sp.from == 1 && !placeNames[c][words[sp.from].norm]) {
				continue // a people's adjective ("Korean") describes; it is not the place
			}
			if sp.from > 0 && words[sp.from-1].capital && !isStop(&words[sp.from-1]) {
				continue // the end of a longer name: "Michael Jordan"
			}
			n++
			for k := sp.from; k < sp.to; k++ {
				out[words[k].start] = n
			}
		}
	}
	return out
}

// holdsAnyTerm reports whether words hold one of the question's terms: a
// headline about what the question asks about.
func holdsAnyTerm(words []word, q *question) bool {
	for i := range words {
		if !isStop(&words[i]) && inQuestion(q, &words[i]) {
			return true
		}
	}
	return false
}
