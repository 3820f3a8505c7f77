package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/slackfake"
)

func TestAskCommand(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	start := time.Now()
	code, body := h.command(slackfake.SlashForm("/ask", "what did the central bank do?", "U1", "C1", h.slack.ResponseURL("ask")))
	if code != 200 || !strings.Contains(body, "Searching") {
		t.Fatalf("ack %d %q; want 200 with a searching note", code, body)
	}
	t.Logf("ack took %v", time.Since(start))
	calls := h.slack.Wait(5*time.Second, 1, "response_url")
	if len(calls) != 1 {
		t.Fatalf("%d response_url posts, want 1", len(calls))
	}
	c := calls[0]
	for _, want := range []string{"5.25%", "[1] Reuters", "https://example.com/rates", "Share in channel", "newsdesk_vote_up"} {
		if !strings.Contains(c.Content, want) {
			t.Errorf("answer lacks %q: %s", want, c.Content)
		}
	}
	if c.Values.Get("response_type") != "ephemeral" {
		t.Errorf("response_type %q, want ephemeral", c.Values.Get("response_type"))
	}
	if qs := rec.questions(); len(qs) != 1 || qs[0].Text != "what did the central bank do?" {
		t.Errorf("answerer got %+v", qs)
	}
}

func TestAskHelp(t *testing.T) {
	for _, text := range []string{"", "help", "  HELP "} {
		t.Run(fmt.Sprintf("%q", text), func(t *testing.T) {
			rec := &recorder{}
			h := newHarness(t, rec, nil)
			code, body := h.command(slackfake.SlashForm("/ask", text, "U1", "C1", h.slack.ResponseURL("help")))
			if code != 200 || !strings.Contains(body, "/ask what did") || !strings.Contains(body, "ephemeral") {
				t.Fatalf("got %d %q; want the usage, privately", code, body)
			}
			h.settle()
			if len(rec.questions()) != 0 {
				t.Fatal("help was sent to the answerer")
			}
		})
	}
}

func TestShareAndFeedbackButtons(t *testing.T) {
	h := newHarness(t, &recorder{}, nil)
	h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("ask")))
	calls := h.slack.Wait(5*time.Second, 1, "response_url")
	id := calls[0].Values.Get("blocks")
	start := strings.Index(id, `"value":"`)
	if start < 0 {
		t.Fatalf("no button value in %s", id)
	}
	id = id[start+len(`"value":"`):]
	id = id[:strings.Index(id, `"`)]

	if code := h.click(slackfake.ButtonClick(actionVoteDown, id, "U1", "C1", h.slack.ResponseURL("vote"))); code != 200 {
		t.Fatalf("vote: %d", code)
	}
	if code := h.click(slackfake.ButtonClick(actionShare, id, "U1", "C1", h.slack.ResponseURL("share"))); code != 200 {
		t.Fatalf("share: %d", code)
	}
	h.settle()
	if !strings.Contains(h.logs.String(), "vote=down") || !strings.Contains(h.logs.String(), "question=rates?") {
		t.Errorf("feedback not logged with the question:\n%s", h.logs.String())
	}
	var shared bool
	for _, c := range h.slack.Calls("response_url") {
		if strings.HasSuffix(c.Path, "/share") && c.Values.Get("response_type") == "in_channel" && strings.Contains(c.Content, "5.25%") {
			shared = true
		}
	}
	if !shared {
		t.Error("Share in channel did not post the answer in the channel")
	}
	if got := metricValue(t, h.bot, "newsdesk_feedback_total", "vote=down"); got != 1 {
		t.Errorf("feedback metric %v, want 1", got)
	}
}

