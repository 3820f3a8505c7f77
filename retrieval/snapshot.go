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
	"sort"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
	"newsdesk/retrieval/neardup"
)

// The index persists as a base snapshot (index.snap) and the segments
// written since (see segment.go). The snapshot is written whole to a
// temporary file, synced, and renamed over the old one: a crash at any moment
// leaves either the old snapshot or the new one, never a torn file. A CRC-32C
// trailer catches corruption from outside; it is computed as the file is
// streamed, in and out, so the file is never held whole in memory. The
// chromem-go collection is rebuilt from it at start, with the stored vectors
// (nothing is re-embedded); the lexical index is stored whole (see
// snapshot_lex.go). A snapshot of an older format is refused with a clear
// error: delete the index and ingest again.
const (
	snapshotName  = "index.snap"
	snapshotMagic = "NDSKIDX4"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// snapshot is the persisted state of an Index.
type snapshot struct {
	// Gen is the snapshot's generation: segments of another generation are
	// not its own (they are leftovers of an interrupted compaction).
	Gen      uint64
	Model    string
	Dims     int
	Sources  []sourceRec
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
	Root     string // its source
	Hash     uint64
	Sketch   neardup.Sketch
	Passages []text.Span
	Vectors  [][]float32 // one per passage
}

// storedFile is what the index knows of a corpus file: enough to tell it
// unchanged without reading it, and the source it belongs to.
type storedFile struct {
	Path    string
	Size    int64
	ModTime time.Time
	Root    string
}

// sourceRec is a source as stored: Source without the counts.
type sourceRec struct {
	Root, Kind string
	Updated    time.Time
}

// A persisted file is a header (its magic, 8 bytes, and its total size, 8
// bytes little-endian), the content, and a CRC-32C of the content. The size
// tells a truncated file from a damaged one.
const headerSize = 16

// writeFileAtomic writes dir/name through a temporary file in dir: the
// header, the content encode writes, the CRC-32C trailer; the file is synced
// and renamed into place, and the directory synced. It returns the bytes
// written.
func writeFileAtomic(dir, name, magic string, encode func(e *encoder)) (int64, error) {
	tmp, err := os.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("create %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	var head [headerSize]byte
	copy(head[:], magic)
	_, werr := tmp.Write(head[:])
	crc := crc32.New(castagnoli)
	cw := &countWriter{w: io.MultiWriter(tmp, crc)}
	bw := bufio.NewWriterSize(cw, 1<<20)
	e := encoder{w: bw, err: werr}
	encode(&e)
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err == nil {
		e.err = binary.Write(tmp, binary.LittleEndian, crc.Sum32())
	}
	size := headerSize + cw.n + 4
	if e.err == nil {
		binary.LittleEndian.PutUint64(head[8:], uint64(size))
		_, e.err = tmp.WriteAt(head[8:], 8)
	}
	if e.err == nil {
		e.err = tmp.Sync()
	}
	if cerr := tmp.Close(); e.err == nil {
		e.err = cerr
	}
	if e.err != nil {
		return 0, fmt.Errorf("write %s: %w", name, e.err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return 0, fmt.Errorf("install %s: %w", name, err)
	}
	syncDir(dir)
	return size, nil
}

// syncDir makes renames and removals in dir durable where the platform allows.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeSnapshot writes s atomically to dir/index.snap, and returns its size.
func writeSnapshot(dir string, s *snapshot) (int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("create index dir: %w", err)
	}
	return writeFileAtomic(dir, snapshotName, snapshotMagic, func(e *encoder) { e.encode(s) })
}

// damageError is a persisted file that cannot be read: it names the file
// and says what is wrong with it, in one sentence.
type damageError struct {
	path, kind string
}

func (e *damageError) Error() string { return fmt.Sprintf("index file %s %s", e.path, e.kind) }

// readChecked streams the file at path through decode, checking its header
// and its CRC-32C trailer, and returns what decode returned. It returns
// (nil, nil) when the file does not exist. Damage is a *damageError saying
// which: not an index file, an older format, shorter or longer than it was
// written, a checksum that does not match (changed after it was written), or
// content that does not decode although the checksum matches.
func readChecked[T any](path, magic string, decode func(d *decoder) *T, vecs *vectorStore) (*T, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read index file %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read index file %s: %w", path, err)
	}
	size := st.Size()
	var head [headerSize]byte
	n, err := io.ReadFull(f, head[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read index file %s: %w", path, err)
	}
	switch {
	case n >= len(magic) && string(head[:len(magic)]) == magic:
	case n >= len(magic) && string(head[:len(magic)-1]) == magic[:len(magic)-1]:
		return nil, &damageError{path, "is of an older format"}
	case size == 0:
		return nil, &damageError{path, "is empty (0 bytes)"}
	default:
		return nil, &damageError{path, "is not a newsdesk index file"}
	}
	want := int64(binary.LittleEndian.Uint64(head[8:]))
	switch {
	case n < headerSize || size < want:
		return nil, &damageError{path, fmt.Sprintf("is truncated (%d of its %d bytes are there)", size, want)}
	case size > want:
		return nil, &damageError{path, fmt.Sprintf("has %d bytes more than were written (%d, not %d)", size-want, size, want)}
	case want < headerSize+4:
		return nil, &damageError{path, "is corrupt (its header gives an impossible size)"}
	}
	crc := crc32.New(castagnoli)
	body := io.TeeReader(io.LimitReader(f, size-headerSize-4), crc)
	d := newDecoder(body, size-headerSize-4, vecs)
	v := decode(d)
	if d.err != nil {
		// Finish the checksum: a mismatch says more than the decode error.
		_, _ = io.Copy(io.Discard, body)
	}
	var sum [4]byte
	if _, err := f.ReadAt(sum[:], size-4); err != nil {
		return nil, fmt.Errorf("read index file %s: %w", path, err)
	}
	if crc.Sum32() != binary.LittleEndian.Uint32(sum[:]) {
		return nil, &damageError{path, "is corrupt (checksum mismatch: it was changed or damaged after it was written)"}
	}
	if d.err != nil {
		return nil, &damageError{path, fmt.Sprintf("is corrupt (its checksum matches but its content does not decode: %v)", d.err)}
	}
	return v, nil
}

// readSnapshot reads dir/index.snap, decoding the vectors into vecs (see
// decoder.vecs), which must be empty; nil allocates them. It returns
// (nil, nil) when there is no snapshot.
func readSnapshot(dir string, vecs *vectorStore) (*snapshot, error) {
	return readChecked(filepath.Join(dir, snapshotName), snapshotMagic, (*decoder).decode, vecs)
}

// writeBaseLocked writes the whole index as the base snapshot of generation
// gen and returns its size. The caller holds ix.mu (the lexical index is
// encoded from the live one).
func (ix *Index) writeBaseLocked(gen uint64) (int64, error) {
	snap := &snapshot{Gen: gen, Model: ix.embedder.Model(), Fingerprint: ix.fingerprint}
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
		sa := storedArticle{Article: a.Article, Root: a.root, Hash: a.hash, Sketch: a.sketch, Vectors: a.vectors}
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
	for _, f := range ix.files {
		snap.Files = append(snap.Files, f)
	}
	sort.Slice(snap.Files, func(i, j int) bool { return snap.Files[i].Path < snap.Files[j].Path })
	for _, s := range ix.sources {
		snap.Sources = append(snap.Sources, s)
	}
	sort.Slice(snap.Sources, func(i, j int) bool { return snap.Sources[i].Root < snap.Sources[j].Root })
	snap.Lex = img
	return writeSnapshot(ix.opts.Dir, snap)
}
