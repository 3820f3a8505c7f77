package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/slack-go/slack"

	"newsdesk/bot/state"
	"newsdesk/internal/news"
	"newsdesk/internal/slackfake"
)

// digestBot is a started Bot that posts digests to a fake Slack through a
// post client whose calls time out after postTimeout.
func digestBot(t *testing.T, postTimeout time.Duration) (*Bot, *slackfake.Server) {
	t.Helper()
	fake := slackfake.New()
	t.Cleanup(fake.Close)
	opt := DefaultOptions()
	opt.Poster = NewPostClient("xoxb-digest", fake.APIURL(), &http.Client{Timeout: postTimeout})
	b, err := New(NewClient("xoxb-digest", fake.APIURL(), nil), &recorder{}, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Shutdown(context.Background()) })
	return b, fake
}

func digestScheduler(t *testing.T, b *Bot, store SlotStore, clock clockwork.Clock, mod func(*SchedulerOptions)) *Scheduler {
	t.Helper()
	o := DefaultSchedulerOptions()
	o.Schedules = []Schedule{{Channel: "C1", Cron: "* * * * *"}}
	o.Store, o.Clock, o.Backoff, o.VerifyDelay, o.Lease = store, clock, time.Millisecond, 100*time.Millisecond, time.Second
	if mod != nil {
		mod(&o)
	}
	s, err := NewScheduler(fakeDigests{clock: clock}, b, o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// slotsPosted counts the fake's messages in channel per slot ID.
func slotsPosted(t *testing.T, fake *slackfake.Server, channel string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, m := range fake.Messages(channel) {
		var md struct {
			EventType    string         `json:"event_type"`
			EventPayload map[string]any `json:"event_payload"`
		}
		if json.Unmarshal(m.Metadata, &md) != nil || md.EventType != DigestEventType {
			t.Errorf("a digest message without its tag: %q %s", m.Text, m.Metadata)
			continue
		}
		id, _ := md.EventPayload["slot_id"].(string)
		out[id]++
	}
	return out
}

// TestDigestSlowSlackPostsEachSlotOnce is the 35 s Slack, compressed: every
// post takes 1.5 s to answer and the client gives up after 1 s, over three
// schedule slots. Each slot is posted once: the unknown outcome is looked
// up in the channel's history instead of posted again.
func TestDigestSlowSlackPostsEachSlotOnce(t *testing.T) {
	b, fake := digestBot(t, time.Second)
	fake.SlowPosts(10, 1500*time.Millisecond)
	clock := clockwork.NewFakeClockAt(time.Date(2026, 1, 5, 12, 0, 30, 0, time.UTC))
	s := digestScheduler(t, b, state.NewMemory(), clock, nil)
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	for slot := 1; slot <= 3; slot++ {
		advance(t, clock, 1, time.Minute)
		waitFor(t, "the slot's post", func() bool { return len(fake.Calls("chat.postMessage")) >= slot })
	}
	waitFor(t, "three settled slots", func() bool { return counterValue(s.runs.WithLabelValues("C1", "posted")) == 3 })
	if n := len(fake.Calls("chat.postMessage")); n != 3 {
		t.Errorf("%d posts for three slots, want 3 (no blind retries)", n)
	}
	got := slotsPosted(t, fake, "C1")
	if len(got) != 3 {
		t.Errorf("slots posted: %v, want three", got)
	}
	for id, n := range got {
		if n != 1 {
			t.Errorf("slot %s posted %d times", id, n)
		}
	}
	for _, c := range fake.Calls("conversations.history") {
		if c.Values.Get("include_all_metadata") != "1" {
			t.Errorf("history read without metadata: %v", c.Values)
		}
	}
}

// TestDigestPostThatDidNotLandIsPostedOnce: a 500 leaves the outcome
// unknown; the digest is not in the history, so it is posted again, once.
func TestDigestPostThatDidNotLandIsPostedOnce(t *testing.T) {
	b, fake := digestBot(t, 5*time.Second)
	fake.Fail("chat.postMessage", http.StatusInternalServerError, 0, 1)
	clock := clockwork.NewFakeClockAt(time.Date(2026, 1, 5, 12, 1, 0, 0, time.UTC))
	s := digestScheduler(t, b, state.NewMemory(), clock, nil)
	s.run(context.Background(), 0, clock.Now())
	if len(fake.Calls("conversations.history")) == 0 {
		t.Error("the unknown outcome was not looked up before posting again")
	}
	if got := slotsPosted(t, fake, "C1"); len(got) != 1 || got[SlotID("C1", clock.Now())] != 1 {
		t.Fatalf("slots posted %v; want the slot once", got)
	}
}

// TestDigestTakeoverAfterCrash: a scheduler died holding a slot's claim.
// Once its lease lapses another scheduler takes the slot over; it posts the
// digest only when it is not already in the channel.
func TestDigestTakeoverAfterCrash(t *testing.T) {
	for _, landed := range []bool{true, false} {
		t.Run(map[bool]string{true: "the post had landed", false: "the post had not landed"}[landed], func(t *testing.T) {
			b, fake := digestBot(t, 5*time.Second)
			slot := time.Date(2026, 1, 5, 12, 1, 0, 0, time.UTC)
			clock := clockwork.NewFakeClockAt(slot.Add(30 * time.Second))
			store := state.NewMemory()
			ctx := context.Background()
			store.ArmChannel(ctx, "C1", slot.Add(-time.Hour))
			if _, ok, _ := store.ClaimSlot(ctx, "C1", slot, "crashed", time.Now(), 300*time.Millisecond); !ok {
				t.Fatal("no claim")
			}
			if landed {
				md, _ := json.Marshal(map[string]any{"event_type": DigestEventType, "event_payload": map[string]any{"slot_id": SlotID("C1", slot)}})
				fake.AddMessage(slackfake.Message{Channel: "C1", BotID: slackfake.BotID, Text: "News digest", TS: fake.NewTS(), Metadata: md})
			}
			s := digestScheduler(t, b, store, clock, func(o *SchedulerOptions) { o.Lease = 300 * time.Millisecond })
			if err := s.Start(ctx); err != nil {
				t.Fatal(err)
			}
			defer s.Stop()
			waitFor(t, "the slot to be settled", func() bool {
				open, _ := store.OpenSlots(ctx, "C1")
				return len(open) == 0
			})
			if got := slotsPosted(t, fake, "C1"); got[SlotID("C1", slot)] != 1 || len(got) != 1 {
				t.Fatalf("slots in the channel %v; want the slot once", got)
			}
			wantPosts := map[bool]int{true: 0, false: 1}[landed]
			if n := len(fake.Calls("chat.postMessage")); n != wantPosts {
				t.Fatalf("%d posts, want %d", n, wantPosts)
			}
		})
	}
}

// TestScheduleCatchesUpTheFirstEverDigest: serve first ran at 12:00 (the
// schedule was armed) and was down before its first digest; at 12:05:30
// the missed 12:05 slot is posted once, and not again on the next start.
func TestScheduleCatchesUpTheFirstEverDigest(t *testing.T) {
	dir := t.TempDir()
	first := time.Date(2026, 1, 5, 12, 0, 10, 0, time.UTC)
	l, err := state.OpenLocal(dir, state.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	l.ArmChannel(context.Background(), "C1", first)
	l.Close()
	poster := &fakePoster{}
	for range 2 { // two starts
		clock := clockwork.NewFakeClockAt(first.Add(5*time.Minute + 20*time.Second))
		s := newTestScheduler(t, dir, clock, poster, nil)
		if err := s.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the catch-up", func() bool { return poster.count() == 1 })
		time.Sleep(50 * time.Millisecond)
		s.Stop()
	}
	if poster.count() != 1 || poster.slots[0] != SlotID("C1", time.Date(2026, 1, 5, 12, 5, 0, 0, time.UTC)) {
		t.Fatalf("caught up %v, want the 12:05 slot once", poster.slots)
	}
}

// TestTaggedDigestIsSafe posts a scheduled digest of hostile stories and
// checks what reached Slack: the tag, unfurling off, verbatim blocks with
// nothing auto-linkable and no link but the cited source's.
func TestTaggedDigestIsSafe(t *testing.T) {
	b, fake := digestBot(t, 5*time.Second)
	src := "https://harbour.example/strike"
	d := news.Digest{Until: time.Now(), Stories: []news.Story{{
		Headline: "<!channel> Keepers strike \u202eevil.example\u202c", Outlets: []string{"www.evil.example/login"}, Articles: 1,
		Summary:   "See https://evil.example/x or <https://evil.example|click> [1].",
		Citations: []news.Citation{{N: 1, Title: "Strike at evil.example/press", Source: "Gazette", URL: src}},
	}}}
	slotID := SlotID("C1", time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC))
	if _, err := b.PostTaggedDigest(context.Background(), "C1", d, slotID); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls("chat.postMessage")
	if len(calls) != 1 {
		t.Fatalf("%d posts", len(calls))
	}
	v := calls[0].Values
	if !strings.Contains(v.Get("metadata"), `"slot_id":"`+slotID+`"`) || !strings.Contains(v.Get("metadata"), DigestEventType) {
		t.Errorf("metadata %q lacks the slot tag", v.Get("metadata"))
	}
	if v.Get("unfurl_links") != "false" || v.Get("unfurl_media") != "false" {
		t.Errorf("unfurling not off: %v", v)
	}
	var blocks slack.Blocks
	if err := json.Unmarshal([]byte(v.Get("blocks")), &blocks); err != nil {
		t.Fatal(err)
	}
	u, _ := safeURL(src)
	checkMessage(t, Message{Text: v.Get("text"), Blocks: blocks.BlockSet}, map[string]bool{u: true})
	if !strings.Contains(calls[0].Content, "hxxps[:]//evil[.]example/x") {
		t.Errorf("the story's URL is not shown defanged: %s", calls[0].Content)
	}
}
