package bot

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/slackfake"
)

func TestSlackRateLimitAndServerErrorsRetried(t *testing.T) {
	h := newHarness(t, &recorder{}, nil)
	h.slack.Fail("chat.postMessage", http.StatusTooManyRequests, 1, 1)
	h.slack.Fail("chat.postMessage", http.StatusInternalServerError, 0, 1)
	h.slack.Fail("response_url", http.StatusInternalServerError, 0, 1)
	h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("ask")))
	h.event("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> rates?", h.slack.NewTS(), ""), nil)
	h.settle()
	posts := h.slack.Calls("chat.postMessage")
	if len(posts) != 3 || posts[1].At.Sub(posts[0].At) < 900*time.Millisecond {
		t.Errorf("postMessage: %d calls; want a retry after Retry-After (1 s), then one after the 500", len(posts))
	}
	if !contentHas(posts[len(posts)-1:], "[1] Reuters") {
		t.Error("the answer was not posted after a 429 and a 500")
	}
	if n := len(h.slack.Calls("response_url")); n != 2 {
		t.Errorf("response_url: %d calls, want 2 (one 500, one retry)", n)
	}
}

func TestRateLimitAndBusy(t *testing.T) {
	release := make(chan struct{})
	ans := answererFunc(func(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
		<-release
		return normalAnswer(), nil
	})
	h := newHarness(t, ans, func(o *Options) { o.RatePerMinute = 2; o.Workers = 1; o.QueueSize = 1 })
	var bodies []string
	for i, user := range []string{"U1", "U1", "U1", "U2", "U3"} {
		_, body := h.command(slackfake.SlashForm("/ask", fmt.Sprintf("q%d", i), user, "C1", h.slack.ResponseURL(fmt.Sprint(i))))
		bodies = append(bodies, body)
		if i == 0 {
			time.Sleep(50 * time.Millisecond) // the worker picks up the first question
		}
	}
	// U1: q0 running, q1 queued, q2 rate limited; U2: queue full → busy.
	if !strings.Contains(bodies[2], "faster than I can keep up") {
		t.Errorf("third question from one user: %q; want the rate-limit message", bodies[2])
	}
	if !strings.Contains(bodies[3], "busy") || !strings.Contains(bodies[4], "try again in a minute") {
		t.Errorf("with the queue full: %q / %q; want busy", bodies[3], bodies[4])
	}
	close(release)
	h.settle()
	if n := len(h.slack.Calls("response_url")); n != 2 {
		t.Errorf("%d answers, want 2", n)
	}
}

func TestAllowList(t *testing.T) {
	rec := &recorder{}
	h := newHarness(t, rec, func(o *Options) { o.AllowChannels = []string{"C1"} })
	_, body := h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C2", h.slack.ResponseURL("a")))
	h.event("Ev1", slackfake.Mention("C2", "U1", "<@UBOT> rates?", h.slack.NewTS(), ""), nil)
	h.event("Ev2", slackfake.Mention("C1", "U1", "<@UBOT> rates?", h.slack.NewTS(), ""), nil)
	h.event("Ev3", slackfake.ChannelMessage("D1", "im", "U1", "rates?", h.slack.NewTS(), ""), nil)
	h.settle()
	if !strings.Contains(body, "not enabled in this channel") {
		t.Errorf("command in C2: %q", body)
	}
	if n := len(rec.questions()); n != 2 {
		t.Errorf("%d answered, want 2 (C1 and the DM)", n)
	}
	if len(h.slack.Calls("chat.postEphemeral")) != 1 {
		t.Error("the mention in C2 got no explanation")
	}
}

