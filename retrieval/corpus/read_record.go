package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"newsdesk/internal/news"
)

// record is one article as the structured formats give it (JSON, JSON Lines,
// Markdown front matter, HTML meta tags). Field names are matched without
// regard to case.
type record struct {
	ID          flexString  `json:"id"`
	Title       flexString  `json:"title"`
	URL         flexString  `json:"url"`
	Source      flexString  `json:"source"`
	PublishedAt flexString  `json:"published_at"`
	Date        flexString  `json:"date"`
	Author      flexStrings `json:"author"`
	Authors     flexStrings `json:"authors"`
	Body        flexString  `json:"body"`
	Text        flexString  `json:"text"`
	Content     flexString  `json:"content"`
}

// plainRecord is a record whose fields have their usual types (strings, a
// list of authors); most records decode into it in one pass.
type plainRecord struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Source      string   `json:"source"`
	PublishedAt string   `json:"published_at"`
	Date        string   `json:"date"`
	Author      string   `json:"author"`
	Authors     []string `json:"authors"`
	Body        string   `json:"body"`
	Text        string   `json:"text"`
	Content     string   `json:"content"`
}

func (p plainRecord) record() record {
	r := record{
		ID: flexString(p.ID), Title: flexString(p.Title), URL: flexString(p.URL), Source: flexString(p.Source),
		PublishedAt: flexString(p.PublishedAt), Date: flexString(p.Date),
		Body: flexString(p.Body), Text: flexString(p.Text), Content: flexString(p.Content),
	}
	for _, a := range p.Authors {
		if a = strings.TrimSpace(a); a != "" {
			r.Authors = append(r.Authors, a)
		}
	}
	if a := strings.TrimSpace(p.Author); a != "" {
		r.Author = flexStrings{a}
	}
	return r
}

// flexString is a JSON string, number or null.
type flexString string

// UnmarshalJSON accepts a string, a number or null.
func (s *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
	case string(b) == "null":
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*s = flexString(b)
	default:
		return errors.New("want a string")
	}
	return nil
}

// flexStrings is a JSON string, a list of strings, or null.
type flexStrings []string

// UnmarshalJSON accepts a string, a list of strings, or null.
func (s *flexStrings) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '[' {
		var v []flexString
		if err := json.Unmarshal(b, &v); err != nil {
			return errors.New("want a string or a list of strings")
		}
		for _, x := range v {
			if t := strings.TrimSpace(string(x)); t != "" {
				*s = append(*s, t)
			}
		}
		return nil
	}
	var v flexString
	if err := v.UnmarshalJSON(b); err != nil {
		return errors.New("want a string or a list of strings")
	}
	if t := strings.TrimSpace(string(v)); t != "" {
		*s = flexStrings{t}
	}
	return nil
}

// decodeRecord reads one JSON object into a record; the error names the
// field at fault in plain words.
func decodeRecord(b []byte) (record, error) {
	var r record
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return r, errors.New("not a JSON object")
	}
	// Fast path: every field of the expected plain type, decoded in one pass.
	var p plainRecord
	err := json.Unmarshal(b, &p)
	if err == nil {
		return p.record(), nil
	}
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return r, fmt.Errorf("invalid JSON: %s", err)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return r, fmt.Errorf("invalid JSON: %s", se.Error())
		}
		return r, fmt.Errorf("invalid record: %s", badField(b, err))
	}
	return r, nil
}

// badField names the record field that failed to decode, for the message.
func badField(b []byte, err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Sprintf("field %q has the wrong type", te.Field)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(b, &fields) == nil {
		for name, raw := range fields {
			var one record
			if json.Unmarshal([]byte(`{"`+strings.ReplaceAll(name, `"`, `\"`)+`":`+string(raw)+`}`), &one) != nil {
				return fmt.Sprintf("field %q: %v", name, err)
			}
		}
	}
	return err.Error()
}

// article turns the record into an Article: given fields first, the rest
// inferred from the body. id is used when the record has none. A record
// without text is an error.
func (r record) article(id, path string, line int) (news.Article, error) {
	body := firstNonEmpty(string(r.Body), string(r.Text), string(r.Content))
	var m textMeta
	if strings.TrimSpace(body) != "" {
		m = inferText(body, strings.TrimSpace(string(r.Title)))
		m.Body = dropGallery(m.Body)
	}
	if m.Body == "" && strings.TrimSpace(string(r.Title)) == "" && strings.TrimSpace(string(r.URL)) == "" {
		if strings.TrimSpace(body) != "" {
			return news.Article{}, errors.New("no article text after the title and byline")
		}
		return news.Article{}, errors.New("empty record (no body, text, content, title or url)")
	}
	// A record with a title or a URL but no text is kept as a headline-only
	// article: it can be found by its title and URL words and cited as a
	// link, but it gives no sentence to quote.
	a := news.Article{
		DocID: firstNonEmpty(strings.TrimSpace(string(r.ID)), id),
		URL:   strings.TrimSpace(string(r.URL)),
		Body:  m.Body,
		Path:  path,
		Line:  line,
	}
	a.Source = normaliseSource(string(r.Source))
	if a.Source == "" {
		a.Source = m.Source
	}
	if a.Source == "" && a.URL != "" {
		a.Source = outletFromHost(a.URL)
	}
	a.Title = cleanTitle(firstNonEmpty(strings.TrimSpace(string(r.Title)), m.Title), a.Source)
	if d := firstNonEmpty(string(r.PublishedAt), string(r.Date)); d != "" {
		if t, err := ParseDate(d); err == nil {
			a.PublishedAt = t
		}
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = m.Date
	}
	a.Authors = append(append([]string(nil), r.Authors...), r.Author...)
	if len(a.Authors) == 0 {
		a.Authors = m.Authors
	}
	return a, nil
}

// cleanTitle drops an outlet suffix from a title ("... - CNN", "... | USA TODAY").
func cleanTitle(title, source string) string {
	for _, sep := range []string{" - ", " | ", " – ", " — "} {
		if i := strings.LastIndex(title, sep); i > 0 {
			if o := outletName(title[i+len(sep):]); o != "" && (source == "" || o == source) {
				return strings.TrimSpace(title[:i])
			}
		}
	}
	return title
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// readWhole reads a whole text file, not empty, as UTF-8: text in another
// encoding is transcoded (see decodeText), and what was done is reported to
// skip as a note (Kept). HTML pages are read in the charset they declare.
func readWhole(f File, opts ReaderOptions, skip func(news.Skipped)) (string, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return "", errors.New("cannot be read: " + plainError(err))
	}
	defer fh.Close()
	limit := opts.MaxFileBytes
	if limit <= 0 {
		limit = DefaultReaderOptions().MaxFileBytes
	}
	b, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return "", errors.New("cannot be read: " + plainError(err))
	}
	if int64(len(b)) > limit {
		return "", fmt.Errorf("file too large (over %d bytes)", limit)
	}
	declared := ""
	if ext := strings.ToLower(filepath.Ext(f.Path)); ext == ".html" || ext == ".htm" {
		declared = htmlCharset(b)
	}
	text, note, err := decodeText(b, declared)
	if err != nil {
		return "", err
	}
	if note != "" && skip != nil {
		skip(news.Skipped{Path: f.Path, Reason: note, Kept: true})
	}
	return text, nil
}
