package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func normalAnswer() news.Answer {
	return news.Answer{
		Text: "The central bank held rates at **5.25%** [1], while markets expected a cut next quarter [2].",
		Citations: []news.Citation{
			{N: 1, DocID: "a1", Title: "Bank holds rates", Source: "Reuters", URL: "https://example.com/rates?x=1&y=2", PublishedAt: date("2024-01-26"), Quote: "The bank held rates."},
			{N: 2, DocID: "a2", Title: "Markets eye cut", Source: "FT", URL: "https://ft.example/markets", PublishedAt: date("2024-01-25")},
		},
		Query: "what did the central bank do?",
	}
}

func hostileAnswer() news.Answer {
	return news.Answer{
		Text: "<!channel> Per the article, <@U123> said <http://evil.example|click here> and <!here> <!everyone> <!subteam^S123|@editors> & more [1]. See [this](http://evil.example/x).",
		Citations: []news.Citation{
			{N: 1, DocID: "h1", Title: "<!channel> Breaking | news > <@U123>", Source: "<!here> Times", URL: "https://news.example/a|b>c <x>", PublishedAt: date("2024-02-01"), Quote: "<http://evil|click>"},
			{N: 2, DocID: "h2", Title: "Script", Source: "Evil", URL: "javascript:alert(1)"},
		},
	}
}

func longAnswer() news.Answer {
	var b strings.Builder
	for i := range 120 {
		b.WriteString("This is sentence number ")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(" in a very long answer about the election results & what they mean [1]. ")
		if i%10 == 9 {
			b.WriteString("\n\n")
		}
	}
	a := normalAnswer()
	a.Text = b.String()
	return a
}

func sampleDigest() news.Digest {
	d := news.Digest{Since: time.Date(2024, 1, 25, 8, 0, 0, 0, time.UTC), Until: time.Date(2024, 1, 26, 8, 0, 0, 0, time.UTC), More: 3}
	d.Stories = []news.Story{
		{Headline: "Central bank holds rates", Summary: "The bank held rates at 5.25% [1]. Markets had expected it [2].",
			Citations: normalAnswer().Citations, Outlets: []string{"Reuters", "FT"}, Articles: 2, Latest: date("2024-01-26")},
		{Headline: "<!channel> Storm hits coast", Summary: "A storm hit the coast <@U999> [1].",
			Citations: []news.Citation{{N: 1, Title: "Storm | live", Source: "AP", URL: "https://ap.example/storm"}}, Outlets: []string{"AP"}, Articles: 1},
	}
	return d
}

func TestAnswerGolden(t *testing.T) {
	refused := news.Answer{Refused: true, Text: "The corpus does not say who won the 2031 election.", Query: "who won in 2031?"}
	fallback := normalAnswer()
	fallback.Note = "The language model failed (timeout); this answer is extractive."
	tests := []struct {
		name string
		a    news.Answer
		opt  AnswerOptions
	}{
		{"answer_normal", normalAnswer(), AnswerOptions{ID: "abc123", Share: true}},
		{"answer_refused", refused, AnswerOptions{ID: "abc124"}},
		{"answer_fallback", fallback, AnswerOptions{ID: "abc125"}},
		{"answer_hostile", hostileAnswer(), AnswerOptions{ID: "abc126"}},
		{"answer_long", longAnswer(), AnswerOptions{ID: "abc127"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := AnswerMessages(tt.a, tt.opt)
			checkLimits(t, msgs)
			golden(t, tt.name, msgs)
		})
	}
}

func TestLongAnswerSplits(t *testing.T) {
	msgs := AnswerMessages(longAnswer(), AnswerOptions{ID: "x"})
	sections := 0
	for _, m := range msgs {
		for _, b := range m.Blocks {
			if blockChars(b) > maxSectionChars {
				t.Errorf("a block has %d characters", blockChars(b))
			}
		}
		sections += len(m.Blocks)
	}
	if sections < 4 {
		t.Fatalf("a %d-byte answer came out in %d blocks; want it split", len(longAnswer().Text), sections)
	}
}

func TestDigestGolden(t *testing.T) {
	text, blocks := DigestBlocks(sampleDigest())
	checkLimits(t, []Message{{Text: text, Blocks: blocks}})
	golden(t, "digest", []Message{{Text: text, Blocks: blocks}})
	if !strings.Contains(text, "Central bank holds rates") {
		t.Errorf("fallback text lacks the headline: %q", text)
	}
}

func TestDigestManyStoriesFitsOneMessage(t *testing.T) {
	d := sampleDigest()
	for range 80 {
		d.Stories = append(d.Stories, d.Stories[0])
	}
	text, blocks := DigestBlocks(d)
	checkLimits(t, []Message{{Text: text, Blocks: blocks}})
	last := contentOf(t, blocks[len(blocks)-1])
	if !strings.Contains(last, "more stories") {
		t.Fatalf("the last block should say how many stories were left out: %s", last)
	}
}

// unsafe matches what must never reach Slack from corpus or model text.
var unsafe = regexp.MustCompile(`<!channel>|<!here>|<!everyone>|<@U|<!subteam|<http://evil|<javascript`)

