package retrieval

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"newsdesk/internal/text"
)

// The snapshot encoding: varints, length-prefixed strings, times as Unix
// nanoseconds (0 for none), vectors as little-endian float32 bits. The
// decoder checks each count against the bytes left, so a corrupt file is an
// error naming the byte offset.

type encoder struct {
	w   *bufio.Writer
	err error
	buf [binary.MaxVarintLen64]byte
}

func (e *encoder) uvarint(v uint64) {
	if e.err == nil {
		_, e.err = e.w.Write(e.buf[:binary.PutUvarint(e.buf[:], v)])
	}
}

func (e *encoder) varint(v int64) {
	if e.err == nil {
		_, e.err = e.w.Write(e.buf[:binary.PutVarint(e.buf[:], v)])
	}
}

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.varint(0)
		return
	}
	e.varint(t.UnixNano())
}

func (e *encoder) encode(s *snapshot) {
	if e.err == nil {
		_, e.err = e.w.WriteString(snapshotMagic)
	}
	e.str(s.Model)
	e.uvarint(uint64(s.Dims))
	e.uvarint(uint64(len(s.Articles)))
	var fb [4]byte
	for i := range s.Articles {
		a := &s.Articles[i]
		for _, f := range []string{a.DocID, a.Title, a.URL, a.Source, a.Body, a.Path} {
			e.str(f)
		}
		e.uvarint(uint64(a.Line))
		e.time(a.PublishedAt)
		e.time(a.FirstSeen)
		e.uvarint(uint64(len(a.Authors)))
		for _, au := range a.Authors {
			e.str(au)
		}
		e.uvarint(a.Hash)
		e.uvarint(uint64(len(a.Sketch)))
		for _, h := range a.Sketch {
			e.uvarint(uint64(h))
		}
		e.uvarint(uint64(len(a.Passages)))
		for j, p := range a.Passages {
			e.uvarint(uint64(p.Start))
			e.uvarint(uint64(p.End))
			for _, x := range a.Vectors[j] {
				binary.LittleEndian.PutUint32(fb[:], math.Float32bits(x))
				if e.err == nil {
					_, e.err = e.w.Write(fb[:])
				}
			}
		}
	}
	e.uvarint(uint64(len(s.Files)))
	for _, f := range s.Files {
		e.str(f.Path)
		e.varint(f.Size)
		e.time(f.ModTime)
	}
	if s.Lex == nil {
		e.uvarint(0)
	} else {
		e.uvarint(1)
		e.lexicon(s.Lex, s.Fingerprint)
	}
	if s.Groups == nil {
		e.uvarint(0)
		return
	}
	e.uvarint(1)
	for _, g := range s.Groups {
		e.uvarint(uint64(g))
	}
}

type decoder struct {
	b   []byte
	off int
	err error
	// vecs, when set, receives the vectors: passage i (in snapshot order)
	// is decoded into the block of slot i, where load installs it.
	vecs *vectorStore
	slot uint32
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("bad %s at byte %d", what, d.off)
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	if d.off < len(d.b) && d.b[d.off] < 0x80 { // one byte: most counts and offsets
		d.off++
		return uint64(d.b[d.off-1])
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.off += n
	return v
}

// count reads a length and checks it against the bytes left (each element
// takes at least min bytes), so a corrupt file cannot make us allocate wildly.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)-d.off)/uint64(max(min, 1)) {
		d.fail("length")
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count(1)
	if d.err != nil {
		return ""
	}
	s := string(d.b[d.off : d.off+n])
	d.off += n
	return s
}

func (d *decoder) time() time.Time {
	v := d.varint()
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, v).UTC()
}

func (d *decoder) decode() *snapshot {
	if len(d.b) < len(snapshotMagic) || string(d.b[:len(snapshotMagic)]) != snapshotMagic {
		d.fail("header (not a newsdesk index, or an older format)")
		return nil
	}
	d.off = len(snapshotMagic)
	s := &snapshot{Model: d.str(), Dims: int(d.uvarint())}
	s.Articles = make([]storedArticle, d.count(8))
	for i := range s.Articles {
		a := &s.Articles[i]
		a.DocID, a.Title, a.URL, a.Source, a.Body, a.Path = d.str(), d.str(), d.str(), d.str(), d.str(), d.str()
		a.Line = int(d.uvarint())
		a.PublishedAt = d.time()
		a.FirstSeen = d.time()
		if n := d.count(1); n > 0 {
			a.Authors = make([]string, n)
			for j := range a.Authors {
				a.Authors[j] = d.str()
			}
		}
		a.Hash = d.uvarint()
		if n := d.count(1); n != len(a.Sketch) && d.err == nil {
			d.fail("sketch size")
		}
		for j := range a.Sketch {
			a.Sketch[j] = uint32(d.uvarint())
		}
		np := d.count(2 + 4*s.Dims)
		a.Passages = make([]text.Span, np)
		a.Vectors = make([][]float32, np)
		var arena []float32
		if d.vecs == nil {
			arena = make([]float32, np*s.Dims) // one allocation for the article's vectors
		}
		for j := range a.Passages {
			a.Passages[j] = text.Span{Start: int(d.uvarint()), End: int(d.uvarint())}
			if d.err != nil || len(d.b)-d.off < 4*s.Dims {
				d.fail("vector")
				return nil
			}
			var v []float32
			if d.vecs != nil { // straight into the block of the slot it will have
				v = d.vecs.reserve(d.slot, s.Dims)
				d.slot++
			}
			if v == nil {
				if arena == nil {
					arena = make([]float32, np*s.Dims)
				}
				v = arena[j*s.Dims : (j+1)*s.Dims : (j+1)*s.Dims]
			}
			src := d.b[d.off : d.off+4*len(v)]
			for k := range v {
				v[k] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*k:]))
			}
			d.off += len(src)
			a.Vectors[j] = v
			if p := a.Passages[j]; p.Start < 0 || p.End > len(a.Body) || p.Start > p.End {
				d.fail("passage offsets")
			}
		}
		if d.err != nil {
			return nil
		}
	}
	s.Files = make([]storedFile, d.count(3))
	for i := range s.Files {
		s.Files[i] = storedFile{Path: d.str(), Size: d.varint(), ModTime: d.time()}
	}
	switch d.uvarint() {
	case 0:
	case 1:
		passages := 0
		for i := range s.Articles {
			passages += len(s.Articles[i].Passages)
		}
		s.Lexicon, s.Fingerprint = d.lexicon(passages)
	default:
		d.fail("lexicon flag")
	}
	switch d.uvarint() {
	case 0:
	case 1:
		s.Groups = make([]int, len(s.Articles))
		for i := range s.Groups {
			if s.Groups[i] = int(d.uvarint()); s.Groups[i] > i {
				d.fail("group")
			}
		}
	default:
		d.fail("groups flag")
	}
	if d.err == nil && d.off != len(d.b) {
		d.fail("trailing data")
	}
	if d.err != nil {
		return nil
	}
	return s
}
