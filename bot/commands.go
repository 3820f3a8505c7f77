package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// onCommand handles a slash command from either transport and returns the
// acknowledgement to send at once; the answer follows on the response_url.
func (b *Bot) onCommand(transport string, cmd slack.SlashCommand) *responseMessage {
	text := strings.TrimSpace(cmd.Text)
	if cmd.TriggerID != "" {
		// A replayed command (the same trigger) is answered once.
		first, err := b.firstSeen("slash:" + cmd.TriggerID)
		if err != nil {
			return ephemeral(msgNoState)
		}
		if !first {
			b.metrics.dropped.WithLabelValues("duplicate").Inc()
			return nil
		}
	}
	switch cmd.Command {
	case b.opt.AskCommand:
	case b.opt.DigestCommand:
		return b.onDigestCommand(transport, cmd)
	default:
		return ephemeral(fmt.Sprintf("I don't know the command %s. Try %s help.", Escape(cmd.Command), b.opt.AskCommand))
	}
	if text == "" || strings.EqualFold(text, "help") {
		return ephemeral(b.usage())
	}
	if !b.allowed(cmd.ChannelID) {
		b.metrics.rejected.WithLabelValues("not_allowed").Inc()
		return ephemeral("I'm not enabled in this channel; ask me in a DM or in a channel where I'm allowed.")
	}
	q := &question{
		transport: transport, kind: kindCommand, user: cmd.UserID, channel: cmd.ChannelID,
		text: unescape(text), responseURL: cmd.ResponseURL, arrived: b.opt.Now(),
	}
	if q.responseURL == "" {
		return ephemeral("Slack sent no response_url, so I can't answer this command.")
	}
	if msg := b.admit(q); msg != "" {
		return ephemeral(msg)
	}
	return ephemeral(msgSearching + " _" + Escape(truncate(plainLine(q.text), 200)) + "_")
}

// onDigestCommand queues the digest since the given period ("24h", "3d";
// default Options.DigestSince).
func (b *Bot) onDigestCommand(transport string, cmd slack.SlashCommand) *responseMessage {
	if b.digests == nil {
		return ephemeral("The digest is not set up on this bot.")
	}
	since := b.opt.DigestSince
	if arg := strings.TrimSpace(cmd.Text); arg != "" {
		d, err := parsePeriod(arg)
		if err != nil {
			return ephemeral(fmt.Sprintf("Usage: %s [24h|3d] — %s", b.opt.DigestCommand, Escape(err.Error())))
		}
		since = d
	}
	if cmd.ResponseURL == "" {
		return ephemeral("Slack sent no response_url, so I can't answer this command.")
	}
	b.metrics.questions.WithLabelValues(transport, "digest").Inc()
	if !b.limits.allow(cmd.UserID) {
		b.metrics.rejected.WithLabelValues("rate_limited").Inc()
		return ephemeral(msgRateLimited)
	}
	url, visibility := cmd.ResponseURL, b.opt.AskVisibility
	err := b.pool.submit(func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		defer cancel()
		d, err := b.digests.Digest(ctx, b.opt.Now().Add(-since))
		m := responseMessage{ResponseType: visibility}
		if err != nil {
			b.metrics.errors.Inc()
			b.log.Error("digest failed", "err", err)
			m.Text = apology(ctx, err, "gathering the digest")
			m.Blocks = []slack.Block{section(m.Text)}
		} else {
			m.Text, m.Blocks = DigestBlocks(d)
		}
		if err := b.respond(ctx, url, m); err != nil {
			b.slackError("response_url", err)
		}
	})
	if err != nil {
		b.metrics.rejected.WithLabelValues("busy").Inc()
		return ephemeral(msgBusy)
	}
	return ephemeral(":newspaper: Gathering the digest…")
}

// parsePeriod reads "36h", "90m" or "3d".
func parsePeriod(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 1 || days > 365 {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a period like 24h or 3d", s)
	}
	return d, nil
}

func ephemeral(text string) *responseMessage {
	return &responseMessage{ResponseType: "ephemeral", Text: text}
}
