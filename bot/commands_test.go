package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"newsdesk/internal/news"
	"newsdesk/internal/slackfake"
)

type digesterFunc func(ctx context.Context, since time.Time) (news.Digest, error)

func (f digesterFunc) Digest(ctx context.Context, since time.Time) (news.Digest, error) {
	return f(ctx, since)
}

func TestDigestCommand(t *testing.T) {
	var asked []time.Duration
	dig := digesterFunc(func(ctx context.Context, since time.Time) (news.Digest, error) {
		asked = append(asked, time.Since(since).Round(time.Hour))
		return sampleDigest(), nil
	})
	fake := slackfake.New()
	defer fake.Close()
	opt := DefaultOptions()
	opt.SigningSecret = testSecret
	b, err := New(NewClient("xoxb-x", fake.APIURL(), nil), &recorder{}, dig, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text, wantAck string
		wantSince           time.Duration
	}{
		{"default period", "", "Gathering the digest", 24 * time.Hour},
		{"days", "3d", "Gathering the digest", 72 * time.Hour},
		{"hours", "36h", "Gathering the digest", 36 * time.Hour},
		{"bad period", "yesterday", "Usage: /digest", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked = nil
			before := len(fake.Calls("response_url"))
			reply := b.onCommand("http", slackCommand("/digest", tt.text, fake.ResponseURL(tt.name)))
			if reply == nil || !strings.Contains(reply.Text, tt.wantAck) {
				t.Fatalf("ack %+v, want %q", reply, tt.wantAck)
			}
			if tt.wantSince == 0 {
				return
			}
			calls := fake.Wait(5*time.Second, before+1, "response_url")
			if len(calls) != before+1 || !strings.Contains(calls[before].Content, "Central bank holds rates") {
				t.Fatalf("digest not posted: %+v", calls)
			}
			noUnsafe(t, calls)
			if len(asked) != 1 || asked[0] != tt.wantSince {
				t.Errorf("digest since %v ago, want %v", asked, tt.wantSince)
			}
		})
	}
	_ = b.Shutdown(context.Background())

	none, _ := New(NewClient("xoxb-x", fake.APIURL(), nil), &recorder{}, nil, opt)
	if reply := none.onCommand("http", slackCommand("/digest", "", fake.ResponseURL("x"))); !strings.Contains(reply.Text, "not set up") {
		t.Errorf("without a digester: %q", reply.Text)
	}
	if reply := none.onCommand("http", slackCommand("/frobnicate", "", fake.ResponseURL("x"))); !strings.Contains(reply.Text, "don't know the command") {
		t.Errorf("unknown command: %q", reply.Text)
	}
}

func TestAskInChannel(t *testing.T) {
	h := newHarness(t, &recorder{}, func(o *Options) { o.AskVisibility = "in_channel"; o.AskCommand = "/news" })
	_, ack := h.command(slackfake.SlashForm("/news", "rates?", "U1", "C1", h.slack.ResponseURL("a")))
	if !strings.Contains(ack, "Searching") {
		t.Fatalf("ack %q", ack)
	}
	calls := h.slack.Wait(5*time.Second, 1, "response_url")
	if len(calls) != 1 || calls[0].Values.Get("response_type") != "in_channel" || strings.Contains(calls[0].Content, "Share in channel") {
		t.Fatalf("want an in-channel answer without a Share button: %+v", calls)
	}
}

func slackCommand(command, text, responseURL string) (c slack.SlashCommand) {
	f := slackfake.SlashForm(command, text, "U1", "C1", responseURL)
	c.Command, c.Text, c.UserID, c.ChannelID, c.ResponseURL = f.Get("command"), f.Get("text"), f.Get("user_id"), f.Get("channel_id"), f.Get("response_url")
	return c
}
