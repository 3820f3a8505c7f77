package retrieval

import (
	"context"
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
// within about 1.5x a compacted one, and a compaction's whole rewrite comes
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
// snapshot when compaction is due. A checkpoint of a long ingest lets the
// segments grow to the snapshot's size before it compacts (the ingest's
// last save compacts them as usual): a large first ingest then writes each
// checkpoint's articles about twice, not the whole index at every
// checkpoint. The caller holds the writer lock (and ingestMu); ix.mu is
// taken here.
func (ix *Index) save(checkpoint bool) error {
	ratio := int64(compactRatio)
	if checkpoint {
		ratio = 1
	}
	ix.mu.RLock()
	empty := ix.journal.empty()
	due := ix.disk.baseBytes == 0 || ix.disk.segs+1 > maxSegments ||
		(ix.disk.segBytes+ix.journal.bytes)*ratio > ix.disk.baseBytes
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
//
// Saving only reads the index, under ix.mu's read lock, so searches go on
// while it writes; the caller (holding the writer lock) is the only one that
// changes the index. The read lock is traded for the write lock only to
// record what was saved.
func (ix *Index) saveSegment() error {
	ix.mu.RLock()
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
	ix.mu.RUnlock()
	if err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
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
// generation, then removes the segments it replaces. As saveSegment, it
// writes under the read lock: searches go on.
func (ix *Index) compact() error {
	ix.mu.RLock()
	gen := ix.disk.gen + 1
	n, err := ix.writeBaseLocked(gen)
	ix.mu.RUnlock()
	if err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
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
