package bot

import (
	"context"

	"newsdesk/bot/state"
)

// firstSeen records a delivery's identity (an event ID, a message, a slash
// command's trigger) in the state and reports whether it is the first
// sighting. An error means the state could not say; callers decide whether
// to have Slack redeliver.
func (b *Bot) firstSeen(key string) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), stateWait)
	defer cancel()
	first, err := b.state.FirstSeen(ctx, key, b.opt.Now(), seenTTL)
	if err != nil {
		b.metrics.stateErrors.Inc()
		b.log.Error("serve state unavailable: cannot tell whether a Slack delivery is new", "key", key, "err", err)
	}
	return first, err
}

// firstMessage is firstSeen for a message (channel and ts), which Slack may
// deliver as both app_mention and message: on a state error the message is
// answered (its event ID was new).
func (b *Bot) firstMessage(channel, ts string) bool {
	first, err := b.firstSeen("msg:" + channel + ":" + ts)
	if err != nil {
		return true
	}
	if !first {
		b.metrics.dropped.WithLabelValues("duplicate").Inc()
	}
	return first
}

// saveAnswer keeps an answer for its buttons; a failure is logged (the
// buttons then say the answer expired).
func (b *Bot) saveAnswer(id string, a state.SavedAnswer) {
	ctx, cancel := context.WithTimeout(context.Background(), stateWait)
	defer cancel()
	if err := b.state.SaveAnswer(ctx, id, a, b.opt.Now(), answerTTL); err != nil {
		b.metrics.stateErrors.Inc()
		b.log.Error("serve state: answer not saved for its buttons", "answer_id", id, "err", err)
	}
}

func (b *Bot) loadAnswer(id string) (state.SavedAnswer, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), stateWait)
	defer cancel()
	a, ok, err := b.state.LoadAnswer(ctx, id, b.opt.Now())
	if err != nil {
		b.metrics.stateErrors.Inc()
		b.log.Error("serve state: saved answer not read", "answer_id", id, "err", err)
	}
	return a, ok
}
