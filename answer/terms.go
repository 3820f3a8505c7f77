package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/internal/text"
)

// word is one token of a text: a run of letters and digits, with the inner
// punctuation of abbreviations ("U.S."), numbers ("1,200", "2.2") and
// contractions kept. A possessive "'s" is dropped; hyphens split words.
type word struct {
	text       string // as written
	norm       string // lower case, dots of abbreviations removed, month abbreviations expanded
	stem       string // english snowball stem of norm
	start, end int    // byte offsets in the text
	capital    bool   // written with an upper-case first letter
	number     bool   // a numeral ("105", "1,200", "60")
	hyphenNext bool   // joined to the next word by a hyphen ("60-day")
	pause      bool   // followed by a comma, colon, semicolon, bracket or dash
}

// tokenize splits s into words.
func tokenize(s string) []word {
	var out []word
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			if len(out) > 0 && strings.ContainsRune(",;:()—–", r) {
				out[len(out)-1].pause = true
			}
			if r == '-' && len(out) > 0 && out[len(out)-1].end == i && i+n < len(s) {
				if r2, _ := utf8.DecodeRuneInString(s[i+n:]); isWordRune(r2) {
					out[len(out)-1].hyphenNext = true
				}
			}
			i += n
			continue
		}
		start := i
		end := scanWord(s, i)
		text := s[start:end]
		// Drop a possessive 's / ’s.
		if k := strings.LastIndexAny(text, "'’"); k > 0 {
			if rest := strings.ToLower(text[k:]); rest == "'s" || rest == "’s" {
				text = text[:k]
			}
		}
		out = append(out, newWord(text, start, start+len(text), end < len(s) && s[end] == '.'))
		i = end
	}
	return out
}

// scanWord returns the end of the word starting at i.
func scanWord(s string, i int) int {
	prevLetterRun := 0 // length of the current run of letters since the last '.'
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			prevLetterRun++
			i += n
			continue
		}
		if i+n >= len(s) {
			break
		}
		next, _ := utf8.DecodeRuneInString(s[i+n:])
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		switch {
		case (r == ',' || r == '.') && unicode.IsDigit(prev) && unicode.IsDigit(next):
		case r == '.' && unicode.IsLetter(prev) && unicode.IsLetter(next) && prevLetterRun == 1:
			// U.S., U.N.: single letters separated by dots.
			prevLetterRun = 0
			i += n
			continue
		case (r == '\'' || r == '’') && unicode.IsLetter(prev) && unicode.IsLetter(next):
		default:
			return i
		}
		i += n
	}
	return i
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func newWord(s string, start, end int, dotAfter bool) word {
	w := word{text: s, start: start, end: end}
	first, _ := utf8.DecodeRuneInString(s)
	w.capital = unicode.IsUpper(first) || innerCapital(s)
	w.number = unicode.IsDigit(first)
	norm := strings.ReplaceAll(strings.ToLower(s), "’", "'")
	if full, ok := text.MonthName(norm); ok && w.capital && dotAfter {
		norm = full
	} else if full, ok := titleWords[norm]; ok && w.capital && dotAfter {
		norm = full // "Sen. Maggie Hassan" holds "senator", which matches "Senate"
	}
	if w.number {
		norm = strings.ReplaceAll(norm, ",", "")
	} else {
		norm = strings.ReplaceAll(norm, ".", "")
	}
	w.norm = norm
	w.stem = norm
	if base, ok := irregular[norm]; ok {
		w.stem = stem(base)
	} else if canon, ok := countryAliases[norm]; ok {
		w.stem = canon
	} else if !w.number {
		w.stem = stem(norm)
	}
	return w
}

// titleWords are the titles news writes short before a name, by their
// short form ("Sen.", "Gov."), lower case without the dot.
var titleWords = map[string]string{
	"sen": "senator", "sens": "senators", "rep": "representative", "reps": "representatives",
	"gov": "governor", "govs": "governors", "lt": "lieutenant", "atty": "attorney", "gen": "general",
	"sec": "secretary", "supt": "superintendent", "pres": "president",
}

