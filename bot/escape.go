package bot

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"newsdesk/internal/text"
)

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes corpus, model or user text safe to show in Slack mrkdwn:
// bidi and zero-width controls are removed (cleanText); &, < and > become
// entities, so no text can mention <!channel>, <!here>, <!everyone>, a user
// or a group, or write a link; and URL-like text is defanged ("hxxps[:]//",
// "evil[.]example/x") so Slack cannot auto-link it either.
func Escape(s string) string { return defang(escaper.Replace(cleanText(s))) }

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// unescape reverses Escape; it turns Slack message text back into plain text
// for the answer service (thread history).
func unescape(s string) string { return unescaper.Replace(s) }

var (
	mdBold    = regexp.MustCompile(`\*\*([^*\n]+?)\*\*`)
	mdBoldU   = regexp.MustCompile(`__([^_\n]+?)__`)
	mdHeading = regexp.MustCompile(`(?m)^#{1,6}[ \t]+(.+?)[ \t]*#*$`)
	mdLink    = regexp.MustCompile(`\[([^\]\n]+)\]\(([^)\s]+)\)`)
	mdBullet  = regexp.MustCompile(`(?m)^([ \t]*)[-*+][ \t]+`)
)

// Mrkdwn turns model or corpus text into safe Slack mrkdwn: it cleans and
// escapes it as Escape does, converts the Markdown a model tends to write
// (**bold**, __bold__, # headings, - bullets, [text](url)) into Slack's
// forms, and defangs what still looks like a URL. Markdown links keep only
// their text: the only links an answer carries are its sources'.
func Mrkdwn(s string) string {
	s = escaper.Replace(cleanText(strings.TrimSpace(s)))
	s = mdHeading.ReplaceAllString(s, "*$1*")
	s = mdBold.ReplaceAllString(s, "*$1*")
	s = mdBoldU.ReplaceAllString(s, "*$1*")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdBullet.ReplaceAllString(s, "$1• ")
	return defang(s)
}

// linkText escapes a title for the text part of <url|text>: besides &, < and
// >, a | would end the URL part early, so it becomes ¦.
func linkText(s string) string {
	return strings.ReplaceAll(Escape(plainLine(s)), "|", "¦")
}

// safeURL returns u ready for the URL part of a Slack link, or false when it
// is not an absolute http(s) URL. Characters that would end the link early
// are percent-encoded and & is escaped.
func safeURL(u string) (string, bool) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.User != nil || !plainHost(p.Host) {
		return "", false
	}
	// Percent-encode what would end the link early or is not printable
	// ASCII (url.String keeps a raw query as it came, invalid UTF-8 too).
	var b strings.Builder
	for _, c := range []byte(p.String()) {
		if c <= ' ' || c >= 0x7f || c == '|' || c == '<' || c == '>' {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return escaper.Replace(b.String()), true
}

// plainHost reports whether host is ASCII letters, digits, dots, hyphens,
// and a port or bracketed IPv6 address: no look-alike or invisible
// characters in the one part of a link a reader trusts.
func plainHost(host string) bool {
	for _, r := range host {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-:[]", r)) {
			return false
		}
	}
	return true
}

// link formats <url|title>, or only the escaped title when url is not a safe
// http(s) URL.
func link(u, title string) string {
	t := linkText(title)
	if t == "" {
		t = linkText(u)
	}
	su, ok := safeURL(u)
	if !ok {
		return t
	}
	return "<" + su + "|" + t + ">"
}

// truncate cuts s to at most n bytes on a rune boundary, outside an entity,
// adding "…" when it cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := safeCut(s, n-len("…"))
	return strings.TrimRight(s[:cut], " \n") + "…"
}

// safeCut returns an index ≤ n where s may be cut: on a rune boundary, not
// inside an &amp;/&lt;/&gt; entity and not inside a <url|title> link.
func safeCut(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	if n < 0 {
		return 0
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	if i := strings.LastIndexByte(s[max(0, n-5):n], '&'); i >= 0 {
		amp := max(0, n-5) + i
		if !strings.Contains(s[amp:n], ";") {
			n = amp
		}
	}
	if lt := strings.LastIndexByte(s[:n], '<'); lt >= 0 && strings.IndexByte(s[lt:n], '>') < 0 {
		n = lt // the bot's own links are the only < in escaped text
	}
	return n
}

// splitText splits s into pieces of at most limit bytes, preferring paragraph
// breaks, then line breaks, then spaces; it never cuts a rune or an entity.
func splitText(s string, limit int) []string {
	var out []string
	for len(s) > limit {
		head := s[:safeCut(s, limit)]
		cut := -1
		for _, sep := range []string{"\n\n", "\n", " "} {
			if i := strings.LastIndex(head, sep); i > limit/3 {
				cut = i
				break
			}
		}
		if cut < 0 {
			cut = len(head)
		}
		if cut == 0 {
			cut = safeCut(s, limit)
			if cut == 0 {
				cut = limit
			}
		}
		if p := strings.TrimSpace(s[:cut]); p != "" {
			out = append(out, p)
		}
		s = strings.TrimLeft(s[cut:], " \n")
	}
	if p := strings.TrimSpace(s); p != "" {
		out = append(out, p)
	}
	return out
}

// plainLine collapses white space to single spaces (text.OneLine; named
// apart because bot's many text variables would shadow the package).
var plainLine = text.OneLine
