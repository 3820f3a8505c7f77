package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode with client (built with
// socketmode.New on a client that has the app-level token) and handles
// events, slash commands and button clicks with the same code as the HTTP
// endpoints, acknowledging each envelope at once. It returns nil when ctx
// ends, or the error that ended the connection for good.
func (b *Bot) RunSocketMode(ctx context.Context, client *socketmode.Client) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			if rejected := appTokenRejected(err); rejected != nil {
				return rejected
			}
			return fmt.Errorf("socket mode connection ended: %w", err)
		case evt := <-client.Events:
			if evt.Type == socketmode.EventTypeConnectionError {
				if ce, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
					if rejected := appTokenRejected(ce.ErrorObj); rejected != nil {
						return rejected // slack-go would retry forever
					}
				}
			}
			b.onSocketEvent(client, evt)
		}
	}
}

// appTokenRejected turns Slack's refusal of the app-level token into a
// sentence naming SLACK_APP_TOKEN; nil for other errors.
func appTokenRejected(err error) error {
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	switch {
	case errors.As(err, &se):
		switch se.Err {
		case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "not_allowed_token_type", "missing_scope":
			return fmt.Errorf("slack rejected the app-level token (apps.connections.open: %s); check SLACK_APP_TOKEN: an xapp-… token with the connections:write scope", se.Err)
		}
	case errors.As(err, &sc) && sc.Code == 404:
		return fmt.Errorf("slack rejected the app-level token (apps.connections.open: %s); check SLACK_APP_TOKEN: an xapp-… token with the connections:write scope", sc.Status)
	case err != nil && (err.Error() == "invalid_auth" || err.Error() == "not_allowed_token_type"):
		return fmt.Errorf("slack rejected the app-level token (apps.connections.open: %s); check SLACK_APP_TOKEN: an xapp-… token with the connections:write scope", err)
	}
	return nil
}

func (b *Bot) onSocketEvent(client *socketmode.Client, evt socketmode.Event) {
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("socket mode event panicked", "type", string(evt.Type), "panic", fmt.Sprint(v))
		}
	}()
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Info("socket mode connecting")
	case socketmode.EventTypeConnected:
		b.log.Info("socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth, socketmode.EventTypeIncomingError,
		socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("socket mode problem", "type", string(evt.Type), "detail", fmt.Sprint(evt.Data))
	case socketmode.EventTypeDisconnect:
		b.log.Info("socket mode: Slack asked to reconnect")
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || evt.Request == nil {
			b.ack(client, evt, nil)
			return
		}
		eventID := ""
		if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
			eventID = cb.EventID
		}
		// A retry (retry_attempt > 0) is handled like the original: the
		// event ID says whether it was seen. Acknowledged once recorded;
		// without an ack Slack redelivers.
		if err := b.onEvent("socket", ev, eventID); err != nil {
			return
		}
		b.ack(client, evt, nil)
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			b.ack(client, evt, nil)
			return
		}
		if reply := b.onCommand("socket", cmd); reply != nil {
			b.ack(client, evt, reply)
		} else {
			b.ack(client, evt, nil)
		}
	case socketmode.EventTypeInteractive:
		b.ack(client, evt, nil)
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			b.onInteraction("socket", cb)
		}
	}
}

// ack acknowledges a Socket Mode envelope, with payload when not nil.
func (b *Bot) ack(client *socketmode.Client, evt socketmode.Event, payload *responseMessage) {
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	var err error
	if payload != nil {
		err = client.Ack(*evt.Request, payload)
	} else {
		err = client.Ack(*evt.Request)
	}
	if err != nil {
		b.slackError("socket_mode.ack", err)
	}
}