// innerCapital reports a name written with a lower-case first letter and
// a capital after it: "iPhone", "eBay", "iOS".
func innerCapital(s string) bool {
	first, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(first) || len(s) < 3 {
		return false
	}
	for _, r := range s[n:] {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// irregular maps the past forms of common irregular verbs of news English
// (and a few nouns of them) to their base, which the stemmer does not join:
// "found" matches "find".
var irregular = map[string]string{
	"found": "find", "won": "win", "began": "begin", "begun": "begin", "took": "take", "taken": "take",
	"held": "hold", "led": "lead", "met": "meet", "left": "leave", "made": "make", "told": "tell",
	"fled": "flee", "paid": "pay", "sold": "sell", "bought": "buy", "brought": "bring", "gave": "give",
	"given": "give", "went": "go", "gone": "go", "came": "come", "saw": "see", "seen": "see", "knew": "know",
	"known": "know", "ran": "run", "fell": "fall", "fallen": "fall", "struck": "strike", "spoke": "speak",
	"spoken": "speak", "wrote": "write", "written": "write", "chose": "choose", "chosen": "choose",
	"rose": "rise", "risen": "rise", "sent": "send", "spent": "spend", "built": "build", "caught": "catch",
	"fought": "fight", "sought": "seek", "stole": "steal", "stolen": "steal", "shot": "shoot",
	"lost": "lose", "kept": "keep", "felt": "feel", "grew": "grow", "grown": "grow", "threw": "throw",
	"drew": "draw", "drove": "drive", "driven": "drive", "flew": "fly", "flown": "fly", "froze": "freeze",
	"hid": "hide", "hidden": "hide", "broke": "break", "broken": "break", "swore": "swear", "sworn": "swear",
	"died": "die", "dying": "die", "beat": "beat", "beaten": "beat",
	// A noun or adjective of a verb, which the stemmer does not join either:
	// "How many people died?" is answered by "the death toll rose to 31".
	"death": "die", "deaths": "die", "dead": "die",
	// Counting the dead, news says killed, died and deaths alike: "How many
	// people were killed?" is answered by "the deaths of more than 150".
	"killed": "die", "fatalities": "die", "fatality": "die",
}

// countryAliases are words news uses for one country, by the one they
// match as: "the British prime minister" is the UK's.
var countryAliases = map[string]string{"uk": "uk", "britain": "uk", "british": "uk"}

// demonymSuffixes turn a place name into its people or adjective:
// Israel/Israeli, Egypt/Egyptian, Palestine/Palestinian, China/Chinese.
var demonymSuffixes = []string{"i", "is", "ian", "ians", "an", "ans", "n", "ns", "ese"}

// sameTerm reports whether two words are the same term: equal stems, or a
// place name and its demonym.
func sameTerm(a, b *word) bool {
	if a.stem == b.stem || a.norm == b.norm {
		return true
	}
	return isDemonym(a.norm, b.norm) || isDemonym(b.norm, a.norm)
}

// isDemonym reports whether long is short plus a demonym suffix.
func isDemonym(short, long string) bool {
	if len(short) < 4 || len(long) <= len(short) {
		return false
	}
	base := short
	if !strings.HasPrefix(long, base) {
		base = strings.TrimSuffix(short, "e")
		base = strings.TrimSuffix(base, "a")
		if base == short || !strings.HasPrefix(long, base) {
			return false
		}
	}
	rest := long[len(base):]
	for _, s := range demonymSuffixes {
		if rest == s {
			return true
		}
	}
	return false
}

// isStop reports whether w carries no topic.
func isStop(w *word) bool {
	if w.number {
		return false
	}
	if isAcronym(w) {
		return false // US, CIA, UN
	}
	return text.IsSnowballStop(w.norm) || text.QuestionStop.Has(w.norm) || len(w.norm) < 2
}

// isAcronym reports whether w is written in capitals, like "CIA" or "U.S.".
func isAcronym(w *word) bool {
	letters := 0
	for _, r := range w.text {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}
