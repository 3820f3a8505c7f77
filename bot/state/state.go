// Package state keeps what `serve` must remember across restarts and share
// between replicas: the Slack events and slash requests already seen, the
// digest slots claimed and posted, and the saved answers behind the Share and
// 👍/👎 buttons. Local keeps them in files beside the index (one process);
// package pgstate keeps them in PostgreSQL (any number of replicas). The bot
// declares the interfaces it needs (bot.State, bot.SlotStore); both stores
// satisfy them and pass the same conformance test (package statetest).
//
// Every call takes the time it happens at (now), so tests can drive expiry
// with a fake clock; stores never read the clock themselves.
package state

import (
	"time"

	"newsdesk/internal/news"
)

// SavedAnswer is what the buttons under an answer need: the question, the
// answer to share in the channel, and who asked.
type SavedAnswer struct {
	Question string      `json:"question"`
	Answer   news.Answer `json:"answer"`
	User     string      `json:"user"`
}

// SlotStatus is where a digest slot stands.
type SlotStatus string

// Slot statuses. A slot is Posting from its claim until its owner finishes
// it; a Posting slot whose lease ran out was abandoned (its owner crashed or
// hung) and its post's outcome is unknown until someone looks in Slack.
const (
	SlotPosting SlotStatus = "posting"
	SlotPosted  SlotStatus = "posted"
	SlotEmpty   SlotStatus = "empty"  // nothing new in the period; nothing posted
	SlotFailed  SlotStatus = "failed" // Slack said no; the next slot covers the period
)

// Done reports whether the slot is settled (posted, empty or failed).
func (s SlotStatus) Done() bool { return s == SlotPosted || s == SlotEmpty || s == SlotFailed }

// Slot is one scheduled run of a channel's digest.
type Slot struct {
	Channel string     `json:"channel"`
	At      time.Time  `json:"at"` // the scheduled time, to the minute, UTC
	Status  SlotStatus `json:"status"`
	Owner   string     `json:"owner"` // the scheduler instance that holds (or held) the claim
	// LeaseUntil is when the owner's claim lapses unless renewed.
	LeaseUntil time.Time `json:"lease_until"`
	// Tries counts claims: 1 for the first, more after takeovers of an
	// abandoned claim (whose post may or may not have landed).
	Tries     int       `json:"tries"`
	ClaimedAt time.Time `json:"claimed_at"` // the first claim
	// Since and Until are the period the digest covered (set when done).
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	TS    string    `json:"ts,omitempty"` // the posted message's timestamp, when known
}

// Retention of settled digest slots: older ones are deleted, except each
// channel's latest posted or empty slot (where its next digest starts).
const SlotRetention = 30 * 24 * time.Hour

func utcMinute(t time.Time) time.Time { return t.UTC().Truncate(time.Minute) }
