package retrieval

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"newsdesk/internal/text"
)

// How the index is saved: a change is appended as a segment (see
// segment.go), in proportion to the change; when the segments would grow
// past 1/compactRatio of the base snapshot, or past maxSegments, the save
// writes a new base snapshot of the next generation instead (compaction)
// and removes the segments it holds. Open replays the segments after the
// snapshot, re-tokenising the articles they add: per article, about six
// times the cost of decoding it from the snapshot (measured with
// BenchmarkOpenSegments), so segments of 1/32 of the snapshot keep an open
// within about 1.2x a compacted one, and a compaction's whole rewrite comes
// once per 1/32 of the index changed.
const (
	compactRatio = 32 // segments up to 1/32 of the base snapshot's bytes
	maxSegments  = 64 // and at most this many
)

// journal is what changed in the index since it was last saved: the
// articles added and the doc_ids removed, in order, and the file records
// and sources set or forgotten. The caller holds ix.mu for writing.
type journal struct {
	ops     []journalOp
	files   map[string]*storedFile
	sources map[string]*sourceRec
	bytes   int64 // an estimate of the segment's size
}

type journalOp struct {
	add    *article
	remove string
}

func (j *journal) empty() bool { return len(j.ops) == 0 && len(j.files) == 0 && len(j.sources) == 0 }

// persisted is where the index stands on disk: the generation of the base
// snapshot it was loaded from, the last segment applied, and their sizes.
type persisted struct {
	gen, seq  uint64
	baseBytes int64 // 0 when there is no base snapshot (or it cannot be extended)
	segBytes  int64
	segs      int
	// foreign is an index on disk made with another embedding model: it is
	// not replayed, and the next save replaces it whole.
	foreign bool
}

// setFile records a file (nil f: forgets path), in the index and the journal.
// The caller holds ix.mu for writing.
func (ix *Index) setFileLocked(path string, f *storedFile) {
	if f == nil {
		if _, ok := ix.files[path]; !ok {
			return
		}
		delete(ix.files, path)
	} else {
		if old, ok := ix.files[path]; ok && old.Size == f.Size && old.ModTime.Equal(f.ModTime) && old.Root == f.Root {
			return
		}
		ix.files[path] = *f
	}
	if ix.journal.files == nil {
		ix.journal.files = make(map[string]*storedFile)
	}
	ix.journal.files[path] = f
	ix.journal.bytes += int64(len(path)) + 32
}

// setSourceLocked records a source (nil s: forgets root), in the index and
// the journal. The caller holds ix.mu for writing.
func (ix *Index) setSourceLocked(root string, s *sourceRec) {
	if s == nil {
		delete(ix.sources, root)
	} else {
		ix.sources[root] = *s
	}
	if ix.journal.sources == nil {
		ix.journal.sources = make(map[string]*sourceRec)
	}
	ix.journal.sources[root] = s
	ix.journal.bytes += int64(len(root)) + 32
}

// save writes what changed since the last save: a segment, or a new base
// snapshot when compaction is due. The caller holds the writer lock (and
// ingestMu); ix.mu is taken here.
func (ix *Index) save() error {
	ix.mu.RLock()
	empty := ix.journal.empty()
	due := ix.disk.baseBytes == 0 || ix.disk.segs+1 > maxSegments ||
		(ix.disk.segBytes+ix.journal.bytes)*compactRatio > ix.disk.baseBytes
	ix.mu.RUnlock()
	if empty {
		return nil
	}
	if due {
		return ix.compact()
	}
	return ix.saveSegment()
}

// saveSegment writes the journal as the next segment.
func (ix *Index) saveSegment() error {
	ix.mu.Lock() // the journal is taken whole; Search waits only for the encoding of it
	defer ix.mu.Unlock()
	s := &segment{Gen: ix.disk.gen, Seq: ix.disk.seq + 1, Model: ix.embedder.Model(), Dims: ix.vecs.dims}
	for _, op := range ix.journal.ops {
		if op.add == nil {
			s.Ops = append(s.Ops, segmentOp{Remove: op.remove})
			continue
		}
		s.Ops = append(s.Ops, segmentOp{Add: ix.storedLocked(op.add)})
	}
	for p, f := range ix.journal.files {
		s.Files = append(s.Files, fileChange{Path: p, File: f})
	}
	for r, src := range ix.journal.sources {
		s.Sources = append(s.Sources, sourceChange{Root: r, Source: src})
	}
	if ix.groupsFresh {
		s.Groups = ix.groups
	}
	n, err := writeSegment(ix.opts.Dir, s)
	if err != nil {
		return err
	}
	ix.disk.seq++
	ix.disk.segs++
	ix.disk.segBytes += n
	ix.journal = journal{}
	return nil
}

// storedLocked is an article as it is stored.
func (ix *Index) storedLocked(a *article) *storedArticle {
	sa := &storedArticle{Article: a.Article, Root: a.root, Hash: a.hash, Sketch: a.sketch, Vectors: a.vectors}
	sa.Passages = make([]text.Span, len(a.slots))
	for j, s := range a.slots {
		p := ix.passages[s]
		sa.Passages[j] = text.Span{Start: int(p.start), End: int(p.end)}
	}
	return sa
}

