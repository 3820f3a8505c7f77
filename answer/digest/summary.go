package digest

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// Limits of the extractive digest summary.
const (
	leadSentences    = 12  // sentences of each article considered
	minSentenceWords = 6   // shorter lines are credits, captions, datelines
	maxSentenceWords = 70  // longer "sentences" are run-on lists or tables
	redundantSim     = 0.5 // a sentence this close to a picked one adds nothing
	sameSentenceSim  = 0.8 // a sentence this close in another article is the same sentence
)

// storySentence is one candidate summary sentence of a story.
type storySentence struct {
	src  int // citation number (1-based)
	pos  int // order within its article
	text string
	v    vec
}

// pickedSummary is the extractive summary with its quotes by citation number.
type pickedSummary struct {
	text   string
	quotes map[int]string
}

// extractSummary picks up to max sentences: the lead of the representative
// article, then the sentences most similar to the story's centroid (with a
// small bonus for lead sentences), skipping repeats. Each sentence cites the
// articles it appears in.
//
// A sentence equal to skip (the headline, when it is made of a lead) is left
// out.
func extractSummary(arts []news.Article, order []int, centroid vec, max int, skip string) pickedSummary {
	var cands []storySentence
	stems := map[string]string{}
	for k, i := range order {
		for p, s := range articleSentences(arts[i].Body, leadSentences) {
			if s == skip {
				continue
			}
			cands = append(cands, storySentence{src: k + 1, pos: p, text: s, v: countTerms(s, stems).weigh(func(string) float64 { return 1 })})
		}
	}
	var picked []storySentence
	redundant := func(c storySentence) bool {
		for _, p := range picked {
			if c.v.dot(p.v) >= redundantSim {
				return true
			}
		}
		return false
	}
	// The lead of the representative article opens the summary: its first
	// sentence that does not lean on one before it ("It's not the first
	// time Biden…").
	for _, c := range cands {
		if c.src == 1 && !opensWithPronoun(c.text) {
			picked = append(picked, c)
			break
		}
	}
	for len(picked) < max {
		best, bestScore := -1, 0.0
		for j, c := range cands {
			if redundant(c) {
				continue
			}
			score := c.v.dot(centroid)
			if c.pos < 3 {
				score += 0.05 * float64(3-c.pos)
			}
			if best < 0 || score > bestScore {
				best, bestScore = j, score
			}
		}
		if best < 0 {
			break
		}
		picked = append(picked, cands[best])
	}

	out := pickedSummary{quotes: map[int]string{}}
	var b strings.Builder
	for _, p := range picked {
		srcs := []int{p.src}
		for _, c := range cands {
			if c.src != p.src && c.v.dot(p.v) >= sameSentenceSim && !containsInt(srcs, c.src) {
				srcs = append(srcs, c.src)
			}
		}
		var marks strings.Builder
		for _, n := range srcs {
			marks.WriteString("[" + strconv.Itoa(n) + "]")
			if out.quotes[n] == "" {
				out.quotes[n] = p.text
			} else {
				out.quotes[n] += " " + p.text
			}
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(withMarks(p.text, marks.String()))
	}
	out.text = b.String()
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// withMarks puts citation marks before a sentence's final punctuation:
// "It rained [1]."
func withMarks(s, marks string) string {
	r, size := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?':
		return s[:len(s)-size] + " " + marks + string(r)
	}
	return s + " " + marks
}

// articleSentences returns up to n clean sentences of a body, in order:
// paragraph by paragraph, lines too short to be prose (photo credits,
// bylines, captions) and page furniture (gallery text, editors' notes)
// skipped, datelines like "(CNN) —" stripped; only whole sentences, begun
// with a capital and ended with a full stop.
func articleSentences(body string, n int) []string {
	var out []string
	for _, para := range strings.Split(body, "\n") {
		para = strings.TrimSpace(para)
		if len(strings.Fields(para)) < minSentenceWords {
			continue
		}
		for _, sp := range text.Sentences(para) {
			s := stripCredit(text.StripDateline(text.OneLine(para[sp.Start:sp.End])))
			w := len(strings.Fields(s))
			if w < minSentenceWords || w > maxSentenceWords || !wholeSentence(s) || text.IsFurniture(s) {
				continue
			}
			out = append(out, s)
			if len(out) == n {
				return out
			}
		}
	}
	return out
}

// leadParagraphs returns the first n paragraphs of prose of a body, page
// furniture left out.
func leadParagraphs(body string, n int) []string {
	var out []string
	for _, para := range strings.Split(body, "\n") {
		para = strings.TrimSpace(para)
		if len(strings.Fields(para)) < minSentenceWords || text.IsFurniture(para) {
			continue // credits, bylines, captions; gallery text, editors' notes
		}
		out = append(out, text.StripDateline(para))
		if len(out) == n {
			break
		}
	}
	return out
}

// stripCredit removes a photo credit glued to the start of a sentence:
// "Stefan Boness/Visum/Redux Then-Japanese Prime Minister ..." (capitalised
// words up to one with a slash, within the first five words).
func stripCredit(s string) string {
	w := strings.Fields(s)
	for i := 0; i < len(w) && i < 5; i++ {
		r, _ := utf8.DecodeRuneInString(w[i])
		if !unicode.IsUpper(r) {
			return s
		}
		if strings.Contains(w[i], "/") && i+1 < len(w) {
			return strings.Join(w[i+1:], " ")
		}
	}
	return s
}

// leaningPronouns open a sentence that needs the one before it.
var leaningPronouns = map[string]bool{"it": true, "it's": true, "it’s": true, "he": true, "she": true, "they": true,
	"this": true, "that": true, "these": true, "those": true, "his": true, "her": true, "their": true, "its": true}

// opensWithPronoun reports whether s opens with a pronoun that points back
// at an earlier sentence.
func opensWithPronoun(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	return leaningPronouns[strings.ToLower(strings.Trim(w, ",;:\"“”"))]
}

// wholeSentence reports whether s reads as a whole sentence: it begins
// with a capital, a digit or an opening quote and ends with ".", "!" or
// "?" (before any closing quote), not with a heading's colon or a cut.
func wholeSentence(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) && !strings.ContainsRune("\"“‘'", first) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, "\"”’')"))
	return last == '.' || last == '!' || last == '?'
}

