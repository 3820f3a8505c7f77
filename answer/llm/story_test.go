package llm

import (
	"context"
	"errors"
	"strings"
	"testing"

	"newsdesk/internal/openaifake"
	"newsdesk/internal/openairetry"
)

func TestSummarizeStory(t *testing.T) {
	tests := []struct {
		name         string
		reply        string
		headline     string
		summary      string
		wantKind     openairetry.Kind
		wantUncited  bool
		emptySources bool
	}{
		{name: "normal", reply: "HEADLINE: Qatar brokers Gaza talks\nSUMMARY: Qatar brokered the talks [1]. Egypt took part [2].",
			headline: "Qatar brokers Gaza talks", summary: "Qatar brokered the talks [1]. Egypt took part [2]."},
		{name: "bold labels, markers in headline, bad marker", reply: "**HEADLINE:** \"Talks resume [1]\"\n**SUMMARY:**\nQatar brokered the talks [1, 9].\nEgypt took part [2].",
			headline: "Talks resume", summary: "Qatar brokered the talks [1]. Egypt took part [2]."},
		{name: "no headline", reply: "Qatar brokered the talks [1].", wantKind: openairetry.KindMalformed},
		{name: "uncited summary", reply: "HEADLINE: Talks\nSUMMARY: Qatar brokered the talks.", wantKind: openairetry.KindUncited, wantUncited: true},
		{name: "no sources", emptySources: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := openaifake.New(t)
			fake.QueueChat(openaifake.Reply{Content: tc.reply})
			c := newTestChat(t, fake, nil)
			sources := testSources()
			if tc.emptySources {
				sources = nil
			}
			headline, summary, err := c.SummarizeStory(context.Background(), sources)
			switch {
			case tc.emptySources:
				if err == nil {
					t.Fatal("want an error for no sources")
				}
				return
			case tc.wantKind != "":
				if llmKind(err) != tc.wantKind {
					t.Fatalf("err = %v, want kind %q", err, tc.wantKind)
				}
				if tc.wantUncited && !errors.Is(err, ErrUncited) {
					t.Errorf("err = %v, want ErrUncited", err)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if headline != tc.headline || summary != tc.summary {
				t.Errorf("got %q / %q, want %q / %q", headline, summary, tc.headline, tc.summary)
			}
			if sys := fake.Requests()[0].System(); !strings.Contains(sys, "HEADLINE:") || !strings.Contains(sys, "untrusted data") {
				t.Errorf("digest system prompt lacks its form or the untrusted rule:\n%s", sys)
			}
		})
	}
}
