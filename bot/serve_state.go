package bot

import (
	"context"
	"time"

	"newsdesk/bot/state"
)

// State is what the bot remembers across restarts (and shares between
// replicas): the Slack deliveries it has seen and the answers behind the
// buttons. state.Local (files beside the index) and pgstate.Store
// (PostgreSQL) are two; Options.State nil means state.NewMemory().
type State interface {
	// FirstSeen records key until now+ttl and reports whether this is its
	// first sighting: true exactly once per key while the record lasts,
	// whichever process asks. The record is durable when it returns.
	FirstSeen(ctx context.Context, key string, now time.Time, ttl time.Duration) (bool, error)
	// SaveAnswer keeps a until now+ttl under id.
	SaveAnswer(ctx context.Context, id string, a state.SavedAnswer, now time.Time, ttl time.Duration) error
	// LoadAnswer returns the answer saved under id while it lasts.
	LoadAnswer(ctx context.Context, id string, now time.Time) (state.SavedAnswer, bool, error)
}

// SlotStore is what the digest scheduler needs to post each slot once: a
// claim per slot that one owner holds at a time (with a lease it renews),
// and the slots' outcomes.
type SlotStore interface {
	// ArmChannel records the first time channel's schedule ran (now,
	// unless recorded before) and returns it.
	ArmChannel(ctx context.Context, channel string, now time.Time) (time.Time, error)
	// ClaimSlot takes slot (channel, at) for owner until now+lease: a new
	// slot, or one still posting whose lease ran out (Tries > 1 then). It
	// reports whether owner holds it, and the slot as it stands.
	ClaimSlot(ctx context.Context, channel string, at time.Time, owner string, now time.Time, lease time.Duration) (state.Slot, bool, error)
	// RenewSlot extends owner's lease; false when the claim was lost.
	RenewSlot(ctx context.Context, channel string, at time.Time, owner string, now time.Time, lease time.Duration) (bool, error)
	// FinishSlot settles a slot its owner holds; false when it was lost.
	FinishSlot(ctx context.Context, s state.Slot, now time.Time) (bool, error)
	// LastSlot is channel's latest posted or empty slot.
	LastSlot(ctx context.Context, channel string) (state.Slot, bool, error)
	// OpenSlots are channel's slots still posting, oldest first.
	OpenSlots(ctx context.Context, channel string) ([]state.Slot, error)
}

var (
	_ State     = (*state.Local)(nil)
	_ SlotStore = (*state.Local)(nil)
)

// How long the bot's records last.
const (
	seenTTL   = 24 * time.Hour     // Slack redelivers for minutes; a day is ample
	answerTTL = 7 * 24 * time.Hour // the buttons under an answer work for a week
	stateWait = 5 * time.Second    // a state call's deadline
)
