package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"newsdesk/bot/state"
	"newsdesk/internal/news"
)

// maxTries bounds the takeovers of one slot: after that many claims whose
// posts never showed up, the slot is given up (the next one covers it).
const maxTries = 5

// run is one scheduled run of schedule i for slot (its scheduled time):
// abandoned earlier slots of the channel are settled first, then the slot
// is claimed and posted, or skipped when another run holds or settled it.
func (s *Scheduler) run(ctx context.Context, i int, slot time.Time) {
	channel := s.opts.Schedules[i].Channel
	slot = slot.UTC().Truncate(time.Minute)
	s.resolve(ctx, channel)
	sl, claimed, err := s.store.ClaimSlot(ctx, channel, slot, s.owner, time.Now(), s.opts.Lease)
	switch {
	case err != nil:
		s.report(channel, slot, "failed", fmt.Errorf("claim the slot: %w", err))
	case !claimed:
		s.runs.WithLabelValues(channel, "repeat").Inc()
		s.log.Debug("digest slot already taken", "channel", channel, "slot", slot, "status", sl.Status, "owner", sl.Owner)
	default:
		outcome, err := s.settle(ctx, sl)
		s.report(channel, slot, outcome, err)
	}
}

func (s *Scheduler) report(channel string, slot time.Time, outcome string, err error) {
	s.runs.WithLabelValues(channel, outcome).Inc()
	log := s.log.With("channel", channel, "slot", slot, "outcome", outcome)
	if err != nil {
		log.Error("digest not posted", "err", err)
		return
	}
	log.Info("digest run")
}

// resolve takes over channel's slots whose claim lapsed (their owner
// crashed or hung mid-post) and settles them.
func (s *Scheduler) resolve(ctx context.Context, channel string) {
	open, err := s.store.OpenSlots(ctx, channel)
	if err != nil {
		s.log.Error("digest: cannot read open slots", "channel", channel, "err", err)
		return
	}
	for _, o := range open {
		now := time.Now()
		if now.Before(o.LeaseUntil) {
			continue // its owner is on it
		}
		sl, claimed, err := s.store.ClaimSlot(ctx, channel, o.At, s.owner, now, s.opts.Lease)
		if err != nil || !claimed {
			continue
		}
		s.log.Warn("digest: taking over a slot whose post was cut short", "channel", channel, "slot", sl.At, "previous_owner", o.Owner, "tries", sl.Tries)
		outcome, err := s.settle(ctx, sl)
		s.report(channel, sl.At, outcome, err)
	}
}

