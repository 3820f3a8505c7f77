package pgindex

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/internal/text"
)

// The rows of one batch insert, sent as column arrays (unnest), in
// statements of at most the index's message budget.

// The column arrays of one batch insert.
type articleRows struct {
	id, hash                                       []int64
	docID, root, title, url, source, authors, body []string
	path                                           []string
	line, passages                                 []int32
	published                                      []*time.Time
	firstSeen                                      []time.Time
	sketch                                         [][]byte
}

func (r *articleRows) add(id int64, a *pendingArticle) {
	r.id = append(r.id, id)
	r.hash = append(r.hash, a.hash)
	r.docID = append(r.docID, a.DocID)
	r.root = append(r.root, a.root)
	r.title = append(r.title, a.Title)
	r.url = append(r.url, a.URL)
	r.source = append(r.source, a.Source)
	var p *time.Time
	if !a.PublishedAt.IsZero() {
		t := a.PublishedAt
		p = &t
	}
	r.published = append(r.published, p)
	r.authors = append(r.authors, strings.Join(a.Authors, "\x1f"))
	r.body = append(r.body, a.Body)
	r.path = append(r.path, a.Path)
	r.line = append(r.line, int32(a.Line))
	r.firstSeen = append(r.firstSeen, a.FirstSeen)
	r.passages = append(r.passages, int32(len(a.spans)))
	r.sketch = append(r.sketch, sketchBytes(&a.sketch))
}

// insert inserts rows lo..hi-1. A body too long for one message (PGlite's
// limit) goes in pieces: the first with the row, the rest appended.
func (r *articleRows) insert(ctx context.Context, tx querier, lo, hi, budget int) error {
	body := r.body[lo:hi]
	var rest [][]string
	if budget > 0 {
		body = slices.Clone(body)
		rest = make([][]string, len(body))
		for i, b := range body {
			if len(b) > budget/2 {
				pieces := splitUTF8(b, budget/2)
				body[i], rest[i] = pieces[0], pieces[1:]
			}
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO index_articles (id, doc_id, root, hash, title, url, source, published_at, authors,
			body, path, line, first_seen, passages, sketch)
		SELECT id, doc_id, root, hash, title, url, source, published_at, string_to_array(authors, E'\x1f'),
			body, path, line, first_seen, passages, sketch
		FROM unnest($1::int8[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
			$9::text[], $10::text[], $11::text[], $12::int4[], $13::timestamptz[], $14::int4[], $15::bytea[])
			AS t(id, doc_id, root, hash, title, url, source, published_at, authors, body, path, line, first_seen, passages, sketch)`,
		r.id[lo:hi], r.docID[lo:hi], r.root[lo:hi], r.hash[lo:hi], r.title[lo:hi], r.url[lo:hi], r.source[lo:hi], r.published[lo:hi], r.authors[lo:hi],
		body, r.path[lo:hi], r.line[lo:hi], r.firstSeen[lo:hi], r.passages[lo:hi], r.sketch[lo:hi]); err != nil {
		return err
	}
	for i, pieces := range rest {
		for _, p := range pieces {
			if _, err := tx.Exec(ctx, `UPDATE index_articles SET body = body || $2 WHERE id = $1`, r.id[lo+i], p); err != nil {
				return err
			}
		}
	}
	return nil
}

// splitUTF8 cuts s into pieces of at most n bytes, at rune boundaries.
func splitUTF8(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return append(out, s)
}

// chunks splits n rows into runs whose sizes sum to at most budget (a row
// larger than budget has a run of its own); budget 0 means one run.
func chunks(n int, size func(int) int, budget int) [][2]int {
	if n == 0 {
		return nil
	}
	if budget <= 0 {
		return [][2]int{{0, n}}
	}
	var out [][2]int
	lo, sum := 0, 0
	for i := 0; i < n; i++ {
		s := size(i)
		if i > lo && sum+s > budget {
			out = append(out, [2]int{lo, i})
			lo, sum = i, 0
		}
		sum += s
	}
	return append(out, [2]int{lo, n})
}

type passageRows struct {
	id, article, hash                  []int64
	pos, start, end, titleLen, bodyLen []int32
	vector                             []string
}

func (r *passageRows) insert(ctx context.Context, tx querier, lo, hi int) error {
	_, err := tx.Exec(ctx, `INSERT INTO index_passages (id, article_id, pos, start_byte, end_byte, title_len, body_len, text_hash, embedding)
		SELECT id, article_id, pos, start_byte, end_byte, title_len, body_len, text_hash, embedding::vector
		FROM unnest($1::int8[], $2::int8[], $3::int4[], $4::int4[], $5::int4[], $6::int4[], $7::int4[], $8::int8[], $9::text[])
			AS t(id, article_id, pos, start_byte, end_byte, title_len, body_len, text_hash, embedding)`,
		r.id[lo:hi], r.article[lo:hi], r.pos[lo:hi], r.start[lo:hi], r.end[lo:hi], r.titleLen[lo:hi], r.bodyLen[lo:hi], r.hash[lo:hi], r.vector[lo:hi])
	return err
}

func (r *passageRows) add(id, article int64, pos int, s text.Span, lens [2]int, hash int64, v []float32) {
	r.id = append(r.id, id)
	r.article = append(r.article, article)
	r.pos = append(r.pos, int32(pos))
	r.start = append(r.start, int32(s.Start))
	r.end = append(r.end, int32(s.End))
	r.titleLen = append(r.titleLen, int32(lens[0]))
	r.bodyLen = append(r.bodyLen, int32(lens[1]))
	r.hash = append(r.hash, hash)
	r.vector = append(r.vector, formatVector(v))
}

type postingRows struct {
	term                               []int32
	passage                            []int64
	titleTF, bodyTF, titleLen, bodyLen []int16
}

func (r *postingRows) add(term int32, passage int64, c [2]int, lens [2]int) {
	r.term = append(r.term, term)
	r.passage = append(r.passage, passage)
	r.titleTF = append(r.titleTF, clamp16(c[0]))
	r.bodyTF = append(r.bodyTF, clamp16(c[1]))
	r.titleLen = append(r.titleLen, clamp16(lens[0]))
	r.bodyLen = append(r.bodyLen, clamp16(lens[1]))
}

func clamp16(n int) int16 { return int16(min(n, math.MaxInt16)) }

// formatVector writes a unit vector in pgvector's text form.
func formatVector(v []float32) string {
	v = unit(v)
	b := make([]byte, 0, len(v)*11+2)
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, float64(x), 'g', -1, 32)
	}
	return string(append(b, ']'))
}

// parseVector reads pgvector's text form.
func parseVector(s string) ([]float32, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	parts := strings.Split(s, ",")
	v := make([]float32, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(p, 32)
		if err != nil {
			return nil, fmt.Errorf("a stored vector: %w", err)
		}
		v[i] = float32(x)
	}
	return v, nil
}

// unit returns v scaled to unit length (v itself when it is one already).
func unit(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.Abs(math.Sqrt(sum)-1) < 1e-6 {
		return v
	}
	inv := 1 / math.Sqrt(sum)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out
}
