package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"newsdesk/internal/news"
)

// Slack's limits on a message, kept with a margin.
const (
	maxSectionChars  = 3000  // text of one section block
	maxBlocks        = 50    // blocks in one message
	maxMessageChars  = 11000 // text across a message's blocks (Slack: ~12,000)
	maxFallbackChars = 3000  // the plain text fallback
	maxContextElems  = 10    // elements of one context block
)

// Action IDs of the buttons on answers.
const (
	actionShare    = "newsdesk_share"
	actionVoteUp   = "newsdesk_vote_up"
	actionVoteDown = "newsdesk_vote_down"
)

// Message is one Slack message: Block Kit blocks and the plain-text fallback
// Slack shows in notifications. Both are escaped mrkdwn.
type Message struct {
	Text   string
	Blocks []slack.Block
}

// AnswerOptions says which controls go under an answer.
type AnswerOptions struct {
	// ID names the answer in button values (feedback, share); empty means no
	// buttons.
	ID string
	// Share adds a "Share in channel" button (for ephemeral answers).
	Share bool
}

// AnswerMessages formats an answer as one or more Slack messages, each within
// Slack's limits (3,000 characters a section, 50 blocks, ~12,000 characters
// of blocks): the answer text as mrkdwn sections, the note, the sources as a
// compact context block and, on the last message, the buttons. All answer and
// corpus text is escaped and defanged (Escape, Mrkdwn) in verbatim mrkdwn;
// the only links are the cited sources' http(s) URLs.
func AnswerMessages(a news.Answer, opt AnswerOptions) []Message {
	text := Mrkdwn(a.Text)
	if text == "" {
		text = "_(no answer)_"
	}
	var blocks []slack.Block
	for _, part := range splitText(text, maxSectionChars) {
		blocks = append(blocks, section(part))
	}
	if a.Note != "" {
		blocks = append(blocks, contextBlock([]string{truncate(":information_source: "+Escape(plainLine(a.Note)), maxSectionChars)}))
	}
	if len(a.Citations) > 0 {
		lines := make([]string, 0, len(a.Citations))
		for _, c := range a.Citations {
			lines = append(lines, sourceLine(c))
		}
		blocks = append(blocks, contextBlocks(lines)...)
	}
	if opt.ID != "" {
		blocks = append(blocks, answerActions(opt))
	}
	return pack(blocks, text)
}

// sourceLine is "[1] Outlet — <url|Title> · 26 Jan 2024", escaped.
func sourceLine(c news.Citation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%d]", c.N)
	if s := plainLine(c.Source); s != "" {
		b.WriteString(" " + Escape(s) + " —")
	}
	title := c.Title
	if strings.TrimSpace(title) == "" {
		title = c.DocID
	}
	b.WriteString(" " + link(c.URL, title))
	if !c.PublishedAt.IsZero() {
		b.WriteString(" · " + c.PublishedAt.Format("2 Jan 2006"))
	}
	return b.String()
}

// section is a mrkdwn section. Every mrkdwn text object the bot builds is
// verbatim: Slack shows it as written, without turning URLs into links or
// names into mentions (the text is escaped and defanged besides).
func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, true), nil, nil)
}

func contextBlock(texts []string) slack.Block {
	elems := make([]slack.MixedElement, 0, len(texts))
	for _, t := range texts {
		elems = append(elems, slack.NewTextBlockObject(slack.MarkdownType, t, false, true))
	}
	return slack.NewContextBlock("", elems...)
}

// contextBlocks packs lines into context blocks: lines joined by newlines
// into elements of at most maxSectionChars, at most maxContextElems elements
// a block.
func contextBlocks(lines []string) []slack.Block {
	var elems []string
	cur := ""
	for _, l := range lines {
		l = truncate(l, maxSectionChars)
		if cur != "" && len(cur)+1+len(l) > maxSectionChars {
			elems = append(elems, cur)
			cur = ""
		}
		if cur != "" {
			cur += "\n"
		}
		cur += l
	}
	if cur != "" {
		elems = append(elems, cur)
	}
	var out []slack.Block
	for len(elems) > 0 {
		n := min(len(elems), maxContextElems)
		out = append(out, contextBlock(elems[:n]))
		elems = elems[n:]
	}
	return out
}

func answerActions(opt AnswerOptions) slack.Block {
	var elems []slack.BlockElement
	if opt.Share {
		elems = append(elems, slack.NewButtonBlockElement(actionShare, opt.ID,
			slack.NewTextBlockObject(slack.PlainTextType, "Share in channel", false, false)).WithStyle(slack.StylePrimary))
	}
	elems = append(elems,
		slack.NewButtonBlockElement(actionVoteUp, opt.ID, slack.NewTextBlockObject(slack.PlainTextType, "👍", true, false)),
		slack.NewButtonBlockElement(actionVoteDown, opt.ID, slack.NewTextBlockObject(slack.PlainTextType, "👎", true, false)),
	)
	return slack.NewActionBlock("newsdesk_answer_actions", elems...)
}

// blockChars counts the text a block carries, for the per-message limit.
func blockChars(b slack.Block) int {
	switch v := b.(type) {
	case *slack.SectionBlock:
		if v.Text != nil {
			return len(v.Text.Text)
		}
	case *slack.ContextBlock:
		n := 0
		for _, e := range v.ContextElements.Elements {
			if t, ok := e.(*slack.TextBlockObject); ok {
				n += len(t.Text)
			}
		}
		return n
	case *slack.HeaderBlock:
		if v.Text != nil {
			return len(v.Text.Text)
		}
	}
	return 100
}

// pack splits blocks into messages within maxBlocks and maxMessageChars; the
// fallback text of each is its share of text, or of the first section.
func pack(blocks []slack.Block, text string) []Message {
	var msgs []Message
	var cur []slack.Block
	chars := 0
	flush := func() {
		if len(cur) > 0 {
			msgs = append(msgs, Message{Blocks: cur})
		}
		cur, chars = nil, 0
	}
	for _, b := range blocks {
		n := blockChars(b)
		if len(cur) > 0 && (len(cur)+1 > maxBlocks || chars+n > maxMessageChars) {
			flush()
		}
		cur = append(cur, b)
		chars += n
	}
	flush()
	for i := range msgs {
		msgs[i].Text = fallback(msgs[i].Blocks, text)
	}
	return msgs
}

// fallback is the text of a message's sections and context lines (note,
// sources), or def when it has none, cut to maxFallbackChars: what
// notifications and clients without blocks show.
func fallback(blocks []slack.Block, def string) string {
	var parts []string
	for _, b := range blocks {
		switch v := b.(type) {
		case *slack.SectionBlock:
			if v.Text != nil {
				parts = append(parts, v.Text.Text)
			}
		case *slack.ContextBlock:
			for _, e := range v.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					parts = append(parts, t.Text)
				}
			}
		}
	}
	if len(parts) == 0 {
		return truncate(def, maxFallbackChars)
	}
	return truncate(strings.Join(parts, "\n"), maxFallbackChars)
}

// dateRange formats a digest period: "26 Jan 2024" or "25–26 Jan 2024" style.
func dateRange(since, until time.Time) string {
	switch {
	case since.IsZero() && until.IsZero():
		return ""
	case since.IsZero():
		return "until " + until.Format("2 Jan 2006 15:04")
	case until.IsZero():
		return "since " + since.Format("2 Jan 2006 15:04")
	}
	return since.Format("2 Jan 2006 15:04") + " – " + until.Format("2 Jan 2006 15:04")
}
