package retrieval

import (
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// readText reads a plain-text article; its metadata is inferred from the
// text (headline, byline, dateline, date line, trailers).
func readText(f CorpusFile, opts ReaderOptions, emit func(Article) error, _ func(Skipped)) error {
	text, err := readWhole(f, opts)
	if err != nil {
		return err
	}
	a, err := record{Body: flexString(text)}.article(f.rel(), f.Path, 0)
	if err != nil {
		return err
	}
	return emit(a)
}

// readMarkdown reads a Markdown article: optional YAML front matter with the
// record fields, then the text, whose leading "# Heading" is the title.
func readMarkdown(f CorpusFile, opts ReaderOptions, emit func(Article) error, _ func(Skipped)) error {
	text, err := readWhole(f, opts)
	if err != nil {
		return err
	}
	var r record
	front, body, ok := frontMatter(text)
	if ok {
		if r, err = decodeFrontMatter(front); err != nil {
			return err
		}
	}
	r.Body, r.Text, r.Content = flexString(body), "", ""
	a, err := r.article(f.rel(), f.Path, 0)
	if err != nil {
		return err
	}
	return emit(a)
}

// frontMatter splits "---\n<yaml>\n---\n<body>" into its parts.
func frontMatter(text string) (front, body string, ok bool) {
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		if rest, ok = strings.CutPrefix(text, "---\r\n"); !ok {
			return "", text, false
		}
	}
	for off := 0; off < len(rest); {
		line, next := nextLine(rest, off)
		if line == "---" || line == "..." {
			return rest[:off], rest[next:], true
		}
		off = next
	}
	return "", text, false
}

// decodeFrontMatter reads YAML front matter into a record.
func decodeFrontMatter(front string) (record, error) {
	var m map[string]any
	if err := yaml.Unmarshal([]byte(front), &m); err != nil {
		return record{}, fmt.Errorf("front matter is not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	b, err := json.Marshal(m)
	if err != nil {
		return record{}, fmt.Errorf("front matter cannot be read: %w", err)
	}
	r, err := decodeRecord(b)
	if err != nil {
		return record{}, fmt.Errorf("front matter: %w", err)
	}
	return r, nil
}
