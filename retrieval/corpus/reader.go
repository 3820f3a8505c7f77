package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"newsdesk/internal/news"
)

// ReaderOptions bound what the corpus readers accept.
type ReaderOptions struct {
	// MaxFileBytes is the largest file read; larger files are skipped.
	MaxFileBytes int64
	// MaxLineBytes is the longest JSON Lines record read; longer lines are
	// skipped and the rest of the file is read.
	MaxLineBytes int
}

// DefaultReaderOptions returns the defaults: files up to 64 MiB, JSON Lines
// records up to 16 MiB.
func DefaultReaderOptions() ReaderOptions {
	return ReaderOptions{MaxFileBytes: 64 << 20, MaxLineBytes: 16 << 20}
}

// File is one input file found under a corpus root.
type File struct {
	Root    string // the root it was found under, as given
	Path    string // the file's path (Root joined with its relative path)
	Size    int64
	ModTime time.Time
}

// rel returns the file's doc_id base: its path relative to the root with
// forward slashes, or its base name when the root is the file itself.
func (f File) rel() string {
	rel, err := filepath.Rel(f.Root, f.Path)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return filepath.Base(f.Path)
	}
	return filepath.ToSlash(rel)
}

// readers maps a lowercased file extension to the function reading it.
var readers = map[string]func(f File, opts ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error{
	".txt": readText, ".text": readText, ".md": readMarkdown, ".markdown": readMarkdown,
	".html": readHTML, ".htm": readHTML, ".json": readJSON, ".jsonl": readJSONL, ".ndjson": readJSONL,
}

// supported reports whether path has an extension the readers read.
func supported(path string) bool {
	_, ok := readers[strings.ToLower(filepath.Ext(path))]
	return ok
}

// Walk lists the corpus files under roots, each a file or a directory
// walked recursively, in lexical order. Hidden files and directories (names
// starting with a dot) are ignored. Files of an unsupported type, unreadable
// directories and other non-files are reported to skip and not returned. A
// root that does not exist is an error; so is ctx being done.
func Walk(ctx context.Context, roots []string, opts ReaderOptions, skip func(news.Skipped)) ([]File, error) {
	var files []File
	for _, root := range roots {
		if _, err := os.Stat(root); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("corpus path %s does not exist", root)
			}
			return nil, fmt.Errorf("corpus path %s cannot be read: %w", root, err)
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			if err != nil {
				skip(news.Skipped{Path: path, Reason: "cannot be read: " + plainError(err)})
				return nil
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			info, err := os.Stat(path) // follows symbolic links
			switch {
			case err != nil:
				skip(news.Skipped{Path: path, Reason: "cannot be read: " + plainError(err)})
			case info.IsDir():
				skip(news.Skipped{Path: path, Reason: "symbolic link to a directory (not followed; give it as a --corpus path of its own)"})
			case !info.Mode().IsRegular():
				skip(news.Skipped{Path: path, Reason: "not a regular file"})
			case !supported(path):
				skip(news.Skipped{Path: path, Reason: "unsupported file type (want .txt, .md, .html, .htm, .json or .jsonl)"})
			default:
				files = append(files, File{Root: root, Path: path, Size: info.Size(), ModTime: info.ModTime()})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// plainError returns the reason of a file-system error without the path it
// repeats ("permission denied").
func plainError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Read streams the articles of one corpus file to emit: one for .txt, .md
// and .html files, any number for .json and .jsonl. JSON Lines files of any
// size are read line by line (MaxFileBytes does not apply to them;
// MaxLineBytes does). Records that cannot be read are reported to skip with
// path, line and reason. A file that cannot be read at all (missing, binary,
// empty, too large, not UTF-8, a JSON array that does not parse) is an error
// whose text is the plain reason. Read stops when emit returns an error and
// returns that error.
func Read(f File, opts ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error {
	return readFile(f, opts, emit, skip)
}

// readFile streams the articles of one file to emit.
func readFile(f File, opts ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error {
	ext := strings.ToLower(filepath.Ext(f.Path))
	read, ok := readers[ext]
	if !ok {
		return errors.New("unsupported file type (want .txt, .md, .html, .htm, .json or .jsonl)")
	}
	streamed := ext == ".jsonl" || ext == ".ndjson"
	if opts.MaxFileBytes > 0 && f.Size > opts.MaxFileBytes && !streamed {
		return fmt.Errorf("file too large (%d bytes; the limit is %d)", f.Size, opts.MaxFileBytes)
	}
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = DefaultReaderOptions().MaxLineBytes
	}
	return read(f, opts, emit, skip)
}