// compact writes the whole index as the base snapshot of the next
// generation, then removes the segments it replaces.
func (ix *Index) compact() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	gen := ix.disk.gen + 1
	n, err := ix.writeBaseLocked(gen)
	if err != nil {
		return err
	}
	ix.disk = persisted{gen: gen, baseBytes: n}
	ix.journal = journal{}
	removeStale(ix.opts.Dir, gen)
	return nil
}

// Compact writes the index as one base snapshot of a new generation and
// removes its segments, under the writer lock (as Ingest). Saves compact on
// their own when the segments grow; Compact does it now.
func (ix *Index) Compact(ctx context.Context) error {
	unlock, err := ix.lockWriter(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return ix.compact()
}

// compactDue reports whether the segments have grown enough that the next
// save should compact.
func (ix *Index) compactDue() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.disk.baseBytes == 0 || ix.disk.segs >= maxSegments || ix.disk.segBytes*compactRatio > ix.disk.baseBytes
}

// removeStale removes what no reader needs: segments of generations before
// gen, and temporary files a killed writer left. Only a writer calls it.
func removeStale(dir string, gen uint64) {
	segs, _ := listSegments(dir)
	for _, s := range segs {
		if s.gen < gen {
			os.Remove(filepath.Join(dir, s.name))
		}
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if n := e.Name(); strings.Contains(n, ".tmp-") && (strings.HasPrefix(n, snapshotName) || strings.HasPrefix(n, segmentPrefix)) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	syncDir(dir)
}

// readState reads the index as it is on disk into ix, which must be fresh:
// the base snapshot, then its segments. A reader that races a compaction
// (a segment removed between the listing and its reading) starts again.
func (ix *Index) readState(ctx context.Context) error {
	var err error
	for range 5 {
		var again bool
		if again, err = ix.readStateOnce(ctx); !again {
			return err
		}
		ix.reset()
	}
	return fmt.Errorf("the index changed five times while it was read; try again: %w", err)
}

func (ix *Index) readStateOnce(ctx context.Context) (again bool, err error) {
	// The segments are read first, and their terms computed, so that the
	// snapshot's postings are decoded with room for what the segments add:
	// replaying them then appends in place, rather than copying every
	// posting list a segment touches.
	gen, err := snapshotGen(ix.opts.Dir)
	if err != nil {
		return false, err
	}
	segs, err := ix.readSegments(gen)
	if err != nil || segs == nil && gen != 0 {
		return segs == nil && err == nil, err
	}
	snap, err := readChecked(filepath.Join(ix.opts.Dir, snapshotName), snapshotMagic, func(d *decoder) *snapshot {
		d.lexExtra = postingsAdded(segs)
		return d.decode()
	}, ix.vecs)
	if err != nil {
		return false, err
	}
	if snap == nil {
		if segs, _ := listSegments(ix.opts.Dir); len(segs) > 0 {
			return false, &damageError{filepath.Join(ix.opts.Dir, snapshotName), "is missing (the folder has segments but no base snapshot)"}
		}
		return false, nil
	}
	if snap.Model != ix.embedder.Model() {
		// Another model's vectors: the index is opened empty of articles but
		// keeps its sources, and the next save writes a whole new snapshot.
		ix.reset()
		for _, s := range snap.Sources {
			ix.sources[s.Root] = s
		}
		ix.disk = persisted{gen: snap.Gen, foreign: true}
		return false, nil
	}
	if err := ix.load(ctx, snap); err != nil {
		return false, err
	}
	st, _ := os.Stat(filepath.Join(ix.opts.Dir, snapshotName))
	ix.disk = persisted{gen: snap.Gen}
	if st != nil {
		ix.disk.baseBytes = st.Size()
	}
	if snap.Gen != gen {
		return true, nil // compacted since its generation was read
	}
	for _, s := range segs {
		if err := ix.apply(ctx, s); err != nil {
			return false, fmt.Errorf("replay %s: %w", segmentName(s.Gen, s.Seq), err)
		}
		ix.disk.seq = s.Seq
		ix.disk.segs++
		ix.disk.segBytes += s.size
	}
	again, err = ix.replay(ctx) // any written since they were listed
	if err == nil && !again && !ix.groupsFresh {
		ix.updateGroups()
	}
	return again, err
}

// readSegments reads the segments of generation gen, in order, with the
// terms of the articles they add. It returns nil (and no error) when one
// went missing or the sequence has a gap: a compaction is removing them.
func (ix *Index) readSegments(gen uint64) ([]*segment, error) {
	files, err := listSegments(ix.opts.Dir)
	if err != nil {
		return nil, err
	}
	out := []*segment{}
	for _, sf := range files {
		if sf.gen != gen {
			continue
		}
		if sf.seq != uint64(len(out))+1 {
			return nil, nil
		}
		s, err := readSegment(ix.opts.Dir, sf)
		if err != nil || s == nil {
			return nil, err
		}
		s.size = sf.size
		out = append(out, s)
	}
	type job struct{ seg, op int }
	var jobs []job
	for i, s := range out {
		s.terms = make([][]passageTerms, len(s.Ops))
		for j, op := range s.Ops {
			if op.Add != nil {
				jobs = append(jobs, job{i, j})
			}
		}
	}
	parallel(len(jobs), func(k int) {
		jb := jobs[k]
		a := out[jb.seg].Ops[jb.op].Add
		out[jb.seg].terms[jb.op] = articleTerms(ix.analyzer, &a.Article, a.Passages)
	})
	return out, nil
}

// postingsAdded counts, by term, the postings the segments' articles add.
func postingsAdded(segs []*segment) map[string]int {
	if len(segs) == 0 {
		return nil
	}
	extra := map[string]int{}
	for _, s := range segs {
		for _, at := range s.terms {
			for _, pt := range at {
				seen := map[string]bool{}
				for _, field := range [][]string{pt.title, pt.body} {
					for _, t := range field {
						if !seen[t] {
							seen[t] = true
							extra[t]++
						}
					}
				}
			}
		}
	}
	return extra
}

// replay applies the segments of ix's generation after the last applied.
// again reports a segment that went missing (a compaction removed it): the
// caller reads the whole index again.
func (ix *Index) replay(ctx context.Context) (again bool, err error) {
	segs, err := listSegments(ix.opts.Dir)
	if err != nil {
		return false, err
	}
	for _, sf := range segs {
		if sf.gen != ix.disk.gen || sf.seq <= ix.disk.seq {
			continue
		}
		if sf.seq != ix.disk.seq+1 {
			return true, nil
		}
		s, err := readSegment(ix.opts.Dir, sf)
		if err != nil {
			return false, err
		}
		if s == nil {
			return true, nil
		}
		if err := ix.apply(ctx, s); err != nil {
			return false, fmt.Errorf("replay %s: %w", sf.name, err)
		}
		ix.disk.seq = sf.seq
		ix.disk.segs++
		ix.disk.segBytes += sf.size
	}
	return false, nil
}

// apply makes one segment's changes, as they were made.
func (ix *Index) apply(ctx context.Context, s *segment) error {
	if s.Model != ix.embedder.Model() {
		return fmt.Errorf("the segment was made with embedding model %q, the index with %q", s.Model, ix.embedder.Model())
	}
	var run []*storedArticle
	var terms [][]passageTerms
	flush := func() error {
		if len(run) == 0 {
			return nil
		}
		arts := make([]*article, len(run))
		for i, sa := range run {
			arts[i] = &article{Article: sa.Article, root: sa.Root, hash: sa.Hash, sketch: sa.Sketch, vectors: sa.Vectors}
		}
		stored, t := run, terms
		if s.terms == nil {
			t = nil // computed by installWith
		}
		run, terms = nil, nil
		return ix.installWith(ctx, arts, func(i int) []text.Span { return stored[i].Passages }, nil, nil, t)
	}
	for i, op := range s.Ops {
		if op.Add != nil {
			run = append(run, op.Add)
			if s.terms != nil {
				terms = append(terms, s.terms[i])
			}
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		ix.mu.Lock()
		ix.removeLocked(op.Remove)
		ix.mu.Unlock()
	}
	if err := flush(); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, fc := range s.Files {
		if fc.File == nil {
			delete(ix.files, fc.Path)
		} else {
			ix.files[fc.Path] = *fc.File
		}
	}
	for _, sc := range s.Sources {
		if sc.Source == nil {
			delete(ix.sources, sc.Root)
		} else {
			ix.sources[sc.Root] = *sc.Source
		}
	}
	if s.Groups != nil && len(s.Groups) == len(ix.articles) {
		ix.setGroups(s.Groups)
	} // else not fresh: regrouped once the segments are replayed
	ix.journal = journal{}
	return nil
}

// catchUp brings ix up to what is on disk, under the writer lock, before an
// update reads it: another process (or another Index on the same folder) may
// have saved since ix was loaded. The journal must be empty.
func (ix *Index) catchUp(ctx context.Context) error {
	gen, err := snapshotGen(ix.opts.Dir)
	if err != nil {
		return err
	}
	if gen == ix.disk.gen && ix.disk.foreign {
		return nil
	}
	if gen == ix.disk.gen {
		again, err := ix.replay(ctx)
		if err != nil || !again {
			if err == nil && !ix.groupsFresh {
				ix.mu.Lock()
				ix.updateGroups()
				ix.mu.Unlock()
			}
			return err
		}
	}
	fresh := ix.sibling()
	if err := fresh.readState(ctx); err != nil {
		return err
	}
	ix.adopt(fresh)
	return nil
}

// snapshotGen reads the generation of dir's base snapshot; 0 when there is none.
func snapshotGen(dir string) (uint64, error) {
	f, err := os.Open(filepath.Join(dir, snapshotName))
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read index: %w", err)
	}
	defer f.Close()
	var head [headerSize]byte
	if _, err := io.ReadFull(f, head[:]); err != nil || string(head[:len(snapshotMagic)]) != snapshotMagic {
		return ^uint64(0), nil // damaged: readState says how
	}
	d := newDecoder(f, 1<<20, nil)
	return d.uvarint(), nil
}
