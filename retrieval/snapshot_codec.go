package retrieval

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
	"unsafe"

	"newsdesk/internal/text"
)

// The snapshot encoding: varints, length-prefixed strings, times as Unix
// nanoseconds (0 for none), vectors as little-endian float32 bits. The
// decoder reads a stream (the file is never held whole in memory) and checks
// each count against the bytes left, so a corrupt file is an error naming the
// byte offset.

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
	e.uvarint(s.Gen)
	e.str(s.Model)
	e.uvarint(uint64(s.Dims))
	e.uvarint(uint64(len(s.Sources)))
	srcIdx := make(map[string]int, len(s.Sources))
	for i, src := range s.Sources {
		srcIdx[src.Root] = i
		e.source(src)
	}
	e.uvarint(uint64(len(s.Articles)))
	for i := range s.Articles {
		e.article(&s.Articles[i], srcIdx)
	}
	e.uvarint(uint64(len(s.Files)))
	for _, f := range s.Files {
		e.file(f, srcIdx)
	}
	if s.Lex == nil {
		e.uvarint(0)
	} else {
		e.uvarint(1)
		e.lexicon(s.Lex, s.Fingerprint)
	}
	e.groups(s.Groups)
}

func (e *encoder) source(src sourceRec) {
	e.str(src.Root)
	e.str(src.Kind)
	e.time(src.Updated)
}

// article writes one article; its source is an index into the snapshot's
// source table when srcIdx is given, else the root itself (segments).
func (e *encoder) article(a *storedArticle, srcIdx map[string]int) {
	for _, f := range []string{a.DocID, a.Title, a.URL, a.Source, a.Body, a.Path} {
		e.str(f)
	}
	if srcIdx != nil {
		e.uvarint(uint64(srcIdx[a.Root]))
	} else {
		e.str(a.Root)
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
	var fb [4]byte
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

func (e *encoder) file(f storedFile, srcIdx map[string]int) {
	e.str(f.Path)
	e.varint(f.Size)
	e.time(f.ModTime)
	if srcIdx != nil {
		e.uvarint(uint64(srcIdx[f.Root]))
	} else {
		e.str(f.Root)
	}
}

func (e *encoder) groups(g []int) {
	if g == nil {
		e.uvarint(0)
		return
	}
	e.uvarint(1)
	e.uvarint(uint64(len(g)))
	for _, x := range g {
		e.uvarint(uint64(x))
	}
}

// decoder reads the encoding from a stream of size bytes (the checksum
// trailer excluded).
type decoder struct {
	r    *bufio.Reader
	off  int64 // bytes read
	size int64
	err  error
	// vecs, when set, receives the vectors: passage i (in snapshot order)
	// is decoded into the block of slot i, where load installs it.
	vecs *vectorStore
	slot uint32
	dims int
	fb   []byte
	// lexExtra is, by term, how many postings will be appended to the
	// decoded lexicon (the segments replayed after it): its posting lists
	// get that much room.
	lexExtra map[string]int
}

func newDecoder(r io.Reader, size int64, vecs *vectorStore) *decoder {
	return &decoder{r: bufio.NewReaderSize(r, 1<<20), size: size, vecs: vecs}
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("bad %s at byte %d", what, d.off)
	}
}

// readErr records a failed read: the stream ended early, or the file could
// not be read.
func (d *decoder) readErr(err error) {
	if d.err != nil {
		return
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		d.err = fmt.Errorf("%w at byte %d", errTruncated, d.off)
		return
	}
	d.err = fmt.Errorf("read at byte %d: %w", d.off, err)
}

// errTruncated is a stream that ends before its content does.
var errTruncated = errors.New("the data ends early")

func (d *decoder) left() int64 { return d.size - d.off }

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	for shift := uint(0); ; shift += 7 {
		b, err := d.r.ReadByte()
		if err != nil {
			d.readErr(err)
			return 0
		}
		d.off++
		if shift >= 64 || (shift == 63 && b > 1) {
			d.fail("number")
			return 0
		}
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

// count reads a length and checks it against the bytes left (each element
// takes at least min bytes), so a corrupt file cannot make us allocate wildly.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if d.err == nil && n > uint64(max(d.left(), 0))/uint64(max(min, 1)) {
		d.fail("length")
		return 0
	}
	return int(n)
}

