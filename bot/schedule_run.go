package bot

import (
	"context"
	"fmt"
	"time"

	"newsdesk/internal/news"
)

// run is one scheduled run of schedule i for the slot (its scheduled time).
// Under the state's file lock it skips a slot already posted (by this or
// another instance, before a restart or a crash), builds the digest of the
// period since the channel's last one, posts it with retries, and records
// the slot. A failed post leaves the state as it was, so the period is
// covered by the next run.
func (s *Scheduler) run(ctx context.Context, i int, slot time.Time) {
	channel := s.opts.Schedules[i].Channel
	slot = slot.Truncate(time.Minute)
	log := s.log.With("channel", channel, "slot", slot)
	outcome, err := s.runLocked(ctx, channel, slot)
	s.runs.WithLabelValues(channel, outcome).Inc()
	switch {
	case err != nil:
		log.Error("digest not posted", "err", err)
	case outcome == "repeat":
		log.Debug("digest already posted for this run")
	default:
		log.Info("digest run", "outcome", outcome)
	}
}

func (s *Scheduler) runLocked(ctx context.Context, channel string, slot time.Time) (outcome string, err error) {
	unlock, err := s.store.lock(ctx)
	if err != nil {
		return "failed", err
	}
	defer unlock()
	st, err := s.store.load()
	if err != nil {
		return "failed", err
	}
	mark := st.Channels[channel]
	if !mark.Slot.IsZero() && !mark.Slot.Before(slot) {
		return "repeat", nil
	}
	since := mark.Until
	if since.IsZero() {
		since = s.opts.Clock.Now().Add(-s.opts.FirstPeriod)
	}
	d, err := s.digests.Digest(ctx, since)
	if err != nil {
		return "failed", fmt.Errorf("build digest: %w", err)
	}
	outcome = "posted"
	if len(d.Stories) == 0 && !s.opts.PostEmpty {
		outcome = "empty"
	} else if err := s.post(ctx, channel, d); err != nil {
		return "failed", err
	}
	until := d.Until
	if until.IsZero() {
		until = s.opts.Clock.Now()
	}
	st.Channels[channel] = digestMark{Slot: slot, Until: until}
	if err := s.store.save(st); err != nil {
		// Posted but not recorded: the next run repeats this period.
		return outcome, fmt.Errorf("digest posted but its state not saved: %w", err)
	}
	return outcome, nil
}

// post posts d, retrying a failure Retries times with doubling waits.
func (s *Scheduler) post(ctx context.Context, channel string, d news.Digest) error {
	wait := s.opts.Backoff
	var err error
	for attempt := 0; ; attempt++ {
		pctx, cancel := context.WithTimeout(ctx, time.Minute)
		err = s.poster.PostDigest(pctx, channel, d)
		cancel()
		if err == nil || attempt >= s.opts.Retries || ctx.Err() != nil {
			break
		}
		s.log.Warn("digest post failed; retrying", "channel", channel, "attempt", attempt+1, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("post to %s: %w", channel, ctx.Err())
		case <-t.C:
		}
		wait *= 2
	}
	if err != nil {
		return fmt.Errorf("post to %s failed after %d attempts: %w", channel, s.opts.Retries+1, err)
	}
	return nil
}
