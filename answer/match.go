package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ContainsAnswer reports whether text states the answer gold, as a reader
// checking a quiz would accept it: case, accents, quotes and punctuation do
// not matter ("“Squid Game”" is in "Squid Game's second season"), numbers
// match in figures or words up to twenty ("nine" is 9), "percent" is "%",
// "&" is "and", and a multi-word answer is also found when all its words
// are in the text, in any order ("Sweden and Finland" in "Finland and
// Sweden"). An empty gold answer is never contained.
func ContainsAnswer(text, gold string) bool {
	g := matchTokens(gold)
	if len(g) == 0 {
		return false
	}
	t := matchTokens(text)
	if containsRun(t, g) {
		return true
	}
	content := contentTokens(g)
	if len(content) < 2 {
		return false
	}
	have := make(map[string]bool, len(t))
	for _, w := range t {
		have[w] = true
	}
	for _, w := range content {
		if !have[w] {
			return false
		}
	}
	return true
}

// matchStop are the words a multi-word answer may lack in the text: "the
// Tony Awards" is matched by "Tony Awards".
var matchStop = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "and": true, "in": true, "on": true, "for": true,
	"to": true, "at": true, "by": true, "s": true,
}

func contentTokens(toks []string) []string {
	var out []string
	for _, w := range toks {
		if !matchStop[w] {
			out = append(out, w)
		}
	}
	return out
}

// containsRun reports whether needle occurs in hay as a run of tokens.
func containsRun(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// smallNumbers are the numbers news style writes in words.
var smallNumbers = map[string]string{
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
	"fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
	"nineteen": "19", "twenty": "20",
}

// matchTokens lower-cases and folds s into tokens for matching: words and
// numbers (thousands separators dropped, small numbers in figures), with
// "$" and "%" as tokens of their own and possessives dropped.
func matchTokens(s string) []string {
	s = foldAccents(s)
	var out []string
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '$' || r == '%' || r == '€' || r == '£':
			out = append(out, string(r))
			i += n
			continue
		case r == '&':
			out = append(out, "and")
			i += n
			continue
		case !isWordRune(r):
			i += n
			continue
		}
		end := scanWord(s, i)
		w := strings.ToLower(strings.ReplaceAll(s[i:end], "’", "'"))
		i = end
		w = strings.TrimSuffix(w, "'s")
		w = strings.ReplaceAll(w, "'", "")
		if unicode.IsDigit(rune(w[0])) {
			w = strings.ReplaceAll(w, ",", "")
		} else {
			w = strings.ReplaceAll(w, ".", "")
		}
		if d, ok := smallNumbers[w]; ok {
			w = d
		}
		if w == "percent" {
			w = "%"
		}
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// foldAccents removes combining marks: "Día" is "Dia".
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
