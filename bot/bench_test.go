package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/slackfake"
)

// BenchmarkAck measures the acknowledgement of a signed /ask over HTTP: read,
// verify, parse, rate-limit and queue (the answer itself runs afterwards).
func BenchmarkAck(b *testing.B) {
	fake := slackfake.New()
	defer fake.Close()
	opt := DefaultOptions()
	opt.SigningSecret, opt.RatePerMinute, opt.QueueSize = testSecret, 0, b.N+1
	ans := answererFunc(func(ctx context.Context, q news.Question, onDelta func(string)) (news.Answer, error) {
		return normalAnswer(), nil
	})
	bot, err := New(NewClient("xoxb-x", fake.APIURL(), nil), ans, nil, opt)
	if err != nil {
		b.Fatal(err)
	}
	if err := bot.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(bot.Handler())
	defer srv.Close()
	form := []byte(slackfake.SlashForm("/ask", "what did the central bank do?", "U1", "C1", fake.ResponseURL("bench")).Encode())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := slackfake.SignedRequest(testSecret, srv.URL+"/slack/commands", "application/x-www-form-urlencoded", form, time.Now())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatal(fmt.Sprint("status ", resp.StatusCode))
		}
	}
	b.StopTimer()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_ = bot.Shutdown(ctx)
}