// checkLimits fails when a message breaks Slack's limits or carries an
// unescaped mention or a foreign link.
func checkLimits(t *testing.T, msgs []Message) {
	t.Helper()
	for i, m := range msgs {
		if len(m.Blocks) > maxBlocks {
			t.Errorf("message %d has %d blocks", i, len(m.Blocks))
		}
		total := 0
		for _, b := range m.Blocks {
			total += blockChars(b)
		}
		if total > 12000 {
			t.Errorf("message %d carries %d characters", i, total)
		}
		if len(m.Text) > maxFallbackChars+10 || m.Text == "" {
			t.Errorf("message %d fallback text has %d bytes", i, len(m.Text))
		}
		if s := contentOf(t, m); unsafe.MatchString(s) {
			t.Errorf("message %d carries unescaped Slack markup: %s", i, unsafe.FindString(s))
		}
	}
}

// contentOf is every string in v's JSON, decoded: what Slack would render.
func contentOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(x)
	return strings.Join(out, "\n")
}

func renderJSON(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func golden(t *testing.T, name string, v any) {
	t.Helper()
	got := renderJSON(t, v)
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run Golden -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s; run with -update if the change is intended\ngot:\n%s", name, path, got)
	}
}

func TestUnsafeCheckSeesContextBlocks(t *testing.T) {
	// The check must catch markup inside context blocks, which slack-go
	// encodes with \u003c escapes.
	m := Message{Text: "x", Blocks: AnswerMessages(normalAnswer(), AnswerOptions{})[0].Blocks}
	m.Blocks = append(m.Blocks, contextBlock([]string{"<!channel>"}))
	if !unsafe.MatchString(contentOf(t, m)) {
		t.Fatal("contentOf hides <!channel> in a context block")
	}
}

func TestMrkdwn(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bold", "a **b** c", "a *b* c"},
		{"underscore bold", "__b__", "*b*"},
		{"heading", "## Result\ntext", "*Result*\ntext"},
		{"bullets", "- one\n* two", "• one\n• two"},
		{"markdown link keeps text only", "see [the site](http://evil.example)", "see the site"},
		{"slack link escaped and defanged", "<https://evil.example|click>", "&lt;hxxps[:]//evil[.]example|click&gt;"},
		{"bare URL defanged", "see https://evil.example/x now", "see hxxps[:]//evil[.]example/x now"},
		{"www defanged", "www.evil.example/login", "www[.]evil[.]example/login"},
		{"bare domain with a path defanged", "go to evil.example/login", "go to evil[.]example/login"},
		{"common domain defanged", "at example.com today", "at example[.]com today"},
		{"e-mail defanged", "write to a.b@evil.example", "write to a.b@evil[.]example"},
		{"prose left alone", "e.g. rates of 5.25% in the U.S. and Node.js", "e.g. rates of 5.25% in the U.S. and Node.js"},
		{"bidi and zero-width stripped", "safe\u202egnp.exe \u2066x\u2069 a\u200bb\ufeff", "safegnp.exe x ab"},
		{"mentions escaped", "<!channel> <@U1> <!subteam^S1>", "&lt;!channel&gt; &lt;@U1&gt; &lt;!subteam^S1&gt;"},
		{"ampersand", "R&D", "R&amp;D"},
		{"citation kept", "rates rose [1][2]", "rates rose [1][2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Mrkdwn(tt.in); got != tt.want {
				t.Fatalf("Mrkdwn(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLink(t *testing.T) {
	tests := []struct{ name, url, title, want string }{
		{"plain", "https://a.example/x", "Title", "<https://a.example/x|Title>"},
		{"query ampersand", "https://a.example/?a=1&b=2", "T", "<https://a.example/?a=1&amp;b=2|T>"},
		{"pipe in title", "https://a.example", "A | B", "<https://a.example|A ¦ B>"},
		{"markup in title", "https://a.example", "<!here> x > y", "<https://a.example|&lt;!here&gt; x &gt; y>"},
		{"pipe and angle in url", "https://a.example/a|b>c", "T", "<https://a.example/a%7Cb%3Ec|T>"},
		{"javascript url", "javascript:alert(1)", "T", "T"},
		{"relative url", "/local/path", "T", "T"},
		{"mailto", "mailto:x@example.com", "T", "T"},
		{"credentials in url", "https://user:pw@a.example", "T", "T"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := link(tt.url, tt.title); got != tt.want {
				t.Fatalf("link(%q, %q) = %q, want %q", tt.url, tt.title, got, tt.want)
			}
		})
	}
}

func TestSplitTextKeepsEntitiesAndRunes(t *testing.T) {
	s := strings.Repeat("é&amp;", 2000)
	parts := splitText(s, 1000)
	if strings.Join(parts, "") != s {
		t.Fatal("splitting lost text")
	}
	for _, p := range parts {
		if len(p) > 1000 {
			t.Errorf("part of %d bytes", len(p))
		}
		if strings.HasSuffix(p, "&") || strings.HasSuffix(p, "&amp") || !utf8ValidString(p) {
			t.Errorf("part cut inside an entity or rune: …%q", p[max(0, len(p)-8):])
		}
	}
}

func utf8ValidString(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
