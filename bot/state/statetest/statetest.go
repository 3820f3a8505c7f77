// Package statetest is the conformance test every serve state store passes
// (state.Local, pgstate.Store): once-only keys with expiry, saved answers,
// and digest slot claims with leases, takeovers and outcomes, alone,
// concurrently and across a reopen.
package statetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"newsdesk/bot"
	"newsdesk/bot/state"
	"newsdesk/internal/news"
)

// Store is a state store under test.
type Store interface {
	bot.State
	bot.SlotStore
	Close() error
}

// Run runs the conformance tests. newBacking is called once per test and
// returns open, which opens a store over that test's backing (a folder, a
// schema); each call of open is a new instance over the same data (a
// restart, another process).
func Run(t *testing.T, newBacking func(t *testing.T) (open func() Store)) {
	tests := []struct {
		name string
		run  func(t *testing.T, open func() Store)
	}{
		{"first seen once", testFirstSeen},
		{"first seen expires", testFirstSeenExpires},
		{"first seen concurrently once", testFirstSeenConcurrent},
		{"saved answers", testAnswers},
		{"slot claim and lease", testSlotClaim},
		{"slot takeover after lease", testSlotTakeover},
		{"slot claimed once concurrently", testSlotConcurrent},
		{"last and open slots", testLastAndOpen},
		{"arm channel once", testArm},
		{"everything survives a reopen", testReopen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.run(t, newBacking(t))
		})
	}
}

var (
	ctx = context.Background()
	t0  = time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
)

func opened(t *testing.T, open func() Store) Store {
	t.Helper()
	s := open()
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// must returns v, and panics (failing the test) on err.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func testFirstSeen(t *testing.T, open func() Store) {
	s := opened(t, open)
	if !must(s.FirstSeen(ctx, "event:Ev1", t0, time.Hour)) {
		t.Fatal("a new key was not first seen")
	}
	if must(s.FirstSeen(ctx, "event:Ev1", t0.Add(time.Minute), time.Hour)) {
		t.Fatal("a key was first seen twice")
	}
	if !must(s.FirstSeen(ctx, "event:Ev2", t0, time.Hour)) {
		t.Fatal("another key was taken for the first")
	}
}

func testFirstSeenExpires(t *testing.T, open func() Store) {
	s := opened(t, open)
	must(s.FirstSeen(ctx, "k", t0, time.Minute))
	if must(s.FirstSeen(ctx, "k", t0.Add(59*time.Second), time.Minute)) {
		t.Fatal("seen again before its record expired")
	}
	if !must(s.FirstSeen(ctx, "k", t0.Add(2*time.Minute), time.Minute)) {
		t.Fatal("an expired key still counts as seen")
	}
	if must(s.FirstSeen(ctx, "k", t0.Add(2*time.Minute+time.Second), time.Minute)) {
		t.Fatal("a key seen again after expiry was not recorded anew")
	}
}

