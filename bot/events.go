package bot

import (
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack/slackevents"
)

// Kinds of question, for metrics and logs.
const (
	kindCommand = "command"
	kindMention = "mention"
	kindThread  = "thread"
	kindDM      = "dm"
)

// question is one question to answer, whatever the transport.
type question struct {
	transport   string // "http" or "socket"
	kind        string
	user        string
	channel     string
	text        string
	ts          string // the asking message (events)
	threadTS    string // thread to answer in; "" answers at the top level (DMs)
	responseURL string // slash commands
	// probe marks a thread reply not yet known to be in a thread the bot
	// answered in: the job checks the thread first and stays quiet if not.
	probe   bool
	arrived time.Time
}

// onEvent handles one Events API event, from either transport. An event is
// handled once per eventID, whether it comes first as the original or as a
// retry, across restarts and replicas sharing the state; a message once per
// channel and ts (Slack sends a mention as app_mention and as message). An
// error means the state could not tell whether the event is new: the caller
// has Slack redeliver it (HTTP 503, no Socket Mode ack).
func (b *Bot) onEvent(transport string, ev slackevents.EventsAPIEvent, eventID string) error {
	if ev.Type != slackevents.CallbackEvent {
		return nil
	}
	if eventID != "" {
		first, err := b.firstSeen("event:" + eventID)
		if err != nil {
			return err
		}
		if !first {
			b.metrics.dropped.WithLabelValues("duplicate").Inc()
			b.log.Debug("duplicate event dropped", "event_id", eventID)
			return nil
		}
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		b.onMention(transport, e)
	case *slackevents.MessageEvent:
		b.onMessage(transport, e)
	}
	return nil
}

func (b *Bot) onMention(transport string, e *slackevents.AppMentionEvent) {
	self, _ := b.self()
	switch {
	case e.BotID != "" || e.User == "" || e.User == self:
		b.metrics.dropped.WithLabelValues("bot").Inc()
		return
	case e.Edited != nil:
		b.metrics.dropped.WithLabelValues("subtype").Inc()
		return
	case !b.firstMessage(e.Channel, e.TimeStamp):
		return
	}
	q := &question{
		transport: transport, kind: kindMention, user: e.User, channel: e.Channel,
		text: stripMentions(e.Text), ts: e.TimeStamp, threadTS: e.ThreadTimeStamp, arrived: b.opt.Now(),
	}
	if q.threadTS == "" {
		q.threadTS = e.TimeStamp
	}
	if !b.allowed(e.Channel) {
		b.metrics.rejected.WithLabelValues("not_allowed").Inc()
		b.notify(q, "I'm not enabled in this channel; ask me in a DM or in a channel where I'm allowed.")
		return
	}
	b.enqueue(q)
}

func (b *Bot) onMessage(transport string, e *slackevents.MessageEvent) {
	self, selfBot := b.self()
	switch {
	case e.SubType != "":
		b.metrics.dropped.WithLabelValues("subtype").Inc()
		return
	case e.BotID != "" || e.User == "" || e.User == self || (selfBot != "" && e.BotID == selfBot):
		b.metrics.dropped.WithLabelValues("bot").Inc()
		return
	}
	q := &question{
		transport: transport, user: e.User, channel: e.Channel, text: stripMentions(e.Text),
		ts: e.TimeStamp, threadTS: e.ThreadTimeStamp, arrived: b.opt.Now(),
	}
	if e.IsIM() || strings.HasPrefix(e.Channel, "D") {
		if !b.firstMessage(e.Channel, e.TimeStamp) {
			return
		}
		q.kind = kindDM
		b.enqueue(q)
		return
	}
	// In channels, mentions arrive as app_mention events too; answer those once.
	if self != "" && strings.Contains(e.Text, "<@"+self) {
		return
	}
	if e.ThreadTimeStamp == "" || e.ThreadTimeStamp == e.TimeStamp || !b.opt.ThreadReplies || !b.allowed(e.Channel) {
		return
	}
	if !b.firstMessage(e.Channel, e.TimeStamp) {
		return
	}
	q.kind = kindThread
	q.probe = !b.threads.has(threadKey(e.Channel, e.ThreadTimeStamp))
	b.enqueue(q)
}

func threadKey(channel, ts string) string { return channel + "/" + ts }

var mentionRE = regexp.MustCompile(`<@[A-Z0-9]+(?:\|[^>]*)?>`)

// stripMentions removes user mentions (the bot's own, mostly) from a question
// and turns Slack's escaping back into plain text.
func stripMentions(s string) string {
	return strings.TrimSpace(unescape(plainLine(mentionRE.ReplaceAllString(s, " "))))
}
