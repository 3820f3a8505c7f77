package bot

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"newsdesk/internal/news"
)

// output is where one question's answer goes: the channel, thread or DM of
// an event (the answer streams into a message there as it is generated), or
// the slash command's response_url.
type output struct {
	b      *Bot
	q      *question
	stream *streamer // events only
}

// newOutput prepares the answer's destination. For events nothing is posted
// yet: the :mag: reaction is the immediate feedback, and a message appears
// with the first streamed text or the finished answer.
func (b *Bot) newOutput(ctx context.Context, q *question) *output {
	o := &output{b: b, q: q}
	if q.responseURL == "" {
		o.stream = b.startStream(ctx, q.channel, q.threadTS)
	}
	return o
}

// delta is the Answerer's onDelta: nil when there is nothing to stream into.
func (o *output) delta() func(string) {
	if o.stream == nil {
		return nil
	}
	return o.stream.add
}

// finish posts the formatted answer: it replaces the streamed message (and
// adds messages in the thread when the answer is split), or goes to the
// response_url.
func (o *output) finish(ctx context.Context, a news.Answer, id string) {
	share := o.q.kind == kindCommand && o.b.opt.AskVisibility == "ephemeral"
	o.send(ctx, AnswerMessages(a, AnswerOptions{ID: id, Share: share}))
}

// fail posts a one-line apology instead of the answer.
func (o *output) fail(ctx context.Context, text string) {
	o.send(ctx, []Message{{Text: text, Blocks: []slack.Block{section(text)}}})
}

func (o *output) send(ctx context.Context, msgs []Message) {
	b, q := o.b, o.q
	// The answer goes out even when the question's own time ran out.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if q.responseURL != "" {
		for _, m := range msgs {
			if err := b.respond(ctx, q.responseURL, responseMessage{ResponseType: b.opt.AskVisibility, Text: m.Text, Blocks: m.Blocks}); err != nil {
				b.slackError("response_url", err)
			}
		}
		return
	}
	streamed := ""
	if o.stream != nil {
		streamed = o.stream.stop()
	}
	for i, m := range msgs {
		if i == 0 && streamed != "" {
			if err := b.update(ctx, q.channel, streamed, m); err == nil {
				continue
			}
		}
		if _, err := b.post(ctx, q.channel, q.threadTS, m); err != nil {
			b.slackError("chat.postMessage", err)
		}
	}
}

// notify tells the asker something short (busy, rate limited): in a DM as a
// message, elsewhere as an ephemeral message only they see.
func (b *Bot) notify(q *question, text string) {
	b.goTracked(func(ctx context.Context) {
		if q.kind == kindDM {
			if _, err := b.post(ctx, q.channel, q.threadTS, Message{Text: text}); err != nil {
				b.slackError("chat.postMessage", err)
			}
			return
		}
		opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
		if q.threadTS != "" {
			opts = append(opts, slack.MsgOptionTS(q.threadTS))
		}
		if _, err := b.api.PostEphemeralContext(ctx, q.channel, q.user, opts...); err != nil {
			b.slackError("chat.postEphemeral", err)
		}
	})
}

func msgOptions(m Message) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false), slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl()}
	if len(m.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	return opts
}

// post sends m to channel (in threadTS's thread when set) and returns its ts.
func (b *Bot) post(ctx context.Context, channel, threadTS string, m Message) (string, error) {
	opts := msgOptions(m)
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	_, ts, err := b.api.PostMessageContext(ctx, channel, opts...)
	return ts, err
}

func (b *Bot) update(ctx context.Context, channel, ts string, m Message) error {
	_, _, _, err := b.api.UpdateMessageContext(ctx, channel, ts, msgOptions(m)...)
	if err != nil {
		b.slackError("chat.update", err)
	}
	return err
}

func slackItem(channel, ts string) slack.ItemRef { return slack.NewRefToMessage(channel, ts) }

// streamer shows an answer as it is generated: the first text is posted
// (in the thread) and then edited, at most once every Options.UpdateEvery.
type streamer struct {
	mu     sync.Mutex
	text   strings.Builder
	dirty  bool
	ts     string // the streamed message, once posted
	done   chan struct{}
	exited chan struct{}
	once   sync.Once
}

func (b *Bot) startStream(ctx context.Context, channel, threadTS string) *streamer {
	s := &streamer{done: make(chan struct{}), exited: make(chan struct{})}
	go func() {
		defer close(s.exited)
		t := time.NewTicker(b.opt.UpdateEvery)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			s.mu.Lock()
			text, dirty := s.text.String(), s.dirty
			s.dirty = false
			s.mu.Unlock()
			if !dirty || strings.TrimSpace(text) == "" {
				continue
			}
			part := truncate(Mrkdwn(text), maxSectionChars-2) + " …"
			m := Message{Text: part, Blocks: []slack.Block{section(part)}}
			if s.ts == "" {
				ts, err := b.post(ctx, channel, threadTS, m)
				if err != nil {
					b.slackError("chat.postMessage", err)
				}
				s.ts = ts
				continue
			}
			_ = b.update(ctx, channel, s.ts, m)
		}
	}()
	return s
}

// add appends generated text; it is the Answerer's onDelta.
func (s *streamer) add(delta string) {
	s.mu.Lock()
	s.text.WriteString(delta)
	s.dirty = true
	s.mu.Unlock()
}

// stop ends the updates, waits for one in progress and returns the streamed
// message's ts ("" when nothing was posted).
func (s *streamer) stop() string {
	s.once.Do(func() { close(s.done) })
	<-s.exited
	return s.ts
}
