package bot

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"newsdesk/internal/news"
)

// history returns the earlier turns of q's conversation, trimmed newest
// first to Options.HistoryChars, and whether the bot has written in q's
// thread. Threads come from conversations.replies, DMs outside threads from
// conversations.history. A failure to read history is logged and the
// question is answered without it.
func (b *Bot) history(ctx context.Context, q *question) ([]news.Turn, bool) {
	if q.kind == kindCommand || (q.kind == kindMention && q.threadTS == q.ts) {
		return nil, false
	}
	var msgs []slack.Message
	if q.threadTS != "" {
		params := &slack.GetConversationRepliesParameters{ChannelID: q.channel, Timestamp: q.threadTS, Limit: 200}
		for page := 0; page < 5; page++ {
			m, more, next, err := b.api.GetConversationRepliesContext(ctx, params)
			if err != nil {
				b.slackError("conversations.replies", err)
				break
			}
			msgs = append(msgs, m...)
			if !more || next == "" {
				break
			}
			params.Cursor = next
		}
	} else {
		oldest := ""
		if ts, err := strconv.ParseFloat(q.ts, 64); err == nil {
			oldest = strconv.FormatFloat(ts-2*3600, 'f', 6, 64) // a DM conversation: the last two hours
		}
		resp, err := b.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
			ChannelID: q.channel, Latest: q.ts, Oldest: oldest, Inclusive: false, Limit: 20,
		})
		if err != nil {
			b.slackError("conversations.history", err)
		} else {
			for i := len(resp.Messages) - 1; i >= 0; i-- { // newest first → oldest first
				if m := resp.Messages[i]; m.ThreadTimestamp == "" || m.ThreadTimestamp == m.Timestamp {
					msgs = append(msgs, m)
				}
			}
		}
	}
	return b.turns(msgs, q.ts)
}

// turns pairs the messages before ts (oldest first) into question/answer
// turns and trims them to the budget, newest first.
func (b *Bot) turns(msgs []slack.Message, ts string) ([]news.Turn, bool) {
	self, selfBot := b.self()
	var turns []news.Turn
	botIn := false
	pending := ""
	for _, m := range msgs {
		fromBot := (self != "" && m.User == self) || (selfBot != "" && m.BotID == selfBot)
		if fromBot {
			botIn = true
		}
		if m.Timestamp == ts || (ts != "" && tsAfter(m.Timestamp, ts)) {
			continue
		}
		switch {
		case fromBot:
			text := unescape(slackLink.ReplaceAllString(m.Text, "$1"))
			if strings.HasPrefix(m.Text, msgSearching) || strings.HasPrefix(m.Text, ":warning:") {
				continue
			}
			turns = append(turns, news.Turn{Question: pending, Answer: text})
			pending = ""
		case m.BotID != "" || m.SubType != "":
			continue
		default:
			if pending != "" {
				turns = append(turns, news.Turn{Question: pending})
			}
			pending = stripMentions(m.Text)
		}
	}
	if pending != "" {
		turns = append(turns, news.Turn{Question: pending})
	}
	return trimTurns(turns, b.opt.HistoryChars), botIn
}

// slackLink matches <url|title> in the bot's own messages.
var slackLink = regexp.MustCompile(`<https?://[^|>]*\|([^>]*)>`)

// trimTurns keeps the newest turns whose text fits in budget characters.
func trimTurns(turns []news.Turn, budget int) []news.Turn {
	used := 0
	i := len(turns)
	for i > 0 {
		n := len(turns[i-1].Question) + len(turns[i-1].Answer)
		if used+n > budget {
			break
		}
		used += n
		i--
	}
	if i == len(turns) {
		return nil
	}
	return turns[i:]
}

// tsAfter reports whether Slack timestamp a is later than b.
func tsAfter(a, b string) bool {
	fa, err1 := strconv.ParseFloat(a, 64)
	fb, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && fa > fb
}
