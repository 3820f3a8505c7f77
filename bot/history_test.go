package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"newsdesk/internal/news"
	"newsdesk/internal/slackfake"
)

func TestTrimTurnsKeepsNewest(t *testing.T) {
	turns := []news.Turn{
		{Question: strings.Repeat("a", 50), Answer: strings.Repeat("A", 50)},
		{Question: strings.Repeat("b", 50), Answer: strings.Repeat("B", 50)},
		{Question: strings.Repeat("c", 50), Answer: strings.Repeat("C", 50)},
	}
	tests := []struct {
		name   string
		budget int
		first  string // first kept question's letter; "" for none
		n      int
	}{
		{"all fit", 1000, "a", 3},
		{"two newest", 250, "b", 2},
		{"newest only", 100, "c", 1},
		{"none", 99, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := trimTurns(turns, tt.budget)
			if len(got) != tt.n || (tt.n > 0 && got[0].Question[:1] != tt.first) {
				t.Fatalf("kept %d turns starting %v; want %d starting %q", len(got), got, tt.n, tt.first)
			}
		})
	}
}

func TestTurnsPairsQuestionsAndAnswers(t *testing.T) {
	b := &Bot{botUserID: "UBOT", botID: "BBOT", opt: Options{HistoryChars: 4000}}
	msgs := []slack.Message{
		msg("U1", "", "1.1", "<@UBOT> who leads the talks?"),
		msg("UBOT", "BBOT", "1.2", "Burns leads them [1] &amp; more.\n[1] AP — <https://ap.example/x?a=1&amp;b=2|Talks &lt;live&gt;>"),
		msg("U2", "", "1.3", "interesting"),
		msg("U1", "", "1.4", "and Qatar?"),
		msg("UBOT", "BBOT", "1.5", "The answer being writ …"), // streamed after the question
		msg("U1", "", "1.6", "later message"),
	}
	turns, botIn := b.turns(msgs, "1.4")
	if !botIn {
		t.Error("the bot's answer in the thread was not noticed")
	}
	want := []news.Turn{{Question: "who leads the talks?", Answer: "Burns leads them [1] & more.\n[1] AP — Talks <live>"}, {Question: "interesting"}}
	if len(turns) != len(want) {
		t.Fatalf("turns %+v, want %+v", turns, want)
	}
	for i := range want {
		if turns[i] != want[i] {
			t.Errorf("turn %d = %+v, want %+v", i, turns[i], want[i])
		}
	}
}

func msg(user, botID, ts, text string) slack.Message {
	var m slack.Message
	m.User, m.BotID, m.Timestamp, m.Text = user, botID, ts, text
	return m
}

// TestFollowUpAfterRestart answers an un-mentioned reply in a thread the bot
// answered in before a restart: conversations.replies shows its answer.
func TestFollowUpAfterRestart(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, nil)
	root := h.slack.NewTS()
	h.slack.AddMessage(slackfake.Message{Channel: "C1", User: "U1", Text: "<@UBOT> who leads the talks?", TS: root})
	h.slack.AddMessage(slackfake.Message{Channel: "C1", User: "UBOT", BotID: "BBOT", Text: "Burns [1].", TS: h.slack.NewTS(), ThreadTS: root})
	follow := h.slack.NewTS()
	h.slack.AddMessage(slackfake.Message{Channel: "C1", User: "U1", Text: "and Qatar?", TS: follow, ThreadTS: root})
	h.event("Ev1", slackfake.ChannelMessage("C1", "channel", "U1", "and Qatar?", follow, root), nil)
	waitQuestions(t, rec, 1)
	h.settle()
	q := rec.questions()[0]
	if q.Text != "and Qatar?" || len(q.History) != 1 || q.History[0].Answer != "Burns [1]." {
		t.Fatalf("question %+v", q)
	}
	if len(h.slack.Calls("conversations.replies")) == 0 {
		t.Error("thread history was not read")
	}
}
