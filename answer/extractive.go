package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/internal/text"
	"newsdesk/retrieval"
)

// candidate is one candidate sentence of the retrieved passages.
type candidate struct {
	result *retrieval.Result // the first-ranked passage holding it
	start  int               // byte offset in the article body
	raw    string            // exactly as in the article
	text   string            // for display: dateline stripped, spaces collapsed
	words  []word
	lead   bool    // among the first sentences of the article
	cover  float64 // weighted share of the question's terms it and its passage hold, 0..1
	own    float64 // the same, of the sentence alone
	score  float64
}

func (c *candidate) docID() string { return c.result.Article.DocID }

// candidates returns the distinct sentences of results, in rank order.
// A sentence seen in two overlapping passages of an article is kept once.
// Fragments, questions and boilerplate (credits, copyright lines) are left out.
func candidates(results []retrieval.Result) []candidate {
	type key struct {
		doc   string
		start int
	}
	seen := map[key]bool{}
	var out []candidate
	for i := range results {
		r := &results[i]
		body := r.Passage.Text
		var spans []text.Span
		for _, sp := range text.Sentences(body) {
			spans = append(spans, splitParagraphs(body, sp)...)
		}
		for k, sp := range joinQuotes(body, spans) {
			raw := strings.TrimSpace(body[sp.Start:sp.End])
			if raw == "" {
				continue
			}
			start := r.Passage.Start + sp.Start + strings.Index(body[sp.Start:sp.End], raw)
			if seen[key{r.Article.DocID, start}] {
				continue
			}
			seen[key{r.Article.DocID, start}] = true
			// Bracketed numbers of the article ("[2]") would read as citations.
			display := dropOpener(tidySpace(text.RemoveMarkers(text.OneLine(text.StripDateline(raw)))))
			words := tokenize(display)
			if !sentenceLike(display, words) {
				continue
			}
			out = append(out, candidate{
				result: r, start: start, raw: raw, text: display, words: words,
				lead: r.Passage.Position == 0 && k < 3,
			})
		}
	}
	return out
}

// joinQuotes joins sentences that a quotation spans: "“Qatar is a key
// partner. We’re grateful,” Kirby said." is one sentence to quote, not a
// fragment that opens a quote and one that closes it. At most three
// sentences of one paragraph are joined.
func joinQuotes(body string, spans []text.Span) []text.Span {
	var out []text.Span
	joined := 0
	for _, sp := range spans {
		if n := len(out); n > 0 && joined < 2 && opensQuote(body[out[n-1].Start:out[n-1].End]) &&
			!strings.Contains(body[out[n-1].End:sp.Start], "\n\n") {
			out[n-1].End = sp.End
			joined++
			continue
		}
		out = append(out, sp)
		joined = 0
	}
	return out
}

// opensQuote reports whether s opens a quotation it does not close.
func opensQuote(s string) bool {
	if strings.Count(s, "“") > strings.Count(s, "”") {
		return true
	}
	return strings.Count(s, `"`)%2 == 1 && strings.HasPrefix(strings.TrimSpace(s), `"`)
}

// splitParagraphs cuts a sentence span at blank lines: a paragraph break
// always ends a sentence (headings, captions and datelines stand alone).
func splitParagraphs(body string, sp text.Span) []text.Span {
	var out []text.Span
	start := sp.Start
	for {
		k := strings.Index(body[start:sp.End], "\n\n")
		if k < 0 {
			return append(out, text.Span{Start: start, End: sp.End})
		}
		out = append(out, text.Span{Start: start, End: start + k})
		start += k + 2
	}
}

// boilerplate are phrases (lower case) of a news page's furniture, not its
// reporting: credits, copyright lines, update notes.
var boilerplate = []string{
	"copyright", "all rights reserved", "originally appeared", "contributed reporting",
	"contributed to this report", "has been updated", "getty images", "click here",
}

// callOpeners open a call to subscribe ("Sign up for our newsletter"), not
// a sentence that reports that readers may sign up for something.
var callOpeners = []string{"sign up", "subscribe", "get our", "follow us"}

// isBoilerplate reports whether s is page furniture: one of the phrases
// above as words, a call to subscribe or a mention of a newsletter, gallery
// and player text, a photo caption or a pointer to other coverage, or a
// photo credit such as "Tom Williams/Pool/AP".
func isBoilerplate(s string) bool {
	if text.IsGallery(s) || text.IsCaptionOrPointer(s) {
		return true
	}
	lower := strings.ToLower(s)
	for _, p := range boilerplate {
		if containsWords(lower, p) {
			return true
		}
	}
	for _, p := range callOpeners {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	if containsWords(lower, "newsletter") || linkLabel(lower) {
		return true
	}
	for _, f := range strings.Fields(lower) {
		f = strings.TrimRight(f, ".,;")
		if strings.HasSuffix(f, "/ap") || strings.HasSuffix(f, "/reuters") || strings.HasSuffix(f, "/afp") {
			return true
		}
	}
	return false
}

// linkLabels open a line that links to another story ("More: …",
// "►Related: …", "READ MORE: …"): its headline, not this article's reporting.
var linkLabels = []string{"more", "related", "read more", "see also", "also read", "opinion", "watch", "listen"}

// linkLabel reports whether lower (a line in lower case) opens with a link
// label and a colon, or a pointing mark, or is a headline promoting another
// story ("…: Here's …").
func linkLabel(lower string) bool {
	lower = strings.TrimLeft(lower, "►▶•» ")
	for _, l := range linkLabels {
		if rest, ok := strings.CutPrefix(lower, l); ok && strings.HasPrefix(strings.TrimSpace(rest), ":") {
			return true
		}
	}
	// A headline promoting another story: "Google Trends' FrightGeist:
	// Here's the most popular Halloween costumes of 2022."
	return strings.Contains(lower, ": here's ") || strings.Contains(lower, ": here’s ")
}

// containsWords reports whether s holds phrase starting and ending at
// word boundaries: "subscribe" is not in "subscribers".
func containsWords(s, phrase string) bool {
	for off := 0; ; {
		k := strings.Index(s[off:], phrase)
		if k < 0 {
			return false
		}
		start, end := off+k, off+k+len(phrase)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (start == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return true
		}
		off = start + 1
	}
}

// sentenceLike reports whether s reads as a full sentence of reporting.
func sentenceLike(s string, words []word) bool {
	if len(words) < 5 || isBoilerplate(s) {
		return false
	}
	s = strings.TrimRight(s, `"”’' `)
	if strings.HasSuffix(s, "?") {
		return false
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") {
		return false
	}
	return !(s[0] >= 'a' && s[0] <= 'z') // not a fragment of a sentence
}

// openers are sentence openers that tie a sentence to the one before it in
// its article, and read oddly at the head of an answer.
var openers = []string{"But ", "And ", "However, ", "Meanwhile, ", "Still, ", "Also, ", "In addition, "}

// dropOpener removes an opener from s and capitalises what follows.
func dropOpener(s string) string {
	for _, o := range openers {
		rest, ok := strings.CutPrefix(s, o)
		if !ok || rest == "" {
			continue
		}
		r, n := utf8.DecodeRuneInString(rest)
		return string(unicode.ToUpper(r)) + rest[n:]
	}
	return s
}

// contextShare is the part of a sentence's cover that comes from its
// passage and title: an answer often names the thing asked about in the
// sentence before, or only in the headline.
const contextShare = 0.3

// holds reports whether words hold the term t.
func holds(words []word, t *word) bool {
	for i := range words {
		if sameTerm(&words[i], t) {
			return true
		}
	}
	return false
}
