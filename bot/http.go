package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime/debug"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// MaxBody is the largest request body accepted from Slack (413 beyond).
const MaxBody = 1 << 20

// Handler serves Slack's HTTP endpoints and the operational ones:
//
//	POST /slack/events       Events API, including url_verification
//	POST /slack/commands     slash commands
//	POST /slack/interactive  buttons
//	GET  /healthz            200 when ready, 503 otherwise
//	GET  /metrics            Prometheus text format
//
// Every Slack request is verified (401 on a bad, missing or stale
// signature), a malformed one gets 400 and a body over MaxBody 413. Slack is
// acknowledged at once; answers follow asynchronously. A panic is logged and
// answered with 500.
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /slack/events", b.slackEndpoint(b.serveEvents))
	mux.Handle("POST /slack/commands", b.slackEndpoint(b.serveCommand))
	mux.Handle("POST /slack/interactive", b.slackEndpoint(b.serveInteractive))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if !b.Ready() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /metrics", b.MetricsHandler())
	return b.recoverer(mux)
}

func (b *Bot) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				b.log.Error("http handler panicked", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// slackEndpoint reads the body (at most MaxBody), verifies the signature and
// passes the body on.
func (b *Bot) slackEndpoint(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read request body", http.StatusBadRequest)
			return
		}
		if err := b.verify.Verify(r.Header, body); err != nil {
			b.log.Warn("slack request rejected", "path", r.URL.Path, "reason", err.Error(), "remote", r.RemoteAddr)
			http.Error(w, "invalid Slack signature", http.StatusUnauthorized)
			return
		}
		next(w, r, body)
	})
}

// outerEvent is the part of an Events API body read before slackevents.
type outerEvent struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	EventID   string          `json:"event_id"`
	Event     json.RawMessage `json:"event"`
}

func (b *Bot) serveEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	var outer outerEvent
	if err := json.Unmarshal(body, &outer); err != nil || outer.Type == "" {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if outer.Type == slackevents.URLVerification {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, outer.Challenge)
		return
	}
	// A redelivery (X-Slack-Retry-Num) is handled like the original: the
	// event ID says whether it was seen, not the header.
	if outer.Type == slackevents.CallbackEvent && len(outer.Event) == 0 {
		http.Error(w, "malformed event: no inner event", http.StatusBadRequest)
		return
	}
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// An event type we do not know: acknowledge, so Slack does not retry.
		b.log.Debug("event not parsed", "type", outer.Type, "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	if err := b.onEvent("http", ev, outer.EventID); err != nil {
		http.Error(w, "state unavailable; please retry", http.StatusServiceUnavailable) // Slack redelivers
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (b *Bot) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err == nil && form.Get("ssl_check") == "1" {
		w.WriteHeader(http.StatusOK) // Slack checking the certificate
		return
	}
	if err != nil || form.Get("command") == "" {
		http.Error(w, "malformed slash command", http.StatusBadRequest)
		return
	}
	cmd := slack.SlashCommand{
		TeamID: form.Get("team_id"), ChannelID: form.Get("channel_id"), ChannelName: form.Get("channel_name"),
		UserID: form.Get("user_id"), UserName: form.Get("user_name"), Command: form.Get("command"),
		Text: form.Get("text"), ResponseURL: form.Get("response_url"), TriggerID: form.Get("trigger_id"),
		APIAppID: form.Get("api_app_id"),
	}
	writeJSON(w, b.onCommand("http", cmd))
}

func (b *Bot) serveInteractive(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("payload") == "" {
		http.Error(w, "malformed interaction: no payload", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "malformed interaction payload", http.StatusBadRequest)
		return
	}
	b.onInteraction("http", cb)
	w.WriteHeader(http.StatusOK)
}

func writeJSON(w http.ResponseWriter, v *responseMessage) {
	if v == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