// settle posts the claimed slot sl and records its outcome. A slot tried
// before (a takeover) is first looked for in Slack. A post Slack refused is
// retried; one whose outcome is unknown is looked for after VerifyDelay and
// posted again only if it is not there. When Slack cannot be asked, the
// claim is left to lapse and settled later by whoever takes it over.
func (s *Scheduler) settle(ctx context.Context, sl state.Slot) (outcome string, err error) {
	stop := s.keepLease(ctx, sl)
	defer stop()
	slotID := SlotID(sl.Channel, sl.At)
	lookSince := sl.ClaimedAt.Add(-time.Minute)
	if sl.Tries > 1 {
		ts, found, err := s.poster.FindDigest(ctx, sl.Channel, slotID, lookSince)
		if err != nil {
			return "unknown", fmt.Errorf("an earlier post of this slot may have landed and Slack cannot be asked; tried again later: %w", err)
		}
		if found {
			// The lost run's period is not known; it ended near the slot.
			return "recovered", s.finish(ctx, sl, state.SlotPosted, ts, time.Time{}, sl.At)
		}
		if sl.Tries > maxTries {
			return "failed", errors.Join(fmt.Errorf("given up after %d tries", sl.Tries), s.finish(ctx, sl, state.SlotFailed, "", time.Time{}, time.Time{}))
		}
	}
	since := s.opts.Clock.Now().Add(-s.opts.FirstPeriod)
	last, ok, err := s.store.LastSlot(ctx, sl.Channel)
	if err != nil {
		return "unknown", fmt.Errorf("read the last digest: %w", err)
	}
	if ok && !last.Until.IsZero() {
		since = last.Until
	}
	d, err := s.digests.Digest(ctx, since)
	if err != nil {
		return "failed", errors.Join(fmt.Errorf("build digest: %w", err), s.finish(ctx, sl, state.SlotFailed, "", since, time.Time{}))
	}
	until := d.Until
	if until.IsZero() {
		until = s.opts.Clock.Now()
	}
	if len(d.Stories) == 0 && !s.opts.PostEmpty {
		return "empty", s.finish(ctx, sl, state.SlotEmpty, "", since, until)
	}
	wait := s.opts.Backoff
	for attempt := 0; ; attempt++ {
		ts, err := s.post(ctx, sl.Channel, d, slotID)
		if err == nil {
			return "posted", s.finish(ctx, sl, state.SlotPosted, ts, since, until)
		}
		if errors.Is(err, ErrOutcomeUnknown) {
			s.log.Warn("digest post outcome unknown; looking for it before trying again", "channel", sl.Channel, "slot", sl.At, "err", err)
			if !sleep(ctx, s.opts.VerifyDelay) {
				return "unknown", fmt.Errorf("stopped while a post's outcome was unknown: %w", err)
			}
			ts, found, ferr := s.poster.FindDigest(ctx, sl.Channel, slotID, lookSince)
			if ferr != nil {
				return "unknown", fmt.Errorf("post outcome unknown and Slack cannot be asked; tried again later: %w", errors.Join(err, ferr))
			}
			if found {
				return "posted", s.finish(ctx, sl, state.SlotPosted, ts, since, until)
			}
		}
		if attempt >= s.opts.Retries || ctx.Err() != nil {
			return "failed", errors.Join(fmt.Errorf("post to %s failed after %d attempts: %w", sl.Channel, attempt+1, err),
				s.finish(ctx, sl, state.SlotFailed, "", since, until))
		}
		s.log.Warn("digest post failed; retrying", "channel", sl.Channel, "attempt", attempt+1, "wait", wait, "err", err)
		if !sleep(ctx, wait) {
			return "failed", errors.Join(fmt.Errorf("post to %s: %w", sl.Channel, ctx.Err()), s.finish(ctx, sl, state.SlotFailed, "", since, until))
		}
		wait *= 2
	}
}

// post posts once, within two minutes.
func (s *Scheduler) post(ctx context.Context, channel string, d news.Digest, slotID string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	return s.poster.PostTaggedDigest(ctx, channel, d, slotID)
}

// finish records the slot's outcome, even when ctx has ended (the post
// happened; its record must not be lost to a shutdown).
func (s *Scheduler) finish(ctx context.Context, sl state.Slot, status state.SlotStatus, ts string, since, until time.Time) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	sl.Status, sl.TS, sl.Since, sl.Until, sl.Owner = status, ts, since, until, s.owner
	ok, err := s.store.FinishSlot(ctx, sl, time.Now())
	if err != nil {
		return fmt.Errorf("record the digest's outcome (%s): %w", status, err)
	}
	if !ok {
		s.log.Warn("digest slot was taken over before its outcome was recorded", "channel", sl.Channel, "slot", sl.At, "status", status)
	}
	return nil
}

// keepLease renews sl's claim every Lease/3 until the returned stop.
func (s *Scheduler) keepLease(ctx context.Context, sl state.Slot) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(max(s.opts.Lease/3, time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			rctx, rcancel := context.WithTimeout(ctx, max(s.opts.Lease/3, time.Second))
			ok, err := s.store.RenewSlot(rctx, sl.Channel, sl.At, s.owner, time.Now(), s.opts.Lease)
			rcancel()
			if err == nil && !ok {
				s.log.Warn("digest slot claim lost", "channel", sl.Channel, "slot", sl.At)
				return
			}
		}
	}()
	return func() { cancel(); <-done }
}

// sleep waits d, or until ctx ends (false).
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
