package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/slackfake"
)

// linkArticle is a corpus article that carries links in every form Slack
// auto-links or renders, and characters that spoof text direction.
func linkArticle() string {
	return `---
title: "Lighthouse keepers strike \u202eevil.example\u202c at Port Amber \u2066www.evil.example/login\u2069"
source: "Harbour Gazette"
url: "https://harbour.example/strike"
published_at: ` + time.Now().Add(-24*time.Hour).Format("2006-01-02") + `
---
The lighthouse keepers of Port Amber went on strike on Monday over pay, see https://evil.example/x for the union's demands.
The union said members should log in at www.evil.example/login to vote, or <https://evil.example|click here> for the ballot.
The strike over lighthouse pay continues, the harbour board said, directing questions to evil.example/press and evil.com.
`
}

var (
	// autoLinkable is any form of the article's evil host Slack could turn
	// into a link, and any URL-like text at all.
	autoLinkable = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.\-]*:(?:/|\\){2}|\bwww\.|\b[a-z0-9-]+\.[a-z][a-z0-9-]+(?:[/?#\\]|:\d)|evil\.com`)
	slackLinkRE  = regexp.MustCompile(`<([^|>]*)\|([^>]*)>`)
	hiddenRE     = regexp.MustCompile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
)

// checkPostedSafely inspects every field of every call to the fake Slack:
// each mrkdwn text object is verbatim, links point only at allowed URLs
// (cited sources), and no text outside a link's URL is auto-linkable or
// carries bidi or zero-width characters. It returns how many texts it read.
func checkPostedSafely(t *testing.T, calls []slackfake.Call, allowed func(url string) bool) int {
	t.Helper()
	n := 0
	for _, c := range calls {
		for key, vs := range c.Values {
			for _, v := range vs {
				var decoded any
				if (key == "blocks" || key == "attachments" || key == "metadata") && json.Unmarshal([]byte(v), &decoded) == nil {
					walkJSON(t, c.Method+" "+key, decoded, allowed, &n)
					continue
				}
				if key == "text" {
					checkText(t, c.Method+" text", v, allowed)
					n++
				}
			}
		}
	}
	return n
}

func walkJSON(t *testing.T, where string, v any, allowed func(string) bool, n *int) {
	switch x := v.(type) {
	case map[string]any:
		if x["type"] == "mrkdwn" {
			if x["verbatim"] != true {
				t.Errorf("%s: mrkdwn text object not verbatim: %v", where, x)
			}
		}
		for k, e := range x {
			if s, ok := e.(string); ok && k == "text" {
				checkText(t, where, s, allowed)
				*n++
				continue
			}
			walkJSON(t, where, e, allowed, n)
		}
	case []any:
		for _, e := range x {
			walkJSON(t, where, e, allowed, n)
		}
	}
}

func checkText(t *testing.T, where, s string, allowed func(string) bool) {
	t.Helper()
	for _, m := range slackLinkRE.FindAllStringSubmatch(s, -1) {
		if !allowed(m[1]) {
			t.Errorf("%s: a link to %q: %q", where, m[1], s)
		}
	}
	visible := slackLinkRE.ReplaceAllString(s, "$2")
	if m := autoLinkable.FindString(visible); m != "" {
		t.Errorf("%s: auto-linkable %q in %q", where, m, s)
	}
	if strings.ContainsAny(visible, "<>") {
		t.Errorf("%s: markup outside the bot's links: %q", where, s)
	}
	if hiddenRE.MatchString(s) {
		t.Errorf("%s: bidi or zero-width characters in %q", where, s)
	}
}

// TestServeNeverLinksCorpusURLs has an article with bare, www. and
// Slack-escaped links surface through /ask, a mention, a DM and /digest,
// and inspects every field posted to Slack.
func TestServeNeverLinksCorpusURLs(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "strike.md"), []byte(linkArticle()), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, false, dir)
	q := "Why did the lighthouse keepers of Port Amber strike?"
	s.post("/slack/commands", "application/x-www-form-urlencoded", []byte(slackfake.SlashForm("/ask", q, "U1", "C1", s.slack.ResponseURL("ask")).Encode()))
	s.post("/slack/commands", "application/x-www-form-urlencoded", []byte(slackfake.SlashForm("/digest", "3d", "U1", "C1", s.slack.ResponseURL("digest")).Encode()))
	for i, ev := range []map[string]any{
		slackfake.Mention("C1", "U1", "<@UBOT> "+q, s.slack.NewTS(), ""),
		slackfake.ChannelMessage("D1", "im", "U1", q, s.slack.NewTS(), ""),
	} {
		body, _ := json.Marshal(slackfake.EventCallback(fmt.Sprint("EvLink", i), ev))
		s.post("/slack/events", "application/json", body)
	}
	responses := s.slack.Wait(30*time.Second, 2, "response_url")
	posts := s.slack.Wait(30*time.Second, 2, "chat.postMessage")
	time.Sleep(500 * time.Millisecond) // the last updates
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	cited := 0
	for _, c := range append(responses, posts...) {
		if strings.Contains(c.Content, "Lighthouse keepers strike") && strings.Contains(c.Content, "evil[.]example") {
			cited++
		}
	}
	if cited < 4 {
		t.Fatalf("the article surfaced (with its defanged links) in %d of the 4 answers and the digest; calls:\n%+v", cited, append(responses, posts...))
	}
	allowed := func(u string) bool {
		return (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) && !strings.Contains(u, "evil")
	}
	if n := checkPostedSafely(t, s.slack.Calls(), allowed); n < 8 {
		t.Fatalf("only %d texts inspected", n)
	}
}
