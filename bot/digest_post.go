package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"newsdesk/internal/news"
)

// DigestEventType is the message metadata event type of scheduled digests;
// the payload's slot_id names the schedule slot (see SlotID).
const DigestEventType = "newsdesk_digest"

// ErrOutcomeUnknown wraps a post that may or may not have landed (a
// timeout, a dropped connection, a 5xx): look for it before posting again.
var ErrOutcomeUnknown = errors.New("the post's outcome is unknown")

// SlotID names a schedule slot in digest metadata: "C123/2026-01-05T08:00:00Z".
func SlotID(channel string, at time.Time) string {
	return channel + "/" + at.UTC().Truncate(time.Minute).Format(time.RFC3339)
}

var _ DigestPoster = (*Bot)(nil)

// PostTaggedDigest posts d to channel, tagged with message metadata
// (DigestEventType, slot_id), through Options.Poster, and returns the
// message's ts. A post Slack refused is an error; one whose outcome is
// unknown wraps ErrOutcomeUnknown. It never retries the post itself.
func (b *Bot) PostTaggedDigest(ctx context.Context, channel string, d news.Digest, slotID string) (string, error) {
	text, blocks := DigestBlocks(d)
	opts := append(msgOptions(Message{Text: text, Blocks: blocks}),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: DigestEventType, EventPayload: map[string]any{"slot_id": slotID}}))
	_, ts, err := b.poster.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		b.slackError("chat.postMessage", err)
		if refused(err) {
			return "", fmt.Errorf("post digest to %s: %w", channel, err)
		}
		return "", fmt.Errorf("post digest to %s: %w: %w", channel, ErrOutcomeUnknown, err)
	}
	return ts, nil
}

// refused reports whether err is Slack's answer that it did not post:
// ok:false with an error code, a 4xx, or rate limiting.
func refused(err error) bool {
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	var rl *slack.RateLimitedError
	switch {
	case errors.As(err, &se), errors.As(err, &rl):
		return true
	case errors.As(err, &sc):
		return sc.Code < 500
	}
	return false
}

// FindDigest looks in channel's history since since for the bot's message
// tagged slotID (conversations.history with include_all_metadata), and
// returns its ts.
func (b *Bot) FindDigest(ctx context.Context, channel, slotID string, since time.Time) (string, bool, error) {
	params := &slack.GetConversationHistoryParameters{ChannelID: channel, Limit: 200, IncludeAllMetadata: true,
		Oldest: strconv.FormatFloat(float64(since.UnixMicro())/1e6, 'f', 6, 64)}
	_, selfBot := b.self()
	for page := 0; page < 10; page++ {
		resp, err := b.poster.GetConversationHistoryContext(ctx, params)
		if err != nil {
			b.slackError("conversations.history", err)
			return "", false, fmt.Errorf("look for the digest in %s: %w", channel, err)
		}
		for _, m := range resp.Messages {
			if m.Metadata.EventType != DigestEventType || (selfBot != "" && m.BotID != "" && m.BotID != selfBot) {
				continue
			}
			if id, _ := m.Metadata.EventPayload["slot_id"].(string); id == slotID {
				return m.Timestamp, true, nil
			}
		}
		if !resp.HasMore || resp.ResponseMetaData.NextCursor == "" {
			break
		}
		params.Cursor = resp.ResponseMetaData.NextCursor
	}
	return "", false, nil
}
