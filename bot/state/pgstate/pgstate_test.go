package pgstate_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"newsdesk/bot/state/pgstate"
	"newsdesk/bot/state/statetest"
)

// testSchema creates a fresh schema in NEWSDESK_TEST_POSTGRES_URL's
// database, dropped after the test, and returns a URL whose search_path is
// it. The test is skipped when the variable is unset.
func testSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("NEWSDESK_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("NEWSDESK_TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable); skipping the PostgreSQL state tests")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "newsdesk_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", base, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, base); err == nil {
			_, _ = c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			c.Close(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestPostgresConformance(t *testing.T) {
	statetest.Run(t, func(t *testing.T) func() statetest.Store {
		u := testSchema(t)
		return func() statetest.Store {
			s, err := pgstate.Open(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	})
}

// TestTwoStoresShareOnce opens two stores on one schema, as two replicas
// would: a key and a slot are each won by one of them.
func TestTwoStoresShareOnce(t *testing.T) {
	u := testSchema(t)
	ctx := context.Background()
	a, err := pgstate.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := pgstate.Open(ctx, u) // migrating again is a no-op
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	now := time.Now()
	first, _ := a.FirstSeen(ctx, "event:Ev1", now, time.Hour)
	second, _ := b.FirstSeen(ctx, "event:Ev1", now, time.Hour)
	if !first || second {
		t.Fatalf("first seen by A %v, by B %v; want A only", first, second)
	}
	_, okA, _ := a.ClaimSlot(ctx, "C1", now, "A", now, time.Minute)
	sl, okB, _ := b.ClaimSlot(ctx, "C1", now, "B", now, time.Minute)
	if !okA || okB || sl.Owner != "A" {
		t.Fatalf("slot claimed by A %v, by B %v (owner %q)", okA, okB, sl.Owner)
	}
}

func TestRefusesANewerSchema(t *testing.T) {
	u := testSchema(t)
	ctx := context.Background()
	s, err := pgstate.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	conn.Exec(ctx, "UPDATE newsdesk_state_version SET version = 99")
	conn.Close(ctx)
	if _, err := pgstate.Open(ctx, u); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("opened a schema from the future: %v", err)
	}
}

func TestExpiredRowsAreDeleted(t *testing.T) {
	u := testSchema(t)
	ctx := context.Background()
	s, err := pgstate.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	for _, k := range []string{"a", "b", "c"} {
		s.FirstSeen(ctx, k, t0, time.Minute)
	}
	s.FirstSeen(ctx, "d", t0.Add(2*time.Minute), time.Hour) // more than a minute later: the expired go
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	conn.QueryRow(ctx, "SELECT count(*) FROM newsdesk_seen").Scan(&n)
	if n != 1 {
		t.Fatalf("%d seen rows after expiry, want 1", n)
	}
}

// BenchmarkPostgresFirstSeen and BenchmarkPostgresClaimSlot are the cost of
// the once-only statements against NEWSDESK_TEST_POSTGRES_URL:
//
//	go test ./bot/state/pgstate -run '^$' -bench .
func BenchmarkPostgresFirstSeen(b *testing.B) {
	s := benchStore(b)
	now := time.Now()
	for i := 0; b.Loop(); i++ {
		if _, err := s.FirstSeen(context.Background(), "event:"+strconv.Itoa(i), now, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPostgresClaimSlot(b *testing.B) {
	s := benchStore(b)
	now := time.Now()
	at := now.Truncate(time.Minute)
	for i := 0; b.Loop(); i++ {
		if _, _, err := s.ClaimSlot(context.Background(), "C"+strconv.Itoa(i), at, "A", now, time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}

func benchStore(b *testing.B) *pgstate.Store {
	base := os.Getenv("NEWSDESK_TEST_POSTGRES_URL")
	if base == "" {
		b.Skip("NEWSDESK_TEST_POSTGRES_URL is not set")
	}
	u := testSchema(b)
	s, err := pgstate.Open(context.Background(), u)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}
