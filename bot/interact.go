package bot

import (
	"context"

	"github.com/slack-go/slack"
)

// onInteraction handles button clicks from either transport: the feedback
// votes are recorded (log and metric, with the question), and "Share in
// channel" posts the answer for everyone.
func (b *Bot) onInteraction(transport string, cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		return
	}
	if cb.TriggerID != "" {
		if first, err := b.firstSeen("click:" + cb.TriggerID); err == nil && !first {
			b.metrics.dropped.WithLabelValues("duplicate").Inc()
			return // a replayed click
		}
	}
	for _, act := range cb.ActionCallback.BlockActions {
		if act == nil {
			continue
		}
		switch act.ActionID {
		case actionVoteUp, actionVoteDown:
			b.recordVote(transport, cb, act)
		case actionShare:
			b.share(cb, act.Value)
		}
	}
}

func (b *Bot) recordVote(transport string, cb slack.InteractionCallback, act *slack.BlockAction) {
	vote := "up"
	if act.ActionID == actionVoteDown {
		vote = "down"
	}
	b.metrics.votes.WithLabelValues(vote).Inc()
	saved, ok := b.loadAnswer(act.Value)
	question := saved.Question
	if !ok {
		question = "(unknown: answer expired)"
	}
	b.log.Info("feedback", "vote", vote, "answer_id", act.Value, "question", question,
		"refused", saved.Answer.Refused, "citations", len(saved.Answer.Citations),
		"user", cb.User.ID, "channel", cb.Channel.ID, "transport", transport)
	if cb.ResponseURL == "" {
		return
	}
	url := cb.ResponseURL
	b.goTracked(func(ctx context.Context) {
		m := responseMessage{ResponseType: "ephemeral", Text: "Thanks for the feedback!"}
		if err := b.respond(ctx, url, m); err != nil {
			b.slackError("response_url", err)
		}
	})
}

// share posts a saved answer in the channel through the response_url and
// removes the private copy.
func (b *Bot) share(cb slack.InteractionCallback, id string) {
	url := cb.ResponseURL
	if url == "" {
		return
	}
	saved, ok := b.loadAnswer(id)
	b.goTracked(func(ctx context.Context) {
		if !ok {
			if err := b.respond(ctx, url, responseMessage{ResponseType: "ephemeral", Text: "That answer has expired; please ask again."}); err != nil {
				b.slackError("response_url", err)
			}
			return
		}
		intro := "Asked: _" + truncate(Escape(plainLine(saved.Question)), 300) + "_"
		msgs := AnswerMessages(saved.Answer, AnswerOptions{ID: id})
		msgs[0].Blocks = append([]slack.Block{contextBlock([]string{intro})}, msgs[0].Blocks...)
		for _, m := range msgs {
			if err := b.respond(ctx, url, responseMessage{ResponseType: "in_channel", Text: m.Text, Blocks: m.Blocks}); err != nil {
				b.slackError("response_url", err)
				return
			}
		}
		if err := b.respond(ctx, url, responseMessage{DeleteOriginal: true}); err != nil {
			b.slackError("response_url", err)
		}
	})
}
