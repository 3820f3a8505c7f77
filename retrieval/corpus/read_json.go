package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"newsdesk/internal/news"
)

// readJSON reads a .json file: an array of records, or a single record. A
// record that cannot be read is skipped with its line; an array that does not
// parse is an error for the whole file.
func readJSON(f File, opts ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error {
	text, err := readWhole(f, opts, skip)
	if err != nil {
		return err
	}
	data := []byte(text)
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		r, err := decodeRecord(trimmed)
		if err != nil {
			return err
		}
		a, err := r.article(f.rel(), f.Path, 0)
		if err != nil {
			return err
		}
		return emit(a)
	}
	if len(trimmed) == 0 || trimmed[0] != '[' {
		return errors.New("not a JSON array or object of articles")
	}
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("invalid JSON at line %d: %s", lineAt(data, se.Offset), se.Error())
		}
		return errors.New("invalid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // [
		return fmt.Errorf("invalid JSON: %w", err)
	}
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("invalid JSON: %w", err)
		}
		line := lineAt(data, dec.InputOffset()-int64(len(raw)))
		r, err := decodeRecord(raw)
		if err == nil {
			var a news.Article
			if a, err = r.article(f.rel()+"#"+strconv.Itoa(i), f.Path, 0); err == nil {
				if err := emit(a); err != nil {
					return err
				}
				continue
			}
		}
		skip(news.Skipped{Path: f.Path, Line: line, Reason: fmt.Sprintf("record %d: %s", i+1, err)}) // counted from 1, as lines are
	}
	return nil
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = max(0, min(off, int64(len(data))))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// readJSONL streams a JSON Lines file, one record a line. Lines that cannot
// be read (invalid JSON, not UTF-8, too long, no text) are skipped with their
// line number; blank lines are ignored.
func readJSONL(f File, opts ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error {
	fh, err := os.Open(f.Path)
	if err != nil {
		return errors.New("cannot be read: " + plainError(err))
	}
	defer fh.Close()
	br := bufio.NewReaderSize(fh, 1<<20)
	head, _ := br.Peek(8192)
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")):
		return errors.New("UTF-16 JSON Lines are not supported (save the file as UTF-8)")
	case bytes.IndexByte(head, 0) >= 0:
		return errors.New("binary file (contains NUL bytes)")
	}
	if _, err := br.Discard(len(head) - len(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))); err != nil {
		return errors.New("cannot be read: " + plainError(err))
	}
	rel, records := f.rel(), 0
	for line := 1; ; line++ {
		b, tooLong, err := readLine(br, opts.MaxLineBytes)
		if err != nil && err != io.EOF {
			return errors.New("cannot be read: " + plainError(err))
		}
		if tooLong {
			records++
			skip(news.Skipped{Path: f.Path, Line: line, Reason: fmt.Sprintf("line too long (over %d bytes)", opts.MaxLineBytes)})
		} else if t := bytes.TrimSpace(b); len(t) > 0 {
			records++
			if rerr := readJSONLine(t, rel+"#"+strconv.Itoa(line), f.Path, line, emit, skip); rerr != nil {
				if errors.Is(rerr, errEmit) {
					return errors.Unwrap(rerr)
				}
				skip(news.Skipped{Path: f.Path, Line: line, Reason: rerr.Error()})
			}
		}
		if err == io.EOF {
			break
		}
	}
	if records == 0 {
		return errors.New("empty file")
	}
	return nil
}

// errEmit wraps an error returned by emit, which stops the read.
var errEmit = errors.New("emit")

type emitError struct{ err error }

func (e emitError) Error() string        { return e.err.Error() }
func (e emitError) Unwrap() error        { return e.err }
func (e emitError) Is(target error) bool { return target == errEmit }

// readJSONLine reads one JSON Lines record and emits its article.
func readJSONLine(b []byte, id, path string, line int, emit func(news.Article) error, skip func(news.Skipped)) error {
	b, note, err := decodeLine(b)
	if err != nil {
		return err
	}
	if note != "" {
		skip(news.Skipped{Path: path, Line: line, Reason: note, Kept: true})
	}
	r, err := decodeRecord(b)
	if err != nil {
		return err
	}
	a, err := r.article(id, path, line)
	if err != nil {
		return err
	}
	if err := emit(a); err != nil {
		return emitError{err}
	}
	return nil
}

// readLine reads one line of at most max bytes; a longer line is consumed
// and reported as too long.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if !tooLong {
			if len(buf)+len(chunk) > max {
				tooLong, buf = true, nil
			} else if isPrefix || buf != nil {
				buf = append(buf, chunk...)
			} else {
				buf = chunk
			}
		}
		if err != nil {
			return buf, tooLong, err
		}
		if !isPrefix {
			return buf, tooLong, nil
		}
	}
}