// bytes reads n bytes into b (len n).
func (d *decoder) bytes(b []byte) {
	if d.err != nil {
		return
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.readErr(err)
		return
	}
	d.off += int64(len(b))
}

func (d *decoder) str() string {
	n := d.count(1)
	if d.err != nil || n == 0 {
		return ""
	}
	b := make([]byte, n)
	d.bytes(b)
	if d.err != nil {
		return ""
	}
	return unsafe.String(&b[0], n) // b is ours alone and never written again
}

func (d *decoder) time() time.Time {
	v := d.varint()
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, v).UTC()
}

func (d *decoder) decode() *snapshot {
	s := &snapshot{Gen: d.uvarint(), Model: d.str(), Dims: int(d.uvarint())}
	d.dims = s.Dims
	s.Sources = make([]sourceRec, d.count(3))
	for i := range s.Sources {
		s.Sources[i] = d.source()
	}
	roots := func() string {
		i := d.uvarint()
		if i >= uint64(len(s.Sources)) {
			d.fail("source")
			return ""
		}
		return s.Sources[i].Root
	}
	s.Articles = make([]storedArticle, d.count(8))
	for i := range s.Articles {
		if !d.article(&s.Articles[i], roots) {
			return nil
		}
	}
	s.Files = make([]storedFile, d.count(4))
	for i := range s.Files {
		s.Files[i] = d.file(roots)
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
	s.Groups = d.groups(len(s.Articles))
	if d.err == nil && d.left() != 0 {
		d.fail("trailing data")
	}
	if d.err != nil {
		return nil
	}
	return s
}

func (d *decoder) source() sourceRec {
	return sourceRec{Root: d.str(), Kind: d.str(), Updated: d.time()}
}

// article reads one article into a; root reads its source. It reports
// whether the article was read whole.
func (d *decoder) article(a *storedArticle, root func() string) bool {
	a.DocID, a.Title, a.URL, a.Source, a.Body, a.Path = d.str(), d.str(), d.str(), d.str(), d.str(), d.str()
	a.Root = root()
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
	dims := d.dims
	np := d.count(2 + 4*dims)
	a.Passages = make([]text.Span, np)
	a.Vectors = make([][]float32, np)
	var arena []float32
	if len(d.fb) < 4*dims {
		d.fb = make([]byte, 4*dims)
	}
	for j := range a.Passages {
		a.Passages[j] = text.Span{Start: int(d.uvarint()), End: int(d.uvarint())}
		if d.err != nil {
			return false
		}
		var v []float32
		if d.vecs != nil { // straight into the block of the slot it will have
			v = d.vecs.reserve(d.slot, dims)
			d.slot++
		}
		if v == nil {
			if arena == nil {
				arena = make([]float32, np*dims) // one allocation for the article's vectors
			}
			v = arena[j*dims : (j+1)*dims : (j+1)*dims]
		}
		src := d.fb[:4*dims]
		d.bytes(src)
		if d.err != nil {
			return false
		}
		for k := range v {
			v[k] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*k:]))
		}
		a.Vectors[j] = v
		if p := a.Passages[j]; p.Start < 0 || p.End > len(a.Body) || p.Start > p.End {
			d.fail("passage offsets")
		}
	}
	return d.err == nil
}

func (d *decoder) file(root func() string) storedFile {
	return storedFile{Path: d.str(), Size: d.varint(), ModTime: d.time(), Root: root()}
}

// groups reads stored near-duplicate groups of n articles (each named by
// the position of its first article), or nil when none are stored.
func (d *decoder) groups(n int) []int {
	switch d.uvarint() {
	case 0:
		return nil
	case 1:
	default:
		d.fail("groups flag")
		return nil
	}
	if m := d.count(1); m != n && d.err == nil {
		d.fail("groups size")
		return nil
	}
	g := make([]int, n)
	for i := range g {
		if g[i] = int(d.uvarint()); g[i] > i {
			d.fail("group")
			return nil
		}
	}
	return g
}