// isStoryTitle reports whether an article's title names its story: it has
// one, and it is not a newsletter round-up's ("5 things to know for…") or
// a photo gallery's ("Photos: …").
func isStoryTitle(t string) bool {
	t = strings.TrimSpace(t)
	return t != "" && !text.IsRoundUp(t) && !galleryTitle(t)
}

func galleryTitle(t string) bool {
	return strings.HasPrefix(t, "Photos:") || strings.HasPrefix(t, "Photo:") || strings.HasPrefix(t, "In pictures:")
}

// storyHeadline is the headline of a story represented by a: its title
// (without an outlet suffix) when it names the story, or else a headline
// derived from its URL or its lede (text.Headline), never its doc
// id. lead is the lead sentence when the headline is all of it (the
// summary leaves it out), "" otherwise.
func storyHeadline(a *news.Article) (headline, lead string) {
	if t := strings.TrimSpace(a.Title); isStoryTitle(t) {
		h := cleanTitle(t)
		if strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…") {
			h += "…"
		}
		if h == "" || h == "…" {
			h = t
		}
		return h, ""
	}
	h := text.Headline(a.URL, a.Body)
	if h == "" {
		h = strings.TrimSpace(a.Title) // a round-up with nothing else to go by
	}
	if h == "" {
		h = "Untitled story"
	}
	if ss := articleSentences(a.Body, 1); len(ss) > 0 && strings.TrimRight(ss[0], ".!?") == h {
		lead = ss[0]
	}
	return h, lead
}
