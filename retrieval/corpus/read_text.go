package corpus

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"newsdesk/internal/news"
)

// readText reads a plain-text article; its metadata is inferred from the
// text (headline, byline, dateline, date line, trailers).
func readText(f File, opts ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error {
	text, err := readWhole(f, opts, skip)
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
// Front matter that cannot be read is ignored, with a note, and the text
// read without it.
func readMarkdown(f File, opts ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error {
	text, err := readWhole(f, opts, skip)
	if err != nil {
		return err
	}
	var r record
	front, body, ok := frontMatter(text)
	if ok {
		if r, err = decodeFrontMatter(front); err != nil {
			skip(news.Skipped{Path: f.Path, Reason: err.Error() + "; its fields are ignored and the text is read without them", Kept: true})
			r = record{}
		}
	}
	r.Body, r.Text, r.Content = flexString(plainMarkdown(body)), "", ""
	a, err := r.article(f.rel(), f.Path, 0)
	if err != nil {
		return err
	}
	return emit(a)
}

var (
	mdImageRe    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLinkRe     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdHeadingRe  = regexp.MustCompile(`(?m)^#{2,6}[ \t]+`)
	mdQuoteRe    = regexp.MustCompile(`(?m)^>[ \t]?`)
	mdEmphasisRe = regexp.MustCompile(`\*\*|__`)
)

// plainMarkdown turns the Markdown markup that would show in quotes into
// plain text: images dropped, links to their text, subheading and quote
// markers and bold markers removed. The leading "# Heading" is kept for the
// title.
func plainMarkdown(s string) string {
	if !strings.ContainsAny(s, "[#>*_") {
		return s
	}
	s = mdImageRe.ReplaceAllString(s, "")
	s = mdLinkRe.ReplaceAllString(s, "$1")
	s = mdHeadingRe.ReplaceAllString(s, "")
	s = mdQuoteRe.ReplaceAllString(s, "")
	return mdEmphasisRe.ReplaceAllString(s, "")
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
