package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"newsdesk/internal/news"
)

// DigestBlocks formats a digest as one Slack message within Slack's limits:
// a header with the period, then per story its headline in bold, its summary
// with [n] markers and its sources as "[n] Outlet — <url|Title> · date"
// links, and "and N more" for the stories left out (by the digest's cap or
// because the message was full). text is the plain fallback for
// notifications. All corpus and model text is escaped as in answers.
func DigestBlocks(d news.Digest) (text string, blocks []slack.Block) {
	title := "News digest"
	if r := dateRange(d.Since, d.Until); r != "" {
		title += " · " + r
	}
	blocks = append(blocks, slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, truncate(title, 150), false, false)))
	if len(d.Stories) == 0 {
		blocks = append(blocks, section("No new stories in this period."))
		return title + ": no new stories.", blocks
	}
	chars := len(title)
	more := d.More
	var heads []string
	for i, s := range d.Stories {
		sb := storyBlocks(s)
		n := 0
		for _, b := range sb {
			n += blockChars(b)
		}
		// Keep room for the "and N more" line.
		if len(blocks)+len(sb)+1 > maxBlocks || chars+n > maxMessageChars-200 {
			more += len(d.Stories) - i
			break
		}
		blocks = append(blocks, sb...)
		chars += n
		heads = append(heads, "• "+Escape(plainLine(s.Headline)))
	}
	if more > 0 {
		blocks = append(blocks, contextBlock([]string{fmt.Sprintf("…and %d more %s.", more, plural(more, "story", "stories"))}))
	}
	text = truncate(title+"\n"+strings.Join(heads, "\n"), maxFallbackChars)
	return text, blocks
}

// storyBlocks is one story: a section with the bold headline and summary, and
// a context block with its sources.
func storyBlocks(s news.Story) []slack.Block {
	head := "*" + Escape(plainLine(s.Headline)) + "*"
	if strings.TrimSpace(s.Headline) == "" {
		head = "*(untitled story)*"
	}
	var meta []string
	if s.Articles > 1 {
		meta = append(meta, fmt.Sprintf("%d articles", s.Articles))
	}
	if len(s.Outlets) > 0 {
		outlets := make([]string, len(s.Outlets))
		for i, o := range s.Outlets {
			outlets[i] = Escape(plainLine(o))
		}
		meta = append(meta, strings.Join(outlets, ", "))
	}
	body := head
	if len(meta) > 0 {
		body += "  _" + strings.Join(meta, " · ") + "_"
	}
	if sum := Mrkdwn(s.Summary); sum != "" {
		body += "\n" + sum
	}
	blocks := []slack.Block{section(truncate(body, maxSectionChars))}
	if len(s.Citations) > 0 {
		lines := make([]string, 0, len(s.Citations))
		for _, c := range s.Citations {
			lines = append(lines, sourceLine(c))
		}
		blocks = append(blocks, contextBlocks(lines)...)
	}
	return blocks
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