func testFirstSeenConcurrent(t *testing.T, open func() Store) {
	s := opened(t, open)
	var wg sync.WaitGroup
	var mu sync.Mutex
	first := 0
	for range 16 {
		wg.Go(func() {
			ok, err := s.FirstSeen(ctx, "msg:C1:1.000001", t0, time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				first++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if first != 1 {
		t.Fatalf("16 concurrent sightings: %d were first, want 1", first)
	}
}

func sampleAnswer() state.SavedAnswer {
	return state.SavedAnswer{Question: "rates?", User: "U1", Answer: news.Answer{
		Text: "The bank held rates at 5.25% [1].", Note: "offline answer",
		Citations: []news.Citation{{N: 1, DocID: "d1", Title: "Bank holds", Source: "Reuters",
			URL: "https://example.com/rates", PublishedAt: time.Date(2024, 1, 26, 0, 0, 0, 0, time.UTC), Quote: "held"}},
	}}
}

func testAnswers(t *testing.T, open func() Store) {
	s := opened(t, open)
	a := sampleAnswer()
	if err := s.SaveAnswer(ctx, "a1", a, t0, time.Hour); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.LoadAnswer(ctx, "a1", t0.Add(time.Minute))
	if err != nil || !ok {
		t.Fatalf("saved answer not found: %v %v", ok, err)
	}
	if got.Question != a.Question || got.User != a.User || got.Answer.Text != a.Answer.Text || len(got.Answer.Citations) != 1 ||
		got.Answer.Citations[0].URL != a.Answer.Citations[0].URL || !got.Answer.Citations[0].PublishedAt.Equal(a.Answer.Citations[0].PublishedAt) {
		t.Fatalf("saved answer came back as %+v", got)
	}
	if _, ok, _ := s.LoadAnswer(ctx, "nope", t0); ok {
		t.Fatal("an unknown answer was found")
	}
	if _, ok, _ := s.LoadAnswer(ctx, "a1", t0.Add(2*time.Hour)); ok {
		t.Fatal("an expired answer was found")
	}
}

func testSlotClaim(t *testing.T, open func() Store) {
	s := opened(t, open)
	at := t0.Add(time.Minute)
	sl, ok := claim(t, s, "C1", at, "A", t0, time.Minute)
	if !ok || sl.Tries != 1 || sl.Status != state.SlotPosting || sl.Owner != "A" || !sl.At.Equal(at) {
		t.Fatalf("fresh claim: %v %+v", ok, sl)
	}
	if sl, ok := claim(t, s, "C1", at, "B", t0.Add(30*time.Second), time.Minute); ok || sl.Owner != "A" {
		t.Fatalf("B took A's live claim: %v %+v", ok, sl)
	}
	if !must(s.RenewSlot(ctx, "C1", at, "A", t0.Add(50*time.Second), time.Minute)) {
		t.Fatal("the owner could not renew")
	}
	if must(s.RenewSlot(ctx, "C1", at, "B", t0.Add(50*time.Second), time.Minute)) {
		t.Fatal("another owner renewed")
	}
	// Renewed at 0:50 for a minute: still A's at 1:30.
	if _, ok := claim(t, s, "C1", at, "B", t0.Add(90*time.Second), time.Minute); ok {
		t.Fatal("B took a renewed claim")
	}
	if must(s.FinishSlot(ctx, state.Slot{Channel: "C1", At: at, Owner: "B", Status: state.SlotPosted}, t0)) {
		t.Fatal("B finished A's slot")
	}
	fin := state.Slot{Channel: "C1", At: at, Owner: "A", Status: state.SlotPosted, Since: t0.Add(-time.Hour), Until: t0, TS: "1.000001"}
	if !must(s.FinishSlot(ctx, fin, t0.Add(time.Minute))) {
		t.Fatal("A could not finish its slot")
	}
	sl, ok = claim(t, s, "C1", at, "B", t0.Add(time.Hour), time.Minute)
	if ok || sl.Status != state.SlotPosted || sl.TS != "1.000001" || !sl.Until.Equal(t0) {
		t.Fatalf("a posted slot was claimed again or lost its outcome: %v %+v", ok, sl)
	}
	if _, ok := claim(t, s, "C2", at, "B", t0, time.Minute); !ok {
		t.Fatal("the same time in another channel is another slot")
	}
}

func claim(t *testing.T, s Store, ch string, at time.Time, owner string, now time.Time, lease time.Duration) (state.Slot, bool) {
	t.Helper()
	sl, ok, err := s.ClaimSlot(ctx, ch, at, owner, now, lease)
	if err != nil {
		t.Fatal(err)
	}
	return sl, ok
}

func testSlotTakeover(t *testing.T, open func() Store) {
	s := opened(t, open)
	at := t0
	claim(t, s, "C1", at, "A", t0, time.Minute)
	sl, ok := claim(t, s, "C1", at, "B", t0.Add(time.Minute), time.Minute)
	if !ok || sl.Owner != "B" || sl.Tries != 2 || !sl.ClaimedAt.Equal(t0) {
		t.Fatalf("takeover of a lapsed claim: %v %+v", ok, sl)
	}
	if must(s.RenewSlot(ctx, "C1", at, "A", t0.Add(61*time.Second), time.Minute)) {
		t.Fatal("the old owner renewed after a takeover")
	}
	if must(s.FinishSlot(ctx, state.Slot{Channel: "C1", At: at, Owner: "A", Status: state.SlotPosted}, t0.Add(61*time.Second))) {
		t.Fatal("the old owner finished after a takeover")
	}
	if !must(s.FinishSlot(ctx, state.Slot{Channel: "C1", At: at, Owner: "B", Status: state.SlotFailed}, t0.Add(62*time.Second))) {
		t.Fatal("the new owner could not finish")
	}
	if _, ok := claim(t, s, "C1", at, "C", t0.Add(time.Hour), time.Minute); ok {
		t.Fatal("a failed slot was claimed again")
	}
}

func testSlotConcurrent(t *testing.T, open func() Store) {
	s := opened(t, open)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var winners []string
	for i := range 12 {
		wg.Go(func() {
			owner := fmt.Sprint("R", i)
			_, ok, err := s.ClaimSlot(ctx, "C1", t0, owner, t0, time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				winners = append(winners, owner)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(winners) != 1 {
		t.Fatalf("12 concurrent claims of one slot: winners %v, want one", winners)
	}
}

func testLastAndOpen(t *testing.T, open func() Store) {
	s := opened(t, open)
	if _, ok, _ := s.LastSlot(ctx, "C1"); ok {
		t.Fatal("a last slot before any")
	}
	for i, st := range []state.SlotStatus{state.SlotPosted, state.SlotEmpty, state.SlotFailed, state.SlotPosting} {
		at := t0.Add(time.Duration(i) * time.Minute)
		claim(t, s, "C1", at, "A", at, time.Minute)
		if st != state.SlotPosting {
			must(s.FinishSlot(ctx, state.Slot{Channel: "C1", At: at, Owner: "A", Status: st, Until: at}, at))
		}
	}
	last, ok, err := s.LastSlot(ctx, "C1")
	if err != nil || !ok || !last.At.Equal(t0.Add(time.Minute)) || last.Status != state.SlotEmpty {
		t.Fatalf("last slot %+v %v %v; want the empty one at 12:01 (failed and posting ones do not count)", last, ok, err)
	}
	op := must(s.OpenSlots(ctx, "C1"))
	if len(op) != 1 || !op[0].At.Equal(t0.Add(3*time.Minute)) {
		t.Fatalf("open slots %+v; want the one at 12:03", op)
	}
	if op := must(s.OpenSlots(ctx, "C2")); len(op) != 0 {
		t.Fatalf("open slots of another channel: %+v", op)
	}
}

func testArm(t *testing.T, open func() Store) {
	s := opened(t, open)
	if at := must(s.ArmChannel(ctx, "C1", t0)); !at.Equal(t0) {
		t.Fatalf("armed at %v, want %v", at, t0)
	}
	if at := must(s.ArmChannel(ctx, "C1", t0.Add(time.Hour))); !at.Equal(t0) {
		t.Fatalf("armed again at %v; the first time %v stays", at, t0)
	}
}

func testReopen(t *testing.T, open func() Store) {
	s := open()
	must(s.FirstSeen(ctx, "event:Ev1", t0, time.Hour))
	if err := s.SaveAnswer(ctx, "a1", sampleAnswer(), t0, time.Hour); err != nil {
		t.Fatal(err)
	}
	must(s.ArmChannel(ctx, "C1", t0))
	claim(t, s, "C1", t0, "A", t0, time.Minute)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = opened(t, open)
	if must(s.FirstSeen(ctx, "event:Ev1", t0.Add(time.Minute), time.Hour)) {
		t.Error("a seen event was forgotten by a reopen")
	}
	if _, ok, _ := s.LoadAnswer(ctx, "a1", t0.Add(time.Minute)); !ok {
		t.Error("a saved answer was forgotten by a reopen")
	}
	if at := must(s.ArmChannel(ctx, "C1", t0.Add(time.Hour))); !at.Equal(t0) {
		t.Error("the armed time was forgotten by a reopen")
	}
	if op := must(s.OpenSlots(ctx, "C1")); len(op) != 1 || op[0].Owner != "A" {
		t.Errorf("the claim was forgotten by a reopen: %+v", op)
	}
}
