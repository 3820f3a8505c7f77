package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/bot/state"
	"newsdesk/internal/news"
)

// User-facing sentences for questions that are turned away.
const (
	msgBusy        = "I'm busy answering other questions; try again in a minute."
	msgRateLimited = "You're asking faster than I can keep up; please wait a minute before the next question."
	msgShutdown    = "I'm restarting; please ask again in a minute."
	msgSearching   = ":mag: Searching the news…"
	msgNoState     = "I can't take questions for a moment (my memory of what I've answered is unavailable); please try again in a minute."
)

// msgTooLong turns away a question over Options.MaxQuestionChars.
func msgTooLong(n, limit int) string {
	return fmt.Sprintf("That question is too long for me (%s characters; I take up to %s). Please ask it in fewer words.", thousands(n), thousands(limit))
}

// thousands formats n as 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// admit applies the per-user rate limit and queues the question's job. It
// returns "" when queued, or the polite sentence to send instead.
func (b *Bot) admit(q *question) string {
	if !b.Ready() {
		return msgShutdown
	}
	if n := utf8.RuneCountInString(q.text); b.opt.MaxQuestionChars > 0 && n > b.opt.MaxQuestionChars {
		b.metrics.rejected.WithLabelValues("too_long").Inc()
		return msgTooLong(n, b.opt.MaxQuestionChars)
	}
	if !q.probe {
		b.metrics.questions.WithLabelValues(q.transport, q.kind).Inc()
		if !b.limits.allow(q.user) {
			b.metrics.rejected.WithLabelValues("rate_limited").Inc()
			return msgRateLimited
		}
	}
	switch err := b.pool.submit(b.answerJob(q)); {
	case errors.Is(err, errBusy):
		b.metrics.rejected.WithLabelValues("busy").Inc()
		return msgBusy
	case err != nil:
		return msgShutdown
	}
	return ""
}

// enqueue queues an event's question; a turned-away question gets its polite
// sentence in Slack, a queued one a :mag: reaction at once.
func (b *Bot) enqueue(q *question) {
	if msg := b.admit(q); msg != "" {
		if !q.probe { // an un-addressed thread reply gets no word from us
			b.notify(q, msg)
		}
		return
	}
	if q.threadTS != "" && !q.probe {
		// Replies in this thread are follow-ups from now on, even before the
		// answer is posted. (A probe's thread counts once the bot answers.)
		b.threads.add(threadKey(q.channel, q.threadTS))
	}
	if !q.probe {
		b.react(q)
	}
}

// react puts :mag: on the question at once: the visible sign that the bot is
// on it (the answer follows in the thread or DM).
func (b *Bot) react(q *question) {
	if q.ts == "" {
		return
	}
	b.goTracked(func(ctx context.Context) {
		if err := b.api.AddReactionContext(ctx, "mag", slackItem(q.channel, q.ts)); err != nil {
			b.slackError("reactions.add", err)
		}
	})
}

// answerJob answers q: it gathers the conversation's history, shows a
// placeholder (events), streams the answer into it and settles the sources.
func (b *Bot) answerJob(q *question) job {
	return func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		defer cancel()
		var out *output
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("answer panicked", "panic", fmt.Sprint(r), "kind", q.kind, "stack", string(debug.Stack()))
				b.metrics.errors.Inc()
				if out != nil { // never silent: the placeholder becomes an apology
					out.fail(ctx, apology(ctx, errPanic, "answering"))
				}
			}
		}()
		history, botInThread := b.history(ctx, q)
		if q.probe {
			if !botInThread {
				return // a thread the bot has not answered in: not addressed to it
			}
			b.metrics.questions.WithLabelValues(q.transport, q.kind).Inc()
			if !b.limits.allow(q.user) {
				b.metrics.rejected.WithLabelValues("rate_limited").Inc()
				b.notify(q, msgRateLimited)
				return
			}
			b.react(q)
		}
		out = b.newOutput(ctx, q)
		date := q.arrived
		if !b.opt.AskDate.IsZero() {
			date = b.opt.AskDate
		}
		a, err := b.answers.Answer(ctx, news.Question{Text: q.text, Date: date, History: history}, out.delta())
		if err != nil {
			b.metrics.errors.Inc()
			b.log.Error("answer failed", "kind", q.kind, "user", q.user, "channel", q.channel, "err", err)
			out.fail(ctx, apology(ctx, err, "answering"))
			return
		}
		id := newID()
		b.saveAnswer(id, state.SavedAnswer{Question: q.text, Answer: a, User: q.user})
		out.finish(ctx, a, id)
		if q.threadTS != "" {
			b.threads.add(threadKey(q.channel, q.threadTS))
		}
		if a.Refused {
			b.metrics.refusals.Inc()
		}
		if a.Note != "" {
			b.metrics.fallbacks.Inc()
		}
		elapsed := b.opt.Now().Sub(q.arrived)
		b.metrics.latency.Observe(elapsed.Seconds())
		b.log.Info("answered", "kind", q.kind, "transport", q.transport, "user", q.user, "channel", q.channel,
			"answer_id", id, "refused", a.Refused, "citations", len(a.Citations), "note", a.Note, "seconds", elapsed.Seconds())
	}
}

var errPanic = errors.New("panic")

// apology is the one line a user sees when doing (e.g. "answering") failed:
// what happened in the user's terms. The error itself goes only to the log.
func apology(ctx context.Context, err error, doing string) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return ":warning: Sorry, that took too long and I gave up; please try again in a moment."
	case errors.Is(err, context.Canceled):
		return ":warning: Sorry, I was restarting and could not finish; please ask again."
	}
	return ":warning: Sorry, something went wrong while " + doing + "; it is logged and someone can look into it."
}

// goTracked runs f in a goroutine that Shutdown waits for; once Shutdown has
// begun, it runs f in the caller's goroutine instead.
func (b *Bot) goTracked(f func(ctx context.Context)) {
	run := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("slack call panicked", "panic", fmt.Sprint(r))
			}
		}()
		f(ctx)
	}
	b.mu.Lock()
	stopping := b.stopping
	if !stopping {
		b.inflight.Add(1)
	}
	b.mu.Unlock()
	if stopping {
		run()
		return
	}
	go func() {
		defer b.inflight.Done()
		run()
	}()
}

func (b *Bot) slackError(method string, err error) {
	b.metrics.slackErrors.WithLabelValues(method).Inc()
	b.log.Warn("slack call failed", "method", method, "err", err)
}

func newID() string {
	var p [8]byte
	_, _ = rand.Read(p[:])
	return hex.EncodeToString(p[:])
}

// usage explains /ask.
func (b *Bot) usage() string {
	var s strings.Builder
	fmt.Fprintf(&s, "*Ask me about the news in the corpus.* I answer with numbered sources.\n")
	fmt.Fprintf(&s, "• `%s what did the central bank decide on rates?`\n", b.opt.AskCommand)
	fmt.Fprintf(&s, "• Mention me in a channel and I'll answer in the thread; reply there to follow up.\n")
	fmt.Fprintf(&s, "• Send me a DM: every message is a question.\n")
	fmt.Fprintf(&s, "• `%s [24h|3d]` shows what's new.", b.opt.DigestCommand)
	return s.String()
}
