package retrieval

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
	"newsdesk/retrieval/neardup"
)

// The index persists as one snapshot file, written whole to a temporary file,
// synced, and renamed over the old one: a crash at any moment leaves either the
// old snapshot or the new one, never a torn file. A CRC-32C trailer catches
// corruption from outside. The chromem-go collection is rebuilt from it at
// start, with the stored vectors (nothing is re-embedded); the lexical index
// is stored whole (see snapshot_lex.go). A snapshot of an older format is
// refused with a clear error: delete the index and ingest again.
const (
	snapshotName  = "index.snap"
	snapshotMagic = "NDSKIDX3"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// snapshot is the persisted state of an Index.
type snapshot struct {
	Model    string
	Dims     int
	Articles []storedArticle
	Files    []storedFile
	// Lex is the lexical index to write; nil writes none.
	Lex *lexImage
	// Fingerprint is the analysis fingerprint Lex was made with.
	Fingerprint uint64
	// Lexicon is the lexical index read, or nil when the snapshot has none.
	Lexicon *lexicon
	// Groups are the near-duplicate groups of Articles, by position, named
	// by the position of their first article; nil when not stored (they are
	// then computed at load).
	Groups []int
}

type storedArticle struct {
	news.Article
	Hash     uint64
	Sketch   neardup.Sketch
	Passages []text.Span
	Vectors  [][]float32 // one per passage
}

type storedFile struct {
	Path    string
	Size    int64
	ModTime time.Time
}

// writeSnapshot writes s atomically to dir/index.snap.
func writeSnapshot(dir string, s *snapshot) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create index dir: %w", err)
	}
	tmp, err := os.CreateTemp(dir, snapshotName+".tmp-*")
	if err != nil {
		return fmt.Errorf("create snapshot: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(tmp, crc), 1<<20)
	e := encoder{w: bw}
	e.encode(s)
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err == nil {
		e.err = binary.Write(tmp, binary.LittleEndian, crc.Sum32())
	}
	if e.err == nil {
		e.err = tmp.Sync()
	}
	if cerr := tmp.Close(); e.err == nil {
		e.err = cerr
	}
	if e.err != nil {
		return fmt.Errorf("write snapshot: %w", e.err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, snapshotName)); err != nil {
		return fmt.Errorf("install snapshot: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // make the rename durable where the platform allows
		d.Close()
	}
	return nil
}

// readSnapshot reads dir/index.snap, decoding the vectors into vecs (see
// decoder.vecs), which must be empty; nil allocates them. It returns
// (nil, nil) when there is no snapshot.
func readSnapshot(dir string, vecs *vectorStore) (*snapshot, error) {
	b, err := os.ReadFile(filepath.Join(dir, snapshotName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	if len(b) < len(snapshotMagic)+4 {
		return nil, errors.New("index file is truncated")
	}
	if string(b[:len(snapshotMagic)]) != snapshotMagic {
		if string(b[:len(snapshotMagic)-1]) == snapshotMagic[:len(snapshotMagic)-1] {
			return nil, errors.New("index file is of an older format")
		}
		return nil, errors.New("not a newsdesk index file")
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errors.New("index file is corrupt (checksum mismatch)")
	}
	d := decoder{b: body, vecs: vecs}
	s := d.decode()
	if d.err != nil {
		return nil, fmt.Errorf("index file is corrupt: %w", d.err)
	}
	return s, nil
}

// saveWith writes the index's articles with the given file records.
func (ix *Index) saveWith(files map[string]storedFile) error {
	// The lock is held while the snapshot is written: the lexical index is
	// encoded from the live one. Only Ingest (the caller) changes the index.
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	snap := &snapshot{Model: ix.embedder.Model(), Fingerprint: ix.fingerprint}
	img := &lexImage{lex: ix.lex, remap: make([]int32, len(ix.passages))}
	for i := range img.remap {
		img.remap[i] = -1
	}
	pos := make([]int, len(ix.articles)) // article slot → snapshot position
	if ix.groupsFresh {
		snap.Groups = make([]int, 0, len(ix.byID))
	}
	for slot, a := range ix.articles {
		if a == nil {
			continue
		}
		pos[slot] = len(snap.Articles)
		if snap.Groups != nil {
			snap.Groups = append(snap.Groups, pos[ix.groups[slot]]) // a group's first article comes first
		}
		sa := storedArticle{Article: a.Article, Hash: a.hash, Sketch: a.sketch, Vectors: a.vectors}
		sa.Passages = make([]text.Span, len(a.slots))
		for j, s := range a.slots {
			p := ix.passages[s]
			sa.Passages[j] = text.Span{Start: int(p.start), End: int(p.end)}
			img.remap[s] = int32(img.slots)
			img.slots++
		}
		if snap.Dims == 0 && len(a.vectors) > 0 {
			snap.Dims = len(a.vectors[0])
		}
		snap.Articles = append(snap.Articles, sa)
	}
	for _, f := range files {
		snap.Files = append(snap.Files, f)
	}
	snap.Lex = img
	return writeSnapshot(ix.opts.Dir, snap)
}