func TestMentionAnsweredInThread(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	ts := h.slack.NewTS()
	if code := h.event("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> what did the central bank do?", ts, ""), nil); code != 200 {
		t.Fatalf("status %d", code)
	}
	h.settle()
	if r := h.slack.Calls("reactions.add"); len(r) != 1 || r[0].Values.Get("timestamp") != ts || r[0].Values.Get("name") != "mag" {
		t.Errorf("want one :mag: reaction on the question, got %+v", r)
	}
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Values.Get("thread_ts") != ts || !strings.Contains(posts[0].Content, "[1] Reuters") {
		t.Fatalf("want the answer with its sources in the mention's thread, got %+v", posts)
	}
	if qs := rec.questions(); len(qs) != 1 || qs[0].Text != "what did the central bank do?" {
		t.Errorf("answerer got %+v (the mention should be stripped)", qs)
	}
}

func TestThreadFollowUp(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	root := h.slack.NewTS()
	h.slack.AddMessage(slackfake.Message{Channel: "C1", User: "U1", Text: "<@UBOT> what did the central bank do?", TS: root})
	h.event("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> what did the central bank do?", root, ""), nil)
	h.slack.Wait(5*time.Second, 1, "chat.postMessage")
	waitQuestions(t, rec, 1)
	time.Sleep(50 * time.Millisecond) // let the final update land before the follow-up

	follow := h.slack.NewTS()
	h.slack.AddMessage(slackfake.Message{Channel: "C1", User: "U1", Text: "and what about inflation?", TS: follow, ThreadTS: root})
	h.event("Ev2", slackfake.ChannelMessage("C1", "channel", "U1", "and what about inflation?", follow, root), nil)
	// A thread the bot never answered in stays quiet.
	other := h.slack.NewTS()
	h.slack.AddMessage(slackfake.Message{Channel: "C1", User: "U2", Text: "lunch?", TS: other})
	reply := h.slack.NewTS()
	h.slack.AddMessage(slackfake.Message{Channel: "C1", User: "U3", Text: "sure", TS: reply, ThreadTS: other})
	h.event("Ev3", slackfake.ChannelMessage("C1", "channel", "U3", "sure", reply, other), nil)
	time.Sleep(100 * time.Millisecond) // the probe of the unrelated thread ends
	reply2 := h.slack.NewTS()
	h.slack.AddMessage(slackfake.Message{Channel: "C1", User: "U2", Text: "noon?", TS: reply2, ThreadTS: other})
	h.event("Ev4", slackfake.ChannelMessage("C1", "channel", "U2", "noon?", reply2, other), nil)
	h.settle()

	qs := rec.questions()
	if len(qs) != 2 {
		t.Fatalf("answerer got %d questions, want 2 (the unrelated thread must stay quiet): %+v", len(qs), qs)
	}
	fq := qs[1]
	if fq.Text != "and what about inflation?" || len(fq.History) != 1 {
		t.Fatalf("follow-up %+v; want one earlier turn", fq)
	}
	if fq.History[0].Question != "what did the central bank do?" || !strings.Contains(fq.History[0].Answer, "5.25%") {
		t.Errorf("history turn %+v", fq.History[0])
	}
	for _, p := range h.slack.Calls("chat.postMessage") {
		if p.Values.Get("thread_ts") != root {
			t.Errorf("posted outside the thread: %v", p.Values)
		}
	}
}

func TestThreadRepliesOff(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, func(o *Options) { o.ThreadReplies = false })
	root := h.slack.NewTS()
	h.event("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> rates?", root, ""), nil)
	waitQuestions(t, rec, 1)
	follow := h.slack.NewTS()
	h.event("Ev2", slackfake.ChannelMessage("C1", "channel", "U1", "and inflation?", follow, root), nil)
	h.settle()
	if n := len(rec.questions()); n != 1 {
		t.Fatalf("%d questions answered, want 1 (un-mentioned replies off)", n)
	}
}

