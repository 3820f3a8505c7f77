// Package testcorpus gives tests a small corpus of their own, so that they
// run in a plain clone: a copy of the five seed articles of the shared
// workspace (seeds/*.txt, embedded) and their development questions
// (seed-dev.jsonl). Only tests import it; it imports nothing
// of newsdesk.
package testcorpus

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

//go:embed seeds/*.txt seed-dev.jsonl
var seeds embed.FS

// Seeds writes the five seed articles to a fresh directory of tb.TempDir()
// and returns that directory, to be read as a --corpus root (doc_ids are the
// file names, e.g. "000_b7a197151d229b49.txt").
func Seeds(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	err := fs.WalkDir(seeds, "seeds", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := seeds.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, d.Name()), b, 0o644)
	})
	if err != nil {
		tb.Fatalf("write the seed corpus: %v", err)
	}
	return dir
}

// SeedQuestions writes the seed development questions (seed-dev.jsonl: id,
// question, answer_all, sources_any or refuse) to a file of tb.TempDir() and
// returns its path.
func SeedQuestions(tb testing.TB) string {
	tb.Helper()
	b, err := seeds.ReadFile("seed-dev.jsonl")
	if err != nil {
		tb.Fatalf("read the seed questions: %v", err)
	}
	path := filepath.Join(tb.TempDir(), "seed-dev.jsonl")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatalf("write the seed questions: %v", err)
	}
	return path
}
