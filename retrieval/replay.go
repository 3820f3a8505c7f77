package retrieval

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"newsdesk/internal/text"
)

// Reading the index from disk: the base snapshot, then the segments of its
// generation, replayed in order (see persist.go and segment.go).

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
// have saved since ix was loaded. Changes never saved (of an ingest that
// failed after installing some articles) are dropped by reading the index
// again, so that what is replayed lands on what is on disk.
func (ix *Index) catchUp(ctx context.Context) error {
	gen, err := snapshotGen(ix.opts.Dir)
	if err != nil {
		return err
	}
	ix.mu.RLock()
	clean := ix.journal.empty()
	ix.mu.RUnlock()
	if clean && gen == ix.disk.gen && ix.disk.foreign {
		return nil
	}
	if clean && gen == ix.disk.gen {
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

// Refresh brings the index up to what another process (a CLI ingest next to
// serve) saved since it was loaded or last refreshed; when nothing changed
// it costs a look at the folder. It takes no folder lock and writes nothing
// (reading never does); it waits only for this Index's own Ingest.
func (ix *Index) Refresh(ctx context.Context) error {
	ix.ingestMu.Lock()
	defer ix.ingestMu.Unlock()
	if err := ix.catchUp(ctx); err != nil {
		return fmt.Errorf("refresh index %s: %w", ix.opts.Dir, err)
	}
	return nil
}
