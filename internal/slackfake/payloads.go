package slackfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"
)

// EventCallback wraps an inner event as the Events API delivers it.
func EventCallback(eventID string, inner map[string]any) map[string]any {
	return map[string]any{
		"token": "verification-token", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(), "event": inner,
	}
}

// Mention is an app_mention event; threadTS may be "".
func Mention(channel, user, text, ts, threadTS string) map[string]any {
	m := map[string]any{"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts}
	if threadTS != "" {
		m["thread_ts"] = threadTS
	}
	return m
}

// ChannelMessage is a message event; channelType is "channel", "group" or
// "im"; threadTS may be "".
func ChannelMessage(channel, channelType, user, text, ts, threadTS string) map[string]any {
	m := map[string]any{"type": "message", "channel": channel, "channel_type": channelType, "user": user,
		"text": text, "ts": ts, "event_ts": ts}
	if threadTS != "" {
		m["thread_ts"] = threadTS
	}
	return m
}

var triggers atomic.Int64

// TriggerID is a fresh trigger_id, as Slack gives every slash command and
// click.
func TriggerID() string {
	return fmt.Sprintf("%d.%d.%x", time.Now().Unix(), triggers.Add(1), time.Now().UnixNano()&0xffffff)
}

// SlashForm is a slash command as Slack posts it, with a fresh trigger_id
// (send the same form twice to replay it).
func SlashForm(command, text, user, channel, responseURL string) url.Values {
	return url.Values{
		"token": {"verification-token"}, "team_id": {"T1"}, "team_domain": {"newsroom"},
		"channel_id": {channel}, "channel_name": {"newsroom"}, "user_id": {user}, "user_name": {"reporter"},
		"command": {command}, "text": {text}, "response_url": {responseURL}, "trigger_id": {TriggerID()},
		"api_app_id": {"A1"},
	}
}

// ButtonClick is a block_actions interaction payload.
func ButtonClick(actionID, value, user, channel, responseURL string) map[string]any {
	return map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user, "name": "reporter"},
		"channel": map[string]any{"id": channel, "name": "newsroom"}, "response_url": responseURL,
		"trigger_id": TriggerID(), "team": map[string]any{"id": "T1"},
		"actions": []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "b1", "value": value}},
	}
}

// EventsEnvelope is a Socket Mode events_api envelope.
func EventsEnvelope(envelopeID string, retryAttempt int, payload map[string]any) map[string]any {
	return map[string]any{"type": "events_api", "envelope_id": envelopeID, "payload": payload,
		"accepts_response_payload": false, "retry_attempt": retryAttempt, "retry_reason": ""}
}

// SlashEnvelope is a Socket Mode slash_commands envelope.
func SlashEnvelope(envelopeID string, form url.Values) map[string]any {
	p := map[string]any{}
	for k := range form {
		p[k] = form.Get(k)
	}
	return map[string]any{"type": "slash_commands", "envelope_id": envelopeID, "payload": p, "accepts_response_payload": true}
}

// InteractiveEnvelope is a Socket Mode interactive envelope.
func InteractiveEnvelope(envelopeID string, payload map[string]any) map[string]any {
	return map[string]any{"type": "interactive", "envelope_id": envelopeID, "payload": payload, "accepts_response_payload": false}
}

// SignedRequest builds a POST to target signed as Slack signs, at time at.
func SignedRequest(secret, target, contentType string, body []byte, at time.Time) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
	return req
}