func TestShutdownFinishesInFlight(t *testing.T) {
	started := make(chan struct{}, 10)
	ans := answererFunc(func(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
		started <- struct{}{}
		time.Sleep(200 * time.Millisecond)
		return normalAnswer(), nil
	})
	h := newHarness(t, ans, func(o *Options) { o.Workers = 2 })
	for i := range 3 {
		h.command(slackfake.SlashForm("/ask", "rates?", fmt.Sprint("U", i), "C1", h.slack.ResponseURL(fmt.Sprint(i))))
	}
	<-started
	h.settle()
	if n := len(h.slack.Calls("response_url")); n != 3 {
		t.Fatalf("%d answers after shutdown, want all 3", n)
	}
	_, body := h.command(slackfake.SlashForm("/ask", "late?", "U9", "C1", h.slack.ResponseURL("late")))
	if !strings.Contains(body, "restarting") {
		t.Errorf("a question after shutdown got %q", body)
	}
}

func TestFiftyConcurrentAsks(t *testing.T) {
	ans := answererFunc(func(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
		time.Sleep(5 * time.Millisecond)
		return normalAnswer(), nil
	})
	h := newHarness(t, ans, nil)
	acks, answers := askConcurrently(t, h, 50)
	t.Logf("50 concurrent /ask: ack p50 %v p99 %v; answer p50 %v p99 %v",
		percentile(acks, 50), percentile(acks, 99), percentile(answers, 50), percentile(answers, 99))
}

func askConcurrently(t testing.TB, h *harness, n int) (acks, answers []time.Duration) {
	var wg sync.WaitGroup
	start := make([]time.Time, n)
	acks = make([]time.Duration, n)
	for i := range n {
		wg.Go(func() {
			start[i] = time.Now()
			code, body := h.command(slackfake.SlashForm("/ask", "what did the central bank do?", fmt.Sprintf("U%03d", i), "C1", h.slack.ResponseURL(fmt.Sprint("q", i))))
			acks[i] = time.Since(start[i])
			if code != 200 || !strings.Contains(body, "Searching") {
				t.Errorf("ask %d: %d %q", i, code, body)
			}
		})
	}
	wg.Wait()
	calls := h.slack.Wait(60*time.Second, n, "response_url")
	seen := map[string]bool{}
	for _, c := range calls {
		if seen[c.Path] {
			t.Errorf("%s answered twice", c.Path)
		}
		seen[c.Path] = true
		var i int
		fmt.Sscanf(c.Path[strings.LastIndex(c.Path, "/q")+2:], "%d", &i)
		answers = append(answers, c.At.Sub(start[i]))
	}
	if len(calls) != n {
		t.Fatalf("%d of %d questions answered", len(calls), n)
	}
	return acks, answers
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

func TestPanicGetsApology(t *testing.T) {
	ans := answererFunc(func(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
		panic("answerer bug")
	})
	h := newHarness(t, ans, nil)
	h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("ask")))
	h.event("Ev1", slackfake.Mention("C1", "U1", "<@UBOT> rates?", h.slack.NewTS(), ""), nil)
	h.settle()
	if !contentHas(h.slack.Calls("response_url"), "something went wrong") || !contentHas(h.slack.Calls("chat.postMessage"), "something went wrong") {
		t.Fatal("a panicking answer left the user without a word")
	}
	if contentHas(h.slack.Calls(), "answerer bug") {
		t.Error("the panic's detail reached Slack")
	}
	if _, err := http.Get(h.srv.URL + "/healthz"); err != nil {
		t.Fatalf("server died: %v", err)
	}
}

func TestAskDate(t *testing.T) {
	day := time.Date(2024, 1, 26, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name    string
		askDate time.Time
		want    func(time.Time) bool
	}{
		{"now by default", time.Time{}, func(d time.Time) bool { return time.Since(d) < time.Minute }},
		{"fixed by --date", day, func(d time.Time) bool { return d.Equal(day) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			h := newHarness(t, rec, func(o *Options) { o.AskDate = tt.askDate })
			h.command(slackfake.SlashForm("/ask", "rates?", "U1", "C1", h.slack.ResponseURL("a")))
			h.settle()
			if qs := rec.questions(); len(qs) != 1 || !tt.want(qs[0].Date) {
				t.Fatalf("questions %+v", qs)
			}
		})
	}
}
