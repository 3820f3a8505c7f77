package retrieval

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// A segment is what one save changed, appended after the base snapshot
// instead of rewriting it: the articles added (with their passages and
// vectors; the lexical postings are rebuilt from the text at replay) and the
// doc_ids removed, in the order they happened, the file records and sources
// set or forgotten, and, when fresh, the near-duplicate groups (by article
// slot). Each segment is written to a temporary file, synced and renamed,
// like the snapshot, with a CRC-32C trailer. Segments are named
// seg-<generation>-<sequence>.seg; Open replays those of the snapshot's
// generation in sequence order. A segment of another generation is a
// leftover of a compaction interrupted before it removed it: it is ignored,
// and the next writer removes it.
const (
	segmentMagic  = "NDSKSEG1"
	segmentPrefix = "seg-"
	segmentSuffix = ".seg"
)

// segment is one decoded segment.
type segment struct {
	Gen, Seq uint64
	Model    string
	Dims     int
	Ops      []segmentOp
	Files    []fileChange
	Sources  []sourceChange
	Groups   []int // by article slot after the segment; nil when not stored

	// Not stored: the terms of the articles added, by op (computed before
	// the replay, see readSegments), and the file's size.
	terms [][]passageTerms
	size  int64
}

// segmentOp is one change: an article added (or replaced), or a doc_id
// removed.
type segmentOp struct {
	Add    *storedArticle
	Remove string
}

type fileChange struct {
	Path string
	File *storedFile // nil: forgotten
}

type sourceChange struct {
	Root   string
	Source *sourceRec // nil: forgotten
}

func segmentName(gen, seq uint64) string {
	return fmt.Sprintf("%s%08d-%08d%s", segmentPrefix, gen, seq, segmentSuffix)
}

// segmentFile is a segment on disk.
type segmentFile struct {
	gen, seq uint64
	name     string
	size     int64
}

// listSegments returns the segment files in dir, by generation and sequence.
func listSegments(dir string) ([]segmentFile, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("list index segments: %w", err)
	}
	var out []segmentFile
	for _, e := range ents {
		n := e.Name()
		if !strings.HasPrefix(n, segmentPrefix) || !strings.HasSuffix(n, segmentSuffix) {
			continue
		}
		var sf segmentFile
		if _, err := fmt.Sscanf(strings.TrimSuffix(strings.TrimPrefix(n, segmentPrefix), segmentSuffix), "%d-%d", &sf.gen, &sf.seq); err != nil {
			continue
		}
		if info, err := e.Info(); err == nil {
			sf.size = info.Size()
		}
		sf.name = n
		out = append(out, sf)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].gen != out[j].gen {
			return out[i].gen < out[j].gen
		}
		return out[i].seq < out[j].seq
	})
	return out, nil
}

// writeSegment writes s to dir and returns its size.
func writeSegment(dir string, s *segment) (int64, error) {
	return writeFileAtomic(dir, segmentName(s.Gen, s.Seq), segmentMagic, func(e *encoder) { e.segment(s) })
}

// readSegment reads one segment file; (nil, nil) when it is gone.
func readSegment(dir string, sf segmentFile) (*segment, error) {
	return readChecked(filepath.Join(dir, sf.name), segmentMagic, (*decoder).segment, nil)
}

func (e *encoder) segment(s *segment) {
	e.uvarint(s.Gen)
	e.uvarint(s.Seq)
	e.str(s.Model)
	e.uvarint(uint64(s.Dims))
	e.uvarint(uint64(len(s.Ops)))
	for _, op := range s.Ops {
		if op.Add != nil {
			e.uvarint(1)
			e.article(op.Add, nil)
			continue
		}
		e.uvarint(2)
		e.str(op.Remove)
	}
	e.uvarint(uint64(len(s.Files)))
	for _, fc := range s.Files {
		e.str(fc.Path)
		if fc.File == nil {
			e.uvarint(0)
			continue
		}
		e.uvarint(1)
		e.file(*fc.File, nil)
	}
	e.uvarint(uint64(len(s.Sources)))
	for _, sc := range s.Sources {
		e.str(sc.Root)
		if sc.Source == nil {
			e.uvarint(0)
			continue
		}
		e.uvarint(1)
		e.source(*sc.Source)
	}
	e.sparseGroups(s.Groups)
}

// sparseGroups writes groups by slot as the slots whose group is not
// themselves (most articles are in a group of their own): a segment's
// groups then cost in proportion to the near-duplicates, not the index.
func (e *encoder) sparseGroups(g []int) {
	if g == nil {
		e.uvarint(0)
		return
	}
	e.uvarint(1)
	e.uvarint(uint64(len(g)))
	n := 0
	for i, x := range g {
		if x != i {
			n++
		}
	}
	e.uvarint(uint64(n))
	prev := -1
	for i, x := range g {
		if x != i {
			e.uvarint(uint64(i - prev))
			e.uvarint(uint64(i - x))
			prev = i
		}
	}
}

func (d *decoder) sparseGroups() []int {
	switch d.uvarint() {
	case 0:
		return nil
	case 1:
	default:
		d.fail("groups flag")
		return nil
	}
	size := d.uvarint()
	if d.err != nil || size > 1<<32 {
		d.fail("groups size")
		return nil
	}
	n := d.count(2)
	g := make([]int, size)
	for i := range g {
		g[i] = i
	}
	prev := -1
	for range n {
		i := prev + int(d.uvarint())
		back := int(d.uvarint())
		if d.err != nil || i <= prev || i >= len(g) || back > i {
			d.fail("group")
			return nil
		}
		g[i] = i - back
		prev = i
	}
	return g
}

func (d *decoder) segment() *segment {
	s := &segment{Gen: d.uvarint(), Seq: d.uvarint(), Model: d.str(), Dims: int(d.uvarint())}
	d.dims = s.Dims
	s.Ops = make([]segmentOp, d.count(2))
	for i := range s.Ops {
		switch d.uvarint() {
		case 1:
			a := &storedArticle{}
			if !d.article(a, d.str) {
				return nil
			}
			s.Ops[i].Add = a
		case 2:
			s.Ops[i].Remove = d.str()
		default:
			d.fail("segment operation")
			return nil
		}
	}
	s.Files = make([]fileChange, d.count(2))
	for i := range s.Files {
		s.Files[i].Path = d.str()
		if d.uvarint() == 1 {
			f := d.file(d.str)
			s.Files[i].File = &f
		}
	}
	s.Sources = make([]sourceChange, d.count(2))
	for i := range s.Sources {
		s.Sources[i].Root = d.str()
		if d.uvarint() == 1 {
			src := d.source()
			s.Sources[i].Source = &src
		}
	}
	s.Groups = d.sparseGroups()
	if d.err == nil && d.left() != 0 {
		d.fail("trailing data")
	}
	if d.err != nil {
		return nil
	}
	return s
}