func TestDMWithHistory(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	first := h.slack.NewTS()
	h.slack.AddMessage(slackfake.Message{Channel: "D1", User: "U1", Text: "what did the central bank do?", TS: first})
	h.event("Ev1", slackfake.ChannelMessage("D1", "im", "U1", "what did the central bank do?", first, ""), nil)
	h.slack.Wait(5*time.Second, 1, "chat.postMessage")
	waitQuestions(t, rec, 1)
	time.Sleep(50 * time.Millisecond)
	second := h.slack.NewTS()
	h.slack.AddMessage(slackfake.Message{Channel: "D1", User: "U1", Text: "and inflation?", TS: second})
	h.event("Ev2", slackfake.ChannelMessage("D1", "im", "U1", "and inflation?", second, ""), nil)
	h.settle()
	qs := rec.questions()
	if len(qs) != 2 {
		t.Fatalf("%d questions, want 2", len(qs))
	}
	if len(qs[1].History) != 1 || qs[1].History[0].Question != "what did the central bank do?" {
		t.Errorf("DM follow-up history %+v", qs[1].History)
	}
	for _, p := range h.slack.Calls("chat.postMessage") {
		if p.Values.Get("channel") != "D1" || p.Values.Get("thread_ts") != "" {
			t.Errorf("DM answer went to %v", p.Values)
		}
	}
	if len(h.slack.Calls("reactions.add")) != 2 {
		t.Error("DM questions got no :mag: reaction")
	}
}

func TestRedeliveryAnsweredOnce(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	ts := h.slack.NewTS()
	ev := slackfake.Mention("C1", "U1", "<@UBOT> rates?", ts, "")
	h.event("Ev1", ev, nil)
	if code := h.event("Ev1", ev, http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}}); code != 200 {
		t.Fatalf("retry acked with %d, want 200", code)
	}
	h.event("Ev1", ev, nil) // same event_id without the header
	// The same message as a message.channels event (Slack sends both).
	h.event("Ev2", slackfake.ChannelMessage("C1", "channel", "U1", "<@UBOT> rates?", ts, ""), nil)
	h.settle()
	if n := len(rec.questions()); n != 1 {
		t.Fatalf("answered %d times, want once", n)
	}
	if n := len(h.slack.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d posts, want 1", n)
	}
}

func TestIgnoresBotsAndSubtypes(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	root := h.slack.NewTS()
	h.event("EvRoot", slackfake.Mention("C1", "U1", "<@UBOT> rates?", root, ""), nil)
	waitQuestions(t, rec, 1)
	msg := func(mut func(m map[string]any)) map[string]any {
		m := slackfake.ChannelMessage("D1", "im", "U1", "hello", h.slack.NewTS(), "")
		mut(m)
		return m
	}
	tests := []struct {
		name  string
		inner map[string]any
	}{
		{"own message in DM", msg(func(m map[string]any) { m["user"] = "UBOT" })},
		{"own bot_id", msg(func(m map[string]any) { m["bot_id"] = "BBOT" })},
		{"another bot", msg(func(m map[string]any) { m["bot_id"] = "BOTHER"; m["subtype"] = "bot_message" })},
		{"edit", msg(func(m map[string]any) {
			m["subtype"] = "message_changed"
			m["message"] = map[string]any{"type": "message", "user": "U1", "text": "edited", "ts": m["ts"]}
		})},
		{"join", msg(func(m map[string]any) {
			m["subtype"] = "channel_join"
			m["channel"] = "C1"
			m["channel_type"] = "channel"
		})},
		{"deleted", msg(func(m map[string]any) { m["subtype"] = "message_deleted" })},
		{"own message in own thread", slackfake.ChannelMessage("C1", "channel", "UBOT", "an answer", h.slack.NewTS(), root)},
		{"bot mention from a bot", func() map[string]any {
			m := slackfake.Mention("C1", "U9", "<@UBOT> hi", h.slack.NewTS(), "")
			m["bot_id"] = "BOTHER"
			return m
		}()},
	}
	for i, tt := range tests {
		if code := h.event(fmt.Sprintf("EvIgn%d", i), tt.inner, nil); code != 200 {
			t.Errorf("%s: status %d", tt.name, code)
		}
	}
	h.settle()
	if qs := rec.questions(); len(qs) != 1 {
		t.Fatalf("answered %d questions, want only the first mention: %+v", len(qs), qs[1:])
	}
}

