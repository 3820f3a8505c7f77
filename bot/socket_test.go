package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"newsdesk/internal/slackfake"
)

// TestSocketMode runs slack-go's Socket Mode client against the fake's
// websocket server: events, slash commands and button clicks are
// acknowledged and answered by the same code as over HTTP.
func TestSocketMode(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	api := NewClient("xoxb-secret-bot-token", h.slack.APIURL(), nil, slack.OptionAppLevelToken("xapp-secret-app-token"))
	client := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.RunSocketMode(ctx, client) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("RunSocketMode: %v", err)
		}
	}()
	if err := h.slack.WaitConnected(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	if calls := h.slack.Calls("apps.connections.open"); len(calls) != 1 {
		t.Fatalf("apps.connections.open called %d times", len(calls))
	}
	send := func(env map[string]any) json.RawMessage {
		t.Helper()
		if err := h.slack.Send(env); err != nil {
			t.Fatal(err)
		}
		id := env["envelope_id"].(string)
		p, ok := h.slack.WaitAck(id, 5*time.Second)
		if !ok {
			t.Fatalf("envelope %s was not acknowledged", id)
		}
		return p
	}

	root := h.slack.NewTS()
	mention := slackfake.EventCallback("EvS1", slackfake.Mention("C1", "U1", "<@UBOT> what did the central bank do?", root, ""))
	send(slackfake.EventsEnvelope("env-1", 0, mention))
	send(slackfake.EventsEnvelope("env-2", 1, mention)) // Slack's redelivery
	send(slackfake.EventsEnvelope("env-3", 0, mention)) // same event_id again
	waitQuestions(t, rec, 1)

	ack := send(slackfake.SlashEnvelope("env-4", slackfake.SlashForm("/ask", "rates?", "U2", "C1", h.slack.ResponseURL("sock"))))
	if !strings.Contains(string(ack), "Searching") {
		t.Errorf("slash command ack payload %s; want the searching note", ack)
	}
	answered := h.slack.Wait(5*time.Second, 1, "response_url")
	if len(answered) != 1 || !strings.Contains(answered[0].Content, "[1] Reuters") {
		t.Fatalf("slash command over Socket Mode not answered: %+v", answered)
	}
	ack = send(slackfake.SlashEnvelope("env-5", slackfake.SlashForm("/ask", "help", "U2", "C1", h.slack.ResponseURL("help"))))
	if !strings.Contains(string(ack), "Ask me about the news") {
		t.Errorf("help ack %s", ack)
	}
	send(slackfake.InteractiveEnvelope("env-6", slackfake.ButtonClick(actionVoteUp, "nope", "U2", "C1", h.slack.ResponseURL("vote"))))
	h.slack.Wait(5*time.Second, 2, "response_url")

	dm := h.slack.NewTS()
	send(slackfake.EventsEnvelope("env-7", 0, slackfake.EventCallback("EvS2", slackfake.ChannelMessage("D1", "im", "U3", "and inflation?", dm, ""))))
	waitQuestions(t, rec, 3)

	cancel()
	<-done
	done <- nil
	h.settle()
	if n := len(rec.questions()); n != 3 {
		t.Errorf("answered %d questions, want 3 (mention once, command, DM)", n)
	}
	var inThread bool
	for _, p := range h.slack.Calls("chat.postMessage") {
		if p.Values.Get("thread_ts") == root {
			inThread = true
		}
	}
	if !inThread {
		t.Error("the mention was not answered in its thread")
	}
	if metricValue(t, h.bot, "newsdesk_feedback_total", "vote=up") != 1 {
		t.Error("the vote over Socket Mode was not counted")
	}
	if metricValue(t, h.bot, "newsdesk_questions_total", "transport=socket") == 0 {
		t.Error("questions over Socket Mode are not labelled transport=socket")
	}
}
