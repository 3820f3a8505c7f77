package bot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"newsdesk/bot/state"
	"newsdesk/internal/slackfake"
)

func retryHeader(n string) http.Header {
	return http.Header{"X-Slack-Retry-Num": {n}, "X-Slack-Retry-Reason": {"http_error"}}
}

// TestRetryOnlyDeliveryAnswered: the first delivery never reached the bot
// (a restart, a 5xx), so the event arrives only as Slack's retries.
func TestRetryOnlyDeliveryAnswered(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	ev := slackfake.Mention("C1", "U1", "<@UBOT> rates?", h.slack.NewTS(), "")
	for _, n := range []string{"1", "2", "3"} {
		if code := h.event("EvR", ev, retryHeader(n)); code != 200 {
			t.Fatalf("retry %s acked %d", n, code)
		}
	}
	h.settle()
	if n := len(rec.questions()); n != 1 {
		t.Fatalf("an event delivered only as retries was answered %d times, want once", n)
	}
}

// TestSameEventOverHTTPAndSocketOnce delivers one event over HTTP (as a
// retry) and over Socket Mode (original and retry): one answer.
func TestSameEventOverHTTPAndSocketOnce(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	client := socketmode.New(NewClient("xoxb-x", h.slack.APIURL(), nil, slack.OptionAppLevelToken("xapp-x")))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.RunSocketMode(ctx, client) }()
	defer func() { cancel(); <-done }()
	if err := h.slack.WaitConnected(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	ts := h.slack.NewTS()
	inner := slackfake.Mention("C1", "U1", "<@UBOT> rates?", ts, "")
	h.event("EvX", inner, retryHeader("1"))
	for i, env := range []string{"env-a", "env-b"} {
		if err := h.slack.Send(slackfake.EventsEnvelope(env, i, slackfake.EventCallback("EvX", inner))); err != nil {
			t.Fatal(err)
		}
		if _, ok := h.slack.WaitAck(env, 5*time.Second); !ok {
			t.Fatalf("%s not acknowledged", env)
		}
	}
	// The same message as a message event, with its own event ID.
	h.event("EvY", slackfake.ChannelMessage("C1", "channel", "U1", "<@UBOT> rates?", ts, ""), nil)
	cancel()
	<-done
	done <- nil
	h.settle()
	if n := len(rec.questions()); n != 1 {
		t.Fatalf("answered %d times over HTTP and Socket Mode, want once", n)
	}
}

func TestSlashCommandReplayAnsweredOnce(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	form := slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("ask"))
	if code, body := h.command(form); code != 200 || !strings.Contains(body, "Searching") {
		t.Fatalf("first: %d %q", code, body)
	}
	if code, body := h.command(form); code != 200 || strings.Contains(body, "Searching") {
		t.Fatalf("replay: %d %q; want an empty acknowledgement", code, body)
	}
	h.settle()
	if n := len(rec.questions()); n != 1 {
		t.Fatalf("a replayed slash command was answered %d times", n)
	}
}

// TestSeenAndSavedSurviveRestart runs two bots one after the other on one
// state folder: a redelivery to the second is not answered again, and the
// first one's answer can still be shared.
func TestSeenAndSavedSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	open := func() *state.Local {
		l, err := state.OpenLocal(dir, state.LocalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	st := open()
	rec := &recorder{}
	h := newHarness(t, rec, func(o *Options) { o.State = st })
	ev := slackfake.Mention("C1", "U1", "<@UBOT> rates?", h.slack.NewTS(), "")
	h.event("EvP", ev, nil)
	h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("ask")))
	calls := h.slack.Wait(5*time.Second, 1, "response_url")
	h.settle()
	st.Close()
	id := buttonValue(t, calls[0].Values.Get("blocks"))

	st2 := open()
	defer st2.Close()
	rec2 := &recorder{}
	h2 := newHarness(t, rec2, func(o *Options) { o.State = st2 })
	h2.event("EvP", ev, retryHeader("1"))
	h2.click(slackfake.ButtonClick(actionShare, id, "U1", "C1", h2.slack.ResponseURL("share")))
	h2.settle()
	if n := len(rec2.questions()); n != 0 {
		t.Errorf("a redelivery after a restart was answered again")
	}
	if !contentHas(h2.slack.Calls("response_url"), "5.25%") {
		t.Errorf("the answer saved before the restart could not be shared: %+v", h2.slack.Calls("response_url"))
	}
}

func buttonValue(t *testing.T, blocks string) string {
	t.Helper()
	i := strings.Index(blocks, `"value":"`)
	if i < 0 {
		t.Fatalf("no button value in %s", blocks)
	}
	v := blocks[i+len(`"value":"`):]
	return v[:strings.Index(v, `"`)]
}

func TestQuestionTooLong(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	long := strings.Repeat("why ", 600) // 2,400 characters
	code, body := h.command(slackfake.SlashForm("/ask", long, "U1", "C1", h.slack.ResponseURL("ask")))
	if code != 200 || !strings.Contains(body, "too long") || !strings.Contains(body, "2,000") || strings.Count(body, "\n") > 1 {
		t.Fatalf("ack %d %q; want a one-line polite refusal naming the limit", code, body)
	}
	h.event("EvL", slackfake.Mention("C1", "U1", "<@UBOT> "+long, h.slack.NewTS(), ""), nil)
	h.settle()
	if n := len(rec.questions()); n != 0 {
		t.Fatalf("a too-long question reached the answerer")
	}
	if e := h.slack.Calls("chat.postEphemeral"); len(e) != 1 || !strings.Contains(e[0].Content, "too long") {
		t.Fatalf("the mention got no refusal: %+v", e)
	}
}

// brokenState fails every call, as an unreachable PostgreSQL would.
type brokenState struct{}

func (brokenState) FirstSeen(context.Context, string, time.Time, time.Duration) (bool, error) {
	return false, errors.New("connection refused")
}
func (brokenState) SaveAnswer(context.Context, string, state.SavedAnswer, time.Time, time.Duration) error {
	return errors.New("connection refused")
}
func (brokenState) LoadAnswer(context.Context, string, time.Time) (state.SavedAnswer, bool, error) {
	return state.SavedAnswer{}, false, errors.New("connection refused")
}

func TestStateDownHasSlackRedeliver(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, func(o *Options) { o.State = brokenState{} })
	if code := h.event("EvD", slackfake.Mention("C1", "U1", "<@UBOT> rates?", h.slack.NewTS(), ""), nil); code != http.StatusServiceUnavailable {
		t.Fatalf("event with the state down: %d, want 503 so that Slack redelivers", code)
	}
	if _, body := h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("ask"))); !strings.Contains(body, "try again") {
		t.Fatalf("slash command with the state down: %q", body)
	}
	h.settle()
	if len(rec.questions()) != 0 {
		t.Fatal("answered without knowing whether it had before")
	}
}

func TestBadAppTokenNamesTheVariable(t *testing.T) {
	for _, code := range []string{"invalid_auth", "not_allowed_token_type"} {
		t.Run(code, func(t *testing.T) {
			h := newHarness(t, &recorder{}, nil)
			h.slack.Reject("apps.connections.open", code)
			client := socketmode.New(NewClient("xoxb-x", h.slack.APIURL(), nil, slack.OptionAppLevelToken("xapp-bad")))
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			err := h.bot.RunSocketMode(ctx, client)
			if err == nil || !strings.Contains(err.Error(), "SLACK_APP_TOKEN") || !strings.Contains(err.Error(), code) {
				t.Fatalf("RunSocketMode = %v; want an error naming SLACK_APP_TOKEN and %s", err, code)
			}
		})
	}
}