func TestHostileAnswerIsEscapedEverywhere(t *testing.T) {
	ans := answererFunc(func(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
		if onDelta != nil {
			onDelta("<!channel> streaming <@U123> ")
			time.Sleep(60 * time.Millisecond)
			onDelta("<http://evil|click> <!here>")
			time.Sleep(60 * time.Millisecond)
		}
		return hostileAnswer(), nil
	})
	h := newHarness(t, ans, nil)
	h.command(slackfake.SlashForm("/ask", "<!everyone> what?", "U1", "C1", h.slack.ResponseURL("ask")))
	h.event("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> <!channel> what?", h.slack.NewTS(), ""), nil)
	h.event("Ev2", slackfake.ChannelMessage("D1", "im", "U1", "what?", h.slack.NewTS(), ""), nil)
	h.settle()
	calls := h.slack.Calls()
	if len(h.slack.Calls("chat.update")) < 2 || len(h.slack.Calls("response_url")) != 1 {
		t.Fatalf("expected streamed updates and a response; got %d calls", len(calls))
	}
	noUnsafe(t, calls)
}

func TestStreamingUpdatesAtBoundedRate(t *testing.T) {
	ans := answererFunc(func(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
		if onDelta == nil {
			t.Error("no onDelta for a mention")
			return normalAnswer(), nil
		}
		for i := range 50 {
			onDelta(fmt.Sprintf("word%d ", i))
			time.Sleep(2 * time.Millisecond)
		}
		return normalAnswer(), nil
	})
	h := newHarness(t, ans, func(o *Options) { o.UpdateEvery = 40 * time.Millisecond })
	h.event("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> rates?", h.slack.NewTS(), ""), nil)
	h.settle()
	posts, updates := h.slack.Calls("chat.postMessage"), h.slack.Calls("chat.update")
	if len(posts) != 1 || !strings.Contains(posts[0].Content, "word0") {
		t.Fatalf("want the first streamed text posted once, got %+v", posts)
	}
	if len(updates) < 2 || len(updates) > 10 {
		t.Fatalf("%d updates for 50 deltas over ~100ms at one per 40ms; want a few", len(updates))
	}
	last := updates[len(updates)-1]
	if !strings.Contains(last.Content, "[1] Reuters") || strings.Contains(last.Content, "word") {
		t.Errorf("the last update should settle the answer with its sources: %s", last.Content)
	}
}

func TestErrorGetsApology(t *testing.T) {
	ans := answererFunc(func(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
		return news.Answer{}, errors.New("index is not loaded")
	})
	h := newHarness(t, ans, nil)
	h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("ask")))
	h.event("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> rates?", h.slack.NewTS(), ""), nil)
	h.settle()
	const apology = "Sorry, something went wrong while answering; it is logged"
	if !contentHas(h.slack.Calls("response_url"), apology) {
		t.Error("no apology on the response_url")
	}
	if !contentHas(h.slack.Calls("chat.postMessage"), apology) {
		t.Error("the mention got no apology")
	}
	if contentHas(h.slack.Calls(), "index is not loaded") {
		t.Error("the error's detail reached Slack; it belongs in the log only")
	}
	if !strings.Contains(h.logs.String(), "index is not loaded") {
		t.Error("the error's detail is not in the log")
	}
}

// askConcurrently sends n /ask commands at once from n users and returns the
// acknowledgement and answer latencies; it fails unless each is acknowledged
// and answered once.
func waitQuestions(t *testing.T, r *recorder, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(r.questions()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("answerer got %d questions, want %d", len(r.questions()), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// metricValue reads a counter from the bot's registry; label is "name=value"
// or "" for the first series.
func metricValue(t *testing.T, b *Bot, name, label string) float64 {
	t.Helper()
	mfs, err := b.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if label == "" || l.GetName()+"="+l.GetValue() == label {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// percentile returns the p-th percentile of ds (nearest rank).
