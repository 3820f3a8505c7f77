// Package sample holds the sample corpus newsdesk ships with: a handful of
// short, original news articles about the fictional town of Riverside, in
// every input format (.txt, .md, .html, .json, .jsonl), so that the program
// answers questions on a fresh clone with no corpus of one's own.
//
// The stories: the Old Mill Bridge closure (told by two outlets), a school
// budget vote, a mayoral election, a windstorm, a library's new hours and a
// software company's new office, all dated 2026.
package sample

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed articles
var articles embed.FS

// FS returns the sample corpus: its article files at the root.
func FS() fs.FS {
	sub, err := fs.Sub(articles, "articles")
	if err != nil {
		panic(err) // the directory is embedded above; fs.Sub fails only on an invalid name
	}
	return sub
}

// WriteTo writes the sample corpus into dir (created if missing), one file
// per article file, overwriting files of the same name. dir can then be read
// as a corpus root.
func WriteTo(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write sample corpus: %w", err)
	}
	return fs.WalkDir(FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return fmt.Errorf("write sample corpus: %w", err)
			}
			return nil
		}
		b, err := fs.ReadFile(FS(), path)
		if err != nil {
			return fmt.Errorf("write sample corpus: %w", err)
		}
		if err := os.WriteFile(target, b, 0o644); err != nil {
			return fmt.Errorf("write sample corpus: %w", err)
		}
		return nil
	})
}
