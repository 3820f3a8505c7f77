package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsdesk/internal/news"
)

// readHTML reads an HTML article: the text of its <article> (or <main>, or
// <body>) without scripts, navigation, asides and figures; the title from
// og:title, the first <h1> or <title>; the date, outlet and authors from
// meta tags (article:published_time, og:site_name, author) or a <time>.
func readHTML(f File, opts ReaderOptions, emit func(news.Article) error, skip func(news.Skipped)) error {
	text, err := readWhole(f, opts, skip)
	if err != nil {
		return err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return err // html.Parse fails only on read errors
	}
	var p htmlPage
	p.walk(doc)
	var tb textBuilder
	if best := p.longestArticle(); best != nil {
		tb.add(best)
	} else {
		tb.add(firstNonNil(p.main, p.body, doc))
	}
	r := record{
		ID:          flexString(p.meta["newsdesk:id"]),
		Title:       flexString(firstNonEmpty(p.meta["og:title"], p.h1, p.title)),
		URL:         flexString(firstNonEmpty(p.meta["og:url"], p.canonical)),
		Source:      flexString(firstNonEmpty(p.meta["og:site_name"], p.meta["publisher"], p.meta["application-name"])),
		PublishedAt: flexString(firstNonEmpty(p.meta["article:published_time"], p.meta["date"], p.meta["pubdate"], p.meta["publish-date"], p.meta["dc.date"], p.time)),
		Body:        flexString(tb.String()),
	}
	for _, k := range []string{"author", "article:author"} {
		if v := p.meta[k]; v != "" && !strings.Contains(v, "://") {
			r.Authors = append(r.Authors, splitAuthors(v)...)
			break
		}
	}
	a, err := r.article(f.rel(), f.Path, 0)
	if err != nil {
		return err
	}
	return emit(a)
}

// htmlPage holds what readHTML takes from a parsed page.
type htmlPage struct {
	meta            map[string]string // meta name/property (lowercased) → content, first wins
	title, h1, time string
	canonical       string
	articles        []*html.Node
	main, body      *html.Node
}

// longestArticle returns the <article> holding the most text (pages list
// related stories in <article> cards too), or nil.
func (p *htmlPage) longestArticle() *html.Node {
	var best *html.Node
	bestLen := 0
	for _, n := range p.articles {
		var tb textBuilder
		tb.add(n)
		if l := tb.sb.Len(); l > bestLen {
			best, bestLen = n, l
		}
	}
	return best
}

func (p *htmlPage) walk(n *html.Node) {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Meta:
			key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
			if p.meta == nil {
				p.meta = map[string]string{}
			}
			if v := strings.TrimSpace(attr(n, "content")); key != "" && v != "" && p.meta[key] == "" {
				p.meta[key] = v
			}
		case atom.Title:
			if p.title == "" {
				p.title = nodeText(n)
			}
		case atom.H1:
			if p.h1 == "" {
				p.h1 = nodeText(n)
			}
		case atom.Time:
			if p.time == "" {
				p.time = firstNonEmpty(attr(n, "datetime"), nodeText(n))
			}
		case atom.Link:
			if strings.EqualFold(attr(n, "rel"), "canonical") && p.canonical == "" {
				p.canonical = attr(n, "href")
			}
		case atom.Article:
			p.articles = append(p.articles, n)
		case atom.Main:
			if p.main == nil {
				p.main = n
			}
		case atom.Body:
			p.body = n
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		p.walk(c)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func nodeText(n *html.Node) string {
	var tb textBuilder
	tb.add(n)
	return strings.Join(strings.Fields(tb.String()), " ")
}

func firstNonNil(ns ...*html.Node) *html.Node {
	for _, n := range ns {
		if n != nil {
			return n
		}
	}
	return nil
}

// splitAuthors splits "Jane Doe and John Roe" or "Jane Doe, John Roe".
func splitAuthors(s string) []string {
	var out []string
	for _, part := range bylineSplitRe.Split(strings.TrimPrefix(strings.TrimSpace(s), "By "), -1) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// skippedElements hold no article text.
var skippedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Footer: true,
	atom.Aside: true, atom.Form: true, atom.Figure: true, atom.Figcaption: true, atom.Iframe: true,
	atom.Svg: true, atom.Button: true, atom.Template: true, atom.Head: true, atom.Select: true,
}

// furnitureWords in an element's class or id mark page furniture, not
// article text.
var furnitureWords = []string{"sidebar", "comment", "related", "share", "newsletter", "promo", "advert",
	"cookie", "subscribe", "social", "breadcrumb", "menu", "caption", "credit"}

// isFurniture reports whether an element's class or id names page furniture.
func isFurniture(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			if containsAny(strings.ToLower(a.Val), furnitureWords) {
				return true
			}
		}
	}
	return false
}

// blockElements end a paragraph.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Header: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Hr: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Address: true,
}

// textBuilder collects the text of nodes as paragraphs separated by blank
// lines, with the spaces inside a paragraph collapsed.
type textBuilder struct {
	sb    strings.Builder
	space bool // a space is pending
	line  bool // a line break is pending (<br>)
	para  bool // a paragraph break is pending
}

func (t *textBuilder) add(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		t.text(n.Data)
		return
	case html.ElementNode:
		if skippedElements[n.DataAtom] || isFurniture(n) {
			return
		}
		if n.DataAtom == atom.Br {
			t.line = true
			return
		}
	}
	block := n.Type == html.ElementNode && blockElements[n.DataAtom]
	if block {
		t.para = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.add(c)
	}
	if block {
		t.para = true
	}
}

func (t *textBuilder) text(s string) {
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
		t.space = true // includes &nbsp;
	}
	words := strings.Fields(s)
	for _, w := range words {
		switch {
		case t.sb.Len() == 0:
		case t.para:
			t.sb.WriteString("\n\n")
		case t.line:
			t.sb.WriteByte('\n')
		case t.space:
			t.sb.WriteByte(' ')
		}
		t.sb.WriteString(w)
		t.space, t.line, t.para = true, false, false
	}
	if len(words) > 0 {
		r, _ := utf8.DecodeLastRuneInString(s)
		t.space = unicode.IsSpace(r)
	}
}

func (t *textBuilder) String() string { return t.sb.String() }
