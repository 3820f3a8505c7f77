package text

// Span is a half-open byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// asciiSpace is 1 for the ASCII space bytes, 0 for all others.
var asciiSpace = [256]uint8{' ': 1, '\n': 1, '\t': 1, '\r': 1, '\f': 1, '\v': 1}

// IsSpace reports whether c is an ASCII space byte: space, \n, \t, \r, \f or
// \v. Multi-byte (Unicode) spaces are not.
func IsSpace(c byte) bool { return asciiSpace[c] == 1 }
