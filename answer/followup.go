package answer

import (
	"strings"

	"newsdesk/internal/news"
)

// Offline follow-up rewriting.
//
// A question asked in a conversation is taken as a follow-up when it
//   - opens with a connective: "and …", "but …", "also …", "so …", "what
//     about …", "how about …", "what of …";
//   - or uses a personal pronoun (he, she, they, him, her, them, his, their);
//   - or uses "it", "its", "that", "this", "these", "those" and has no name
//     of its own, or is at most four words long;
//   - or has no name of its own and at most two content words ("how many?").
//
// A follow-up is rewritten as: the question without its connective; the
// question word of the earlier question when it has none ("what about
// Qatar?" after "Who is …" asks who); then the key terms of the earlier
// question: its topic words always, and its names too unless the follow-up
// brings names of its own (they replace them: "what about Qatar?" after
// "Who is the director of Mossad?" asks about Qatar's director, not
// Mossad's) or refers back with a personal pronoun. Earlier turns are
// rewritten the same way first, so terms carry along a chain of follow-ups.

// connectives open a follow-up; longest first.
var connectives = []string{"what about", "how about", "what of", "and", "but", "also", "so", "then"}

var personalPronouns = map[string]bool{
	"he": true, "she": true, "they": true, "him": true, "her": true, "them": true, "his": true, "their": true, "hers": true,
}

var otherPronouns = map[string]bool{"it": true, "its": true, "that": true, "this": true, "these": true, "those": true}

// rewriteFollowUps returns the standalone form of q, rewriting it and the
// questions of its history as follow-ups where they look like ones.
func rewriteFollowUps(q news.Question) string {
	prev := ""
	for _, t := range q.History {
		prev = rewriteFollowUp(t.Question, prev)
	}
	return rewriteFollowUp(q.Text, prev)
}

// rewriteFollowUp rewrites text as a standalone question given the
// standalone form of the question before it (empty when none).
func rewriteFollowUp(text, prev string) string {
	text = strings.TrimSpace(text)
	if prev == "" || !isFollowUp(text) {
		return text
	}
	rest := stripConnective(text)
	cur := readQuestion(text) // not rest: "Qatar" opens "what about Qatar?" but is a name
	before := readQuestion(prev)
	ownNames := false
	for _, t := range cur.terms {
		ownNames = ownNames || (t.name && !t.number)
	}
	personal := false
	for _, w := range tokenize(rest) {
		personal = personal || personalPronouns[w.norm]
	}
	var carried []string
	for _, t := range before.terms {
		if t.name && ownNames && !personal {
			continue
		}
		if holds(tokenize(rest), &t.word) {
			continue
		}
		carried = append(carried, t.text)
	}
	var b strings.Builder
	if whPhrase(rest) == "" {
		if wh := whPhrase(prev); wh != "" {
			b.WriteString(wh + " ")
		}
	}
	b.WriteString(strings.TrimRight(rest, "?.! "))
	if len(carried) > 0 {
		b.WriteString(" " + strings.Join(carried, " "))
	}
	b.WriteString("?")
	return b.String()
}

// isFollowUp reports whether text looks like it leans on an earlier question.
func isFollowUp(text string) bool {
	if stripConnective(text) != text {
		return true
	}
	words := tokenize(text)
	q := readQuestion(text)
	ownNames := false
	for _, t := range q.terms {
		ownNames = ownNames || (t.name && !t.number)
	}
	for _, w := range words {
		if personalPronouns[w.norm] {
			return true
		}
		if otherPronouns[w.norm] && (!ownNames || len(words) <= 4) {
			return true
		}
	}
	return !ownNames && len(q.terms) <= 2
}

// stripConnective removes a leading connective and the comma after it.
func stripConnective(text string) string {
	lower := strings.ToLower(text)
	for _, c := range connectives {
		if strings.HasPrefix(lower, c) && (len(lower) == len(c) || !isWordByte(lower[len(c)])) {
			rest := strings.TrimLeft(text[len(c):], " ,;:—–-")
			if rest != "" {
				return rest
			}
		}
	}
	return text
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// whPhrase returns the question word that sets what text asks for ("who",
// "how many", "when"…), or "" when it has none.
func whPhrase(text string) string {
	words := tokenize(text)
	for i, w := range words {
		switch w.norm {
		case "who", "whom", "whose", "what", "which", "when", "where", "why":
			return w.norm
		case "how":
			if i+1 < len(words) {
				switch words[i+1].norm {
				case "many", "much", "long", "old", "big", "large", "high", "far":
					return "how " + words[i+1].norm
				}
			}
			return "how"
		}
	}
	return ""
}
