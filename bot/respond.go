package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"newsdesk/internal/news"
)

// responseMessage is a message for a slash command's acknowledgement or its
// response_url.
type responseMessage struct {
	ResponseType    string        `json:"response_type,omitempty"` // "ephemeral" or "in_channel"
	Text            string        `json:"text,omitempty"`
	Blocks          []slack.Block `json:"blocks,omitempty"`
	ReplaceOriginal bool          `json:"replace_original,omitempty"`
	DeleteOriginal  bool          `json:"delete_original,omitempty"`
}

// PostDigest posts the digest d to channel as formatted by DigestBlocks.
// Slack's 429s are retried after their Retry-After and 5xx answers with
// backoff (by the client NewClient builds).
func (b *Bot) PostDigest(ctx context.Context, channel string, d news.Digest) error {
	text, blocks := DigestBlocks(d)
	if _, err := b.post(ctx, channel, "", Message{Text: text, Blocks: blocks}); err != nil {
		b.slackError("chat.postMessage", err)
		return fmt.Errorf("post digest to %s: %w", channel, err)
	}
	return nil
}

// respond posts m to a response_url, retrying 429 (after Retry-After, at most
// 30 s) and 5xx twice.
func (b *Bot) respond(ctx context.Context, url string, m responseMessage) error {
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	var last error
	for attempt := range 3 {
		wait, err := b.respondOnce(ctx, url, body)
		if err == nil {
			return nil
		}
		last = err
		if wait < 0 || attempt == 2 {
			break
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return last
}

// respondOnce posts once; on failure it says how long to wait before trying
// again, or -1 when trying again would not help.
func (b *Bot) respondOnce(ctx context.Context, url string, body []byte) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return -1, fmt.Errorf("response_url: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.opt.HTTPClient.Do(req)
	if err != nil {
		var ue *neturl.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL itself is a credential of sorts: keep it out of logs
		}
		return 500 * time.Millisecond, fmt.Errorf("response_url: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode < 300:
		return 0, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		wait := time.Second
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			wait = min(time.Duration(s)*time.Second, 30*time.Second)
		}
		return wait, fmt.Errorf("response_url: rate limited")
	case resp.StatusCode >= 500:
		return 500 * time.Millisecond, fmt.Errorf("response_url: status %d", resp.StatusCode)
	}
	return -1, fmt.Errorf("response_url: status %d", resp.StatusCode)
}
