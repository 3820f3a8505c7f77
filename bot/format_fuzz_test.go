package bot

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"newsdesk/internal/news"
)

// autoLinkable is what Slack would turn into a link in mrkdwn text: a URL
// scheme, a www. host, or a host name followed by a path, query, fragment or
// port. (An independent, simpler oracle than defang's rules.)
var autoLinkable = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.\-]*:(?:/|\\){2}|\bwww\.|\b[a-z0-9-]+\.[a-z][a-z0-9-]+(?:[/?#\\]|:\d)`)

// checkMrkdwn fails unless s is well-formed, safe mrkdwn: valid UTF-8 with
// no hidden characters, every & an entity, every < a whole link
// <url|title> to one of the allowed URLs, and nothing auto-linkable outside
// those links.
func checkMrkdwn(t *testing.T, where, s string, allowed map[string]bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s: invalid UTF-8: %q", where, s)
	}
	for _, r := range s {
		if hiddenRune(r) {
			t.Fatalf("%s: hidden character %U in %q", where, r, s)
		}
	}
	for i := strings.IndexByte(s, '&'); i >= 0; i = next(s, i+1, '&') {
		if !strings.HasPrefix(s[i:], "&amp;") && !strings.HasPrefix(s[i:], "&lt;") && !strings.HasPrefix(s[i:], "&gt;") {
			t.Fatalf("%s: a bare or cut entity at %d: %q", where, i, s)
		}
	}
	var visible strings.Builder
	rest := s
	for {
		lt := strings.IndexByte(rest, '<')
		gt := strings.IndexByte(rest, '>')
		if lt < 0 {
			if gt >= 0 {
				t.Fatalf("%s: a stray > in %q", where, s)
			}
			visible.WriteString(rest)
			break
		}
		if gt >= 0 && gt < lt {
			t.Fatalf("%s: a stray > in %q", where, s)
		}
		visible.WriteString(rest[:lt])
		end := strings.IndexByte(rest[lt:], '>')
		if end < 0 {
			t.Fatalf("%s: a cut link in %q", where, s)
		}
		link := rest[lt+1 : lt+end]
		u, label, ok := strings.Cut(link, "|")
		if !ok || !allowed[u] || strings.ContainsAny(label, "|<") {
			t.Fatalf("%s: a link the bot did not build (%q) in %q", where, link, s)
		}
		visible.WriteString(label)
		rest = rest[lt+end+1:]
	}
	if m := autoLinkable.FindString(visible.String()); m != "" {
		t.Fatalf("%s: auto-linkable %q in %q", where, m, s)
	}
}

func next(s string, from int, b byte) int {
	i := strings.IndexByte(s[from:], b)
	if i < 0 {
		return -1
	}
	return from + i
}

// checkMessage checks every text a message carries.
func checkMessage(t *testing.T, m Message, allowed map[string]bool) {
	t.Helper()
	checkMrkdwn(t, "fallback text", m.Text, allowed)
	if len(m.Text) > maxFallbackChars {
		t.Fatalf("fallback text of %d bytes", len(m.Text))
	}
	if len(m.Blocks) > maxBlocks {
		t.Fatalf("%d blocks", len(m.Blocks))
	}
	text := func(where string, o *slack.TextBlockObject) {
		if o == nil {
			return
		}
		if o.Type == slack.MarkdownType {
			if !o.Verbatim {
				t.Fatalf("%s: mrkdwn not verbatim: %q", where, o.Text)
			}
			if len(o.Text) > maxSectionChars {
				t.Fatalf("%s: %d bytes", where, len(o.Text))
			}
			checkMrkdwn(t, where, o.Text, allowed)
			return
		}
		for _, r := range o.Text {
			if hiddenRune(r) {
				t.Fatalf("%s: hidden character %U in %q", where, r, o.Text)
			}
		}
	}
	for i, b := range m.Blocks {
		switch v := b.(type) {
		case *slack.SectionBlock:
			text(fmt.Sprintf("block %d section", i), v.Text)
		case *slack.ContextBlock:
			for j, e := range v.ContextElements.Elements {
				if o, ok := e.(*slack.TextBlockObject); ok {
					text(fmt.Sprintf("block %d context %d", i, j), o)
				}
			}
		case *slack.HeaderBlock:
			text(fmt.Sprintf("block %d header", i), v.Text)
		}
	}
}

// FuzzFormat formats answers and digests from arbitrary corpus and model
// text and checks every posted text: well-formed mrkdwn, verbatim, no
// mention or link the bot did not build, nothing auto-linkable, no hidden
// characters, within Slack's limits. Seeds are in testdata/fuzz/FuzzFormat.
//
//	go test ./bot -run '^$' -fuzz FuzzFormat -fuzztime 10s
func FuzzFormat(f *testing.F) {
	f.Add("Rates rose [1]. See https://evil.example/x and www.evil.example/login or <https://evil.example|click>.",
		"<!channel> Bank holds\u202e rates", "Reuters", "https://example.com/rates?x=1&y=2", "held <@U1>", "note: evil.example/x")
	f.Add(strings.Repeat("word ", 700)+"<http://a.example|"+strings.Repeat("¦", 400), strings.Repeat("T|", 200), "", "https://a.example/"+strings.Repeat("p", 3000), "", "")
	f.Add("**bold** [link](https://evil.example) # head\n- item\u2066x\u2069", "title", "src&amp;", "javascript:alert(1)", "q", "")
	f.Fuzz(func(t *testing.T, text, title, source, url, quote, note string) {
		good := "https://news.example/story"
		a := news.Answer{Text: text, Note: note, Citations: []news.Citation{
			{N: 1, DocID: "doc/" + title, Title: title, Source: source, URL: url, Quote: quote, PublishedAt: time.Date(2024, 1, 26, 0, 0, 0, 0, time.UTC)},
			{N: 2, Title: text, Source: title, URL: good},
		}}
		allowed := map[string]bool{}
		for _, c := range a.Citations {
			if u, ok := safeURL(c.URL); ok {
				allowed[u] = true
			}
		}
		for _, m := range AnswerMessages(a, AnswerOptions{ID: "id1", Share: true}) {
			checkMessage(t, m, allowed)
		}
		d := news.Digest{Since: time.Date(2024, 1, 25, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 1, 26, 0, 0, 0, 0, time.UTC),
			Stories: []news.Story{{Headline: title, Summary: text, Outlets: []string{source, note}, Articles: 2, Citations: a.Citations}}}
		dt, db := DigestBlocks(d)
		checkMessage(t, Message{Text: dt, Blocks: db}, allowed)
	})
}
