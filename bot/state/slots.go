package state

import (
	"sort"
	"time"
)

// slotBook is the digest part of a store held as values: the channels'
// first-armed times and their slots. Local keeps one in a file; the rules
// here are the ones pgstate's statements implement.
type slotBook struct {
	Version  int                  `json:"version"`
	Channels map[string]time.Time `json:"channels"` // channel → armed at
	Slots    []Slot               `json:"slots"`
}

func newSlotBook() *slotBook { return &slotBook{Version: 1, Channels: map[string]time.Time{}} }

func (b *slotBook) find(channel string, at time.Time) int {
	for i := range b.Slots {
		if b.Slots[i].Channel == channel && b.Slots[i].At.Equal(at) {
			return i
		}
	}
	return -1
}

func (b *slotBook) arm(channel string, now time.Time) time.Time {
	if t, ok := b.Channels[channel]; ok {
		return t
	}
	b.Channels[channel] = now.UTC()
	return now.UTC()
}

// claim takes slot (channel, at) for owner: a new slot, or one whose
// owner's lease ran out. It reports whether owner holds it now.
func (b *slotBook) claim(channel string, at time.Time, owner string, now time.Time, lease time.Duration) (Slot, bool) {
	at = utcMinute(at)
	i := b.find(channel, at)
	if i < 0 {
		s := Slot{Channel: channel, At: at, Status: SlotPosting, Owner: owner, LeaseUntil: now.Add(lease).UTC(), Tries: 1, ClaimedAt: now.UTC()}
		b.Slots = append(b.Slots, s)
		return s, true
	}
	s := &b.Slots[i]
	if s.Status == SlotPosting && !now.Before(s.LeaseUntil) {
		s.Owner, s.LeaseUntil, s.Tries = owner, now.Add(lease).UTC(), s.Tries+1
		return *s, true
	}
	return *s, false
}

func (b *slotBook) renew(channel string, at time.Time, owner string, now time.Time, lease time.Duration) bool {
	i := b.find(channel, utcMinute(at))
	if i < 0 || b.Slots[i].Owner != owner || b.Slots[i].Status != SlotPosting {
		return false
	}
	b.Slots[i].LeaseUntil = now.Add(lease).UTC()
	return true
}

func (b *slotBook) finish(f Slot, now time.Time) bool {
	i := b.find(f.Channel, utcMinute(f.At))
	if i < 0 || b.Slots[i].Owner != f.Owner || b.Slots[i].Status != SlotPosting || !f.Status.Done() {
		return false
	}
	s := &b.Slots[i]
	s.Status, s.Since, s.Until, s.TS, s.LeaseUntil = f.Status, f.Since.UTC(), f.Until.UTC(), f.TS, now.UTC()
	b.expire(now)
	return true
}

// last is the channel's latest posted or empty slot.
func (b *slotBook) last(channel string) (Slot, bool) {
	var best Slot
	ok := false
	for _, s := range b.Slots {
		if s.Channel == channel && (s.Status == SlotPosted || s.Status == SlotEmpty) && (!ok || s.At.After(best.At)) {
			best, ok = s, true
		}
	}
	return best, ok
}

// open is the channel's slots still posting, oldest first.
func (b *slotBook) open(channel string) []Slot {
	var out []Slot
	for _, s := range b.Slots {
		if s.Channel == channel && s.Status == SlotPosting {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// expire drops settled slots older than SlotRetention, keeping each
// channel's latest posted or empty one.
func (b *slotBook) expire(now time.Time) {
	keep := map[string]time.Time{}
	for _, s := range b.Slots {
		if _, seen := keep[s.Channel]; !seen {
			if l, ok := b.last(s.Channel); ok {
				keep[s.Channel] = l.At
			}
		}
	}
	cutoff := now.Add(-SlotRetention)
	out := b.Slots[:0]
	for _, s := range b.Slots {
		if s.Status.Done() && s.At.Before(cutoff) {
			if k, ok := keep[s.Channel]; !ok || !k.Equal(s.At) {
				continue
			}
		}
		out = append(out, s)
	}
	b.Slots = out
}
