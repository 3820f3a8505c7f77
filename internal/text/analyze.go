package text

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Options choose an Analyzer's pipeline after Words has split and folded the
// text.
type Options struct {
	// Stop lists the words dropped; nil drops none.
	Stop StopList
	// MinLen drops words of fewer bytes than this, numbers excepted.
	MinLen int
	// StemStopWords is Snowball's own switch: when false, words on Snowball's
	// English stop list are returned unstemmed.
	StemStopWords bool
}

// IndexOptions is the pipeline of the search index (retrieval): IndexStop
// dropped, single letters dropped, every word stemmed.
func IndexOptions() Options {
	return Options{Stop: IndexStop, MinLen: 2, StemStopWords: true}
}

// Analyzer turns text into terms: the lower-cased, accent-folded words of
// Words, stop words and short words dropped, Snowball (Porter2) stems;
// numbers are kept as written. It caches stems, and is safe for concurrent
// use.
type Analyzer struct {
	opts  Options
	stems sync.Map // word → stem
}

// NewAnalyzer returns an Analyzer with the given pipeline.
func NewAnalyzer(opts Options) *Analyzer { return &Analyzer{opts: opts} }

// Terms appends the terms of text to dst and returns it.
func (a *Analyzer) Terms(dst []string, text string) []string {
	Words(text, func(w string) {
		if t, ok := a.Term(w); ok {
			dst = append(dst, t)
		}
	})
	return dst
}

// Term normalises one word as Words returns it (lower-cased, folded); ok is
// false for stop words and words shorter than Options.MinLen.
func (a *Analyzer) Term(w string) (string, bool) {
	if len(w) < a.opts.MinLen && !isDigit(w[0]) {
		return "", false
	}
	if a.opts.Stop.Has(w) {
		return "", false
	}
	if isDigit(w[0]) {
		return w, true
	}
	if s, ok := a.stems.Load(w); ok {
		return s.(string), true
	}
	s := Stem(w, a.opts.StemStopWords)
	a.stems.Store(strings.Clone(w), s)
	return s, true
}

// Stem returns the Snowball (Porter2) English stem of a lower-case word;
// stemStopWords is Snowball's switch (false leaves its stop words as they
// are). It is the one stemmer of newsdesk.
func Stem(w string, stemStopWords bool) string { return english.Stem(w, stemStopWords) }

// IsSnowballStop reports whether w is on Snowball's English stop list.
func IsSnowballStop(w string) bool { return english.IsStopWord(w) }

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// Words calls fn with each word of text, lower-cased and with common Latin
// diacritics folded ("café" → "cafe"): runs of letters and digits;
// apostrophes inside words are dropped ("Hamas’" → "hamas", "don't" →
// "dont"), and so is a possessive "'s"; a number keeps inner separators
// ("1,200" → "1200", "3.5" → "3.5").
func Words(text string, fn func(string)) {
	var buf []byte
	flush := func() {
		if len(buf) > 0 {
			fn(string(buf))
			buf = buf[:0]
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				buf = append(buf, c)
			case c >= 'A' && c <= 'Z':
				buf = append(buf, c+'a'-'A')
			case c == '\'' && len(buf) > 0:
				// apostrophe inside a word: drop it, and a trailing possessive s
				if i+1 < len(text) && text[i+1] == 's' && (i+2 == len(text) || !isWordByte(text[i+2])) {
					i += 2
					flush()
					continue
				}
			case (c == ',' || c == '.') && len(buf) > 0 && isDigit(buf[len(buf)-1]) && i+1 < len(text) && isDigit(text[i+1]):
				if c == '.' {
					buf = append(buf, c)
				}
			default:
				flush()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '’' && len(buf) > 0:
			if i+size < len(text) && text[i+size] == 's' && (i+size+1 == len(text) || !isWordByte(text[i+size+1])) {
				i += size + 1
				flush()
				continue
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(foldAccent(r)))
		default:
			flush()
		}
		i += size
	}
	flush()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

// foldAccent maps common Latin letters with diacritics to their base letter,
// so "Zelenskyy" and "Zelenskyy", "café" and "cafe" meet.
func foldAccent(r rune) rune {
	if f, ok := accentFold[r]; ok {
		return f
	}
	return r
}

var accentFold = func() map[rune]rune {
	m := map[rune]rune{}
	for base, list := range map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćĉċč", 'e': "èéêëēĕėęě", 'i': "ìíîïĩīĭį", 'n': "ñńņň",
		'o': "òóôõöøōŏő", 'u': "ùúûüũūŭůűų", 'y': "ýÿŷ", 's': "śŝşš", 'z': "źżž",
		'A': "ÀÁÂÃÄÅĀĂĄ", 'C': "ÇĆĈĊČ", 'E': "ÈÉÊËĒĔĖĘĚ", 'I': "ÌÍÎÏĨĪĬĮ", 'N': "ÑŃŅŇ",
		'O': "ÒÓÔÕÖØŌŎŐ", 'U': "ÙÚÛÜŨŪŬŮŰŲ", 'Y': "ÝŸŶ", 'S': "ŚŜŞŠ", 'Z': "ŹŻŽ",
	} {
		for _, r := range list {
			m[r] = base
		}
	}
	return m
}()
