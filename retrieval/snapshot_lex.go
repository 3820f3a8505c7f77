package retrieval

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"slices"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// The lexical index is persisted in the snapshot, so that opening an index
// does not re-tokenise and re-stem every passage (which took most of the
// load time). Passages are renumbered densely in snapshot order, the order
// in which load installs them, so the stored postings name the slots the
// passages get at load. A fingerprint of the analysis (what terms and
// frequencies a probe article gives) is stored with them: when the analyser
// or the index fields change, the stored postings are ignored and the
// lexical index is rebuilt from the text.

// lexImage is the lexical index to write: lex with its live slots renumbered
// by remap (old slot → new slot, -1 for a dead one).
type lexImage struct {
	lex   *lexicon
	remap []int32
	slots int // live slots, numbered 0..slots-1
}

// analysisFingerprint hashes the postings and lengths that a probe article
// gives through the same analysis as install.
func analysisFingerprint(an *text.Analyzer) uint64 {
	probe := &news.Article{
		Title: "Zelenskyy’s Café Reopens: 1,200 Workers Return After 3.5-Week Strike",
		URL:   "https://www.example.com/2022/06/15/business/ford-recall-electric/index.html",
		Body: "Officials said on Monday that the company's workers (about 1,200 of them) weren't " +
			"returning until the strike ended. \"We don't know,\" she said. Running runners ran; " +
			"the mayor’s office reported 3.5 percent growth in the 2022 season. Naïve résumés, " +
			"U.S. policies, e-mail and COVID-19 tests were mentioned again and again.",
	}
	spans := []text.Span{{Start: 0, End: 120}, {Start: 80, End: len(probe.Body)}}
	lx := newLexicon()
	for j, t := range articleTerms(an, probe, spans) {
		lx.add(uint32(j), t)
	}
	h := fnv.New64a()
	var b [8]byte
	num := func(v uint64) { binary.LittleEndian.PutUint64(b[:], v); h.Write(b[:]) }
	terms := make([]string, 0, len(lx.ids))
	for t := range lx.ids {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	for _, t := range terms {
		h.Write([]byte(t))
		num(0)
		for _, p := range lx.postings[lx.ids[t]] {
			num(uint64(p.slot)<<32 | uint64(p.title)<<16 | uint64(p.body))
		}
	}
	for _, l := range lx.lengths {
		num(uint64(l.title)<<32 | uint64(l.body))
	}
	return h.Sum64()
}

// articleTerms returns the index terms of an article's passages, by field:
// the title field (its title and URL slug, shared by its passages) and each
// passage's body.
func articleTerms(an *text.Analyzer, a *news.Article, spans []text.Span) []passageTerms {
	out := make([]passageTerms, len(spans))
	title := titleTerms(an, a)
	for j, s := range spans {
		out[j] = passageTerms{title: title, body: an.Terms(nil, a.Body[s.Start:s.End])}
	}
	return out
}

func (e *encoder) lexicon(img *lexImage, fingerprint uint64) {
	e.uvarint(fingerprint)
	l := img.lex
	e.uvarint(uint64(img.slots))
	for old, nw := range img.remap {
		if nw >= 0 {
			e.uvarint(uint64(l.lengths[old].title))
			e.uvarint(uint64(l.lengths[old].body))
		}
	}
	live := func(p []posting) int {
		n := 0
		for _, x := range p {
			if img.remap[x.slot] >= 0 {
				n++
			}
		}
		return n
	}
	terms, total := 0, 0
	for _, p := range l.postings {
		if n := live(p); n > 0 {
			terms++
			total += n
		}
	}
	e.uvarint(uint64(terms))
	e.uvarint(uint64(total))
	for t, id := range l.ids {
		p := l.postings[id]
		n := live(p)
		if n == 0 {
			continue
		}
		e.str(t)
		e.uvarint(uint64(n))
		prev := int32(-1)
		for _, x := range p {
			s := img.remap[x.slot]
			if s < 0 {
				continue
			}
			e.uvarint(uint64(s - prev))
			e.uvarint(uint64(x.title))
			e.uvarint(uint64(x.body))
			prev = s
		}
	}
}

// lexicon decodes a stored lexical index of the given number of passages;
// it returns the fingerprint it was made with.
func (d *decoder) lexicon(passages int) (*lexicon, uint64) {
	fp := d.uvarint()
	slots := d.count(2)
	if slots != passages && d.err == nil {
		d.fail("lexicon size")
	}
	if d.err != nil {
		return nil, 0
	}
	l := newLexicon()
	l.lengths = make([]fieldLen, slots)
	l.dead = make([]bool, slots)
	l.live = slots
	for i := range l.lengths {
		l.lengths[i] = fieldLen{uint32(d.uvarint()), uint32(d.uvarint())}
		l.titleTotal += int64(l.lengths[i].title)
		l.bodyTotal += int64(l.lengths[i].body)
	}
	terms := d.count(2)
	total := d.count(3)
	room := 0
	for _, n := range d.lexExtra {
		room += n
	}
	arena := make([]posting, total+room)
	l.ids = make(map[string]uint32, terms)
	l.postings = make([][]posting, 0, terms)
	used, off := 0, 0 // postings decoded; arena offset (with the room)
	for range terms {
		t := d.str()
		n := d.count(3)
		if d.err != nil || n > total-used {
			d.fail("postings")
			return nil, 0
		}
		if _, dup := l.ids[t]; dup { // before the room is taken: each term's once
			d.fail("duplicate term")
			return nil, 0
		}
		extra := d.lexExtra[t]
		p := arena[off : off+n : off+n+extra]
		off += n + extra
		used += n
		prev := int64(-1)
		for k := range p {
			s := prev + int64(d.uvarint())
			tf, bf := d.uvarint(), d.uvarint()
			if s <= prev || s >= int64(slots) || tf > math.MaxUint16 || bf > math.MaxUint16 {
				d.fail("posting")
				return nil, 0
			}
			p[k] = posting{slot: uint32(s), title: uint16(tf), body: uint16(bf)}
			prev = s
		}
		l.ids[t] = uint32(len(l.postings))
		l.postings = append(l.postings, p)
	}
	if used != total {
		d.fail("postings count")
	}
	if d.err != nil {
		return nil, 0
	}
	return l, fp
}
