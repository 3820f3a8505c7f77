package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Text in other encodings than UTF-8, common in news archives, is transcoded
// rather than skipped: UTF-16 with a byte-order mark; a charset an HTML page
// declares (<meta charset>); and, for text that is not valid UTF-8 and
// declares nothing, Windows-1252 (a superset of ISO-8859-1's printable
// characters) when the bytes look like a single-byte encoding, or UTF-8 with
// its few invalid bytes replaced by U+FFFD when they look like damaged UTF-8.
// What was done is returned as a note, which the caller reports.

// decodeText returns b as UTF-8 text, with a note saying what was done to
// it ("" when it was UTF-8 already). declared is the charset the file
// declares, or "". Empty and binary files are errors.
func decodeText(b []byte, declared string) (text, note string, err error) {
	switch {
	case bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")):
		s, err := transcode(b, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM))
		if err != nil {
			return "", "", errors.New("UTF-16 text that does not decode")
		}
		return nonEmpty(s, "transcoded from UTF-16")
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(b[:min(len(b), 8192)], 0) >= 0 {
		return "", "", errors.New("binary file (contains NUL bytes)")
	}
	if declared != "" && !isASCII(b) {
		if enc, name := charset.Lookup(declared); enc != nil && name != "utf-8" {
			s, err := transcode(b, enc)
			if err == nil {
				return nonEmpty(s, fmt.Sprintf("transcoded from %s (its declared charset)", name))
			}
		}
	}
	if utf8.Valid(b) {
		return nonEmpty(string(b), "")
	}
	invalid, multi := utf8Damage(b)
	// Single-byte text almost never holds a valid multi-byte UTF-8 sequence
	// (a lead byte followed by the right continuation bytes); UTF-8 text does.
	if multi >= invalid {
		return nonEmpty(strings.ToValidUTF8(string(b), "\uFFFD"), fmt.Sprintf("%d invalid UTF-8 %s replaced", invalid, plural(invalid, "byte", "bytes")))
	}
	s, err := transcode(b, charmap.Windows1252)
	if err != nil {
		return "", "", errors.New("not UTF-8 text, and not Windows-1252 either")
	}
	return nonEmpty(s, "transcoded from Windows-1252 (ISO-8859-1); it is not UTF-8")
}

// decodeLine is decodeText for one record of a JSON Lines file.
func decodeLine(b []byte) (text []byte, note string, err error) {
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, "", errors.New("binary data (contains NUL bytes)")
	}
	if utf8.Valid(b) {
		return b, "", nil
	}
	s, note, err := decodeText(b, "")
	return []byte(s), note, err
}

func nonEmpty(s, note string) (string, string, error) {
	if strings.TrimSpace(s) == "" {
		return "", "", errors.New("empty file")
	}
	return s, note, nil
}

func transcode(b []byte, enc encoding.Encoding) (string, error) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(string(out), "\uFEFF"), nil
}

// utf8Damage counts the bytes of b that are not part of valid UTF-8, and the
// valid multi-byte characters.
func utf8Damage(b []byte) (invalid, multi int) {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1:
			invalid++
		case n > 1:
			multi++
		}
		b = b[n:]
	}
	return invalid, multi
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// htmlCharset returns the charset an HTML page declares in its first 2 KiB,
// or "".
func htmlCharset(b []byte) string {
	if m := metaCharsetRe.FindSubmatch(b[:min(len(b), 2048)]); m != nil {
		return string(m[1])
	}
	return ""
}
