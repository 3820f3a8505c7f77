package state

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// jsonLog is an append-only file of JSON lines, fsynced on every append and
// rewritten atomically when compacted. A torn last line (a crash mid-write)
// is skipped on reading.
type jsonLog struct {
	path  string
	f     *os.File
	lines int // lines in the file, for deciding when to compact
}

// openLog reads path's lines into each (skipping ones that do not decode)
// and opens it for appending; a missing file is an empty log.
func openLog(path string, each func(line []byte) error) (*jsonLog, error) {
	l := &jsonLog{path: path}
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if each(line) == nil {
			l.lines++
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		_, _ = f.Write([]byte("\n")) // end a torn line, so the next one starts clean
	}
	l.f = f
	return l, nil
}

// append writes v as one line and syncs it to disk.
func (l *jsonLog) append(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := l.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write %s: %w", l.path, err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", l.path, err)
	}
	l.lines++
	return nil
}

// rewrite replaces the log with vs, atomically.
func (l *jsonLog) rewrite(vs []any) error {
	var buf bytes.Buffer
	for _, v := range vs {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if err := writeFileAtomic(l.path, buf.Bytes()); err != nil {
		return err
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("open %s: %w", l.path, err)
	}
	_ = l.f.Close()
	l.f, l.lines = f, len(vs)
	return nil
}

func (l *jsonLog) close() error { return l.f.Close() }

// writeFileAtomic writes b to path through a temporary file, fsync and
// rename, then syncs the directory: a crash leaves the old file or the new.
func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
