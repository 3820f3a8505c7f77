package llm

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/openaifake"
	"newsdesk/internal/openairetry"
)

func TestAnswerStreamDeltas(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   string
	}{
		{"markers split across chunks", []string{"Qatar brok", "ered the talks [", "1", ", 7", "]. Egypt", " took part [2", "]."},
			"Qatar brokered the talks [1]. Egypt took part [2]."},
		{"invalid marker at a chunk edge", []string{"Qatar brokered it ", "[7]", ". Egypt took part [2]."},
			"Qatar brokered it. Egypt took part [2]."},
		{"a bracket that is no marker", []string{"He said [sic", "] it was over [1]."},
			"He said [sic] it was over [1]."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := openaifake.New(t)
			fake.QueueChat(openaifake.Reply{Chunks: tc.chunks})
			c := newTestChat(t, fake, nil)
			var deltas []string
			got, err := c.Answer(context.Background(), "Who?", nil, testSources(), news.Asked{}, func(d string) { deltas = append(deltas, d) })
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != tc.want {
				t.Fatalf("text %q, want %q", got.Text, tc.want)
			}
			if joined := strings.Join(deltas, ""); joined != got.Text {
				t.Errorf("deltas %q join to %q, want %q", deltas, joined, got.Text)
			}
			if len(deltas) < 2 {
				t.Errorf("got %d deltas, want the text in pieces", len(deltas))
			}
			for _, d := range deltas {
				if strings.Contains(d, "7") || strings.HasSuffix(d, "[") {
					t.Errorf("delta %q shows an invalid or half marker", d)
				}
			}
		})
	}
}

func TestAnswerStreamCut(t *testing.T) {
	tests := []struct {
		name  string
		reply openaifake.Reply
		want  openairetry.Kind
	}{
		{"ended without finish", openaifake.Reply{Content: "Qatar brokered the talks [1]. Egypt took part [2].", CutAfter: 3}, openairetry.KindStreamCut},
		{"connection dropped", openaifake.Reply{Content: "Qatar brokered the talks [1]. Egypt took part [2].", CutAfter: 3, Abort: true}, openairetry.KindStreamCut},
		{"stalled past the deadline", openaifake.Reply{Content: "Qatar brokered the talks [1].", ChunkDelay: 100 * time.Millisecond}, openairetry.KindTimeout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := openaifake.New(t)
			fake.QueueChat(tc.reply, tc.reply)
			c := newTestChat(t, fake, func(o *Options) { o.Timeout = 250 * time.Millisecond })
			var deltas []string
			got, err := c.Answer(context.Background(), "Who?", nil, testSources(), news.Asked{}, func(d string) { deltas = append(deltas, d) })
			if llmKind(err) != tc.want {
				t.Fatalf("err = %v, want kind %q", err, tc.want)
			}
			if got != (news.Generated{}) {
				t.Errorf("got %+v with the error", got)
			}
			if len(deltas) == 0 {
				t.Errorf("no deltas before the cut; the test does not test a mid-stream failure")
			}
			if n := fake.Count("chat/completions"); n != 1 {
				t.Errorf("made %d requests; a stream that has started must not be retried", n)
			}
		})
	}
}

func TestAnswerPlainCutBody(t *testing.T) {
	fake := openaifake.New(t)
	fake.QueueChat(openaifake.Reply{Body: `{"choices": [{"index": 0, "message": {"role": "assistant", "content": "Qatar bro`})
	c := newTestChat(t, fake, func(o *Options) { o.Stream = false })
	if _, err := c.Answer(context.Background(), "Who?", nil, testSources(), news.Asked{}, nil); llmKind(err) != openairetry.KindMalformed {
		t.Fatalf("err = %v, want a malformed *openairetry.Error", err)
	}
}
