// Package pgstate keeps serve's state in PostgreSQL, so that any number of
// replicas answer each Slack event once and post each digest slot once. Each
// once-only decision is one statement: a seen key is an INSERT … ON
// CONFLICT DO UPDATE … WHERE expired, a slot claim an INSERT … ON CONFLICT
// DO UPDATE … WHERE the lease ran out, both RETURNING the row only to the
// caller that won. The schema is created and migrated at Open (under an
// advisory lock, recorded in newsdesk_state_version); expired rows are
// deleted at most once a minute by the store that notices.
package pgstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"newsdesk/bot/state"
)

// Store is the PostgreSQL state. It is safe for concurrent use, and any
// number of Stores (processes) may share one database.
type Store struct {
	pool *pgxpool.Pool

	mu         sync.Mutex
	lastExpiry time.Time
}

// migrations are the schema versions, in order; version n is migrations[n-1].
var migrations = []string{
	`CREATE TABLE newsdesk_seen (
		key        text PRIMARY KEY,
		expires_at timestamptz NOT NULL
	);
	CREATE INDEX newsdesk_seen_expires ON newsdesk_seen (expires_at);
	CREATE TABLE newsdesk_answers (
		id         text PRIMARY KEY,
		body       jsonb NOT NULL,
		expires_at timestamptz NOT NULL
	);
	CREATE INDEX newsdesk_answers_expires ON newsdesk_answers (expires_at);
	CREATE TABLE newsdesk_digest_channels (
		channel  text PRIMARY KEY,
		armed_at timestamptz NOT NULL
	);
	CREATE TABLE newsdesk_digest_slots (
		channel     text NOT NULL,
		slot        timestamptz NOT NULL,
		status      text NOT NULL,
		owner       text NOT NULL,
		lease_until timestamptz NOT NULL,
		tries       integer NOT NULL,
		claimed_at  timestamptz NOT NULL,
		since       timestamptz,
		until       timestamptz,
		ts          text NOT NULL DEFAULT '',
		PRIMARY KEY (channel, slot)
	);`,
}

// SchemaVersion is the schema version this code writes.
var SchemaVersion = len(migrations)

// migrationLock is the advisory lock key replicas take while migrating.
const migrationLock = 0x6e657773 // "news"

// Open connects to url (postgres://…; search_path and the other libpq
// parameters are honoured) and creates or migrates the schema. A database
// whose schema is newer than this code is refused.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("state.url: %w", err)
	}
	cfg.MaxConns = 8
	cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("state: connect to PostgreSQL: %w", err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("state: connect to PostgreSQL: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("state: migrate: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS newsdesk_state_version (version integer NOT NULL)`); err != nil {
		return fmt.Errorf("state: migrate: %w", err)
	}
	version := 0
	err = tx.QueryRow(ctx, `SELECT version FROM newsdesk_state_version`).Scan(&version)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if _, err := tx.Exec(ctx, `INSERT INTO newsdesk_state_version (version) VALUES (0)`); err != nil {
			return fmt.Errorf("state: migrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("state: migrate: %w", err)
	}
	if version > SchemaVersion {
		return fmt.Errorf("state: the database's schema is version %d, newer than this newsdesk (%d); upgrade newsdesk", version, SchemaVersion)
	}
	for v := version; v < SchemaVersion; v++ {
		if _, err := tx.Exec(ctx, migrations[v]); err != nil {
			return fmt.Errorf("state: migrate to version %d: %w", v+1, err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE newsdesk_state_version SET version = $1`, SchemaVersion); err != nil {
		return fmt.Errorf("state: migrate: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("state: migrate: %w", err)
	}
	return nil
}

// Close closes the connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// expire deletes expired rows, at most once a minute (of now).
func (s *Store) expire(ctx context.Context, now time.Time) {
	s.mu.Lock()
	due := now.Sub(s.lastExpiry) >= time.Minute || now.Before(s.lastExpiry)
	if due {
		s.lastExpiry = now
	}
	s.mu.Unlock()
	if !due {
		return
	}
	_, _ = s.pool.Exec(ctx, `DELETE FROM newsdesk_seen WHERE expires_at <= $1`, now)
	_, _ = s.pool.Exec(ctx, `DELETE FROM newsdesk_answers WHERE expires_at <= $1`, now)
	_, _ = s.pool.Exec(ctx, `DELETE FROM newsdesk_digest_slots s WHERE s.status <> 'posting' AND s.slot < $1
		AND EXISTS (SELECT 1 FROM newsdesk_digest_slots t WHERE t.channel = s.channel AND t.slot > s.slot AND t.status IN ('posted', 'empty'))`,
		now.Add(-state.SlotRetention))
}

// FirstSeen records key until now+ttl and reports whether it was new (never
// seen, or its record expired), in one statement.
func (s *Store) FirstSeen(ctx context.Context, key string, now time.Time, ttl time.Duration) (bool, error) {
	s.expire(ctx, now)
	var k string
	err := s.pool.QueryRow(ctx, `INSERT INTO newsdesk_seen (key, expires_at) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE newsdesk_seen.expires_at <= $3
		RETURNING key`, key, now.Add(ttl), now).Scan(&k)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("state: record %s: %w", key, err)
	}
	return true, nil
}

// SaveAnswer keeps a until now+ttl under id.
func (s *Store) SaveAnswer(ctx context.Context, id string, a state.SavedAnswer, now time.Time, ttl time.Duration) error {
	s.expire(ctx, now)
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO newsdesk_answers (id, body, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, expires_at = EXCLUDED.expires_at`, id, body, now.Add(ttl))
	if err != nil {
		return fmt.Errorf("state: save answer: %w", err)
	}
	return nil
}

// LoadAnswer returns the answer saved under id while it lasts.
func (s *Store) LoadAnswer(ctx context.Context, id string, now time.Time) (state.SavedAnswer, bool, error) {
	var body []byte
	err := s.pool.QueryRow(ctx, `SELECT body FROM newsdesk_answers WHERE id = $1 AND expires_at > $2`, id, now).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return state.SavedAnswer{}, false, nil
	}
	if err != nil {
		return state.SavedAnswer{}, false, fmt.Errorf("state: load answer: %w", err)
	}
	var a state.SavedAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return state.SavedAnswer{}, false, fmt.Errorf("state: answer %s: %w", id, err)
	}
	return a, true, nil
}

// ArmChannel records the first time channel's schedule ran and returns it.
func (s *Store) ArmChannel(ctx context.Context, channel string, now time.Time) (time.Time, error) {
	var at time.Time
	err := s.pool.QueryRow(ctx, `INSERT INTO newsdesk_digest_channels (channel, armed_at) VALUES ($1, $2)
		ON CONFLICT (channel) DO UPDATE SET channel = EXCLUDED.channel RETURNING armed_at`, channel, now).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("state: arm digest for %s: %w", channel, err)
	}
	return at.UTC(), nil
}

const slotColumns = `channel, slot, status, owner, lease_until, tries, claimed_at, since, until, ts`

func scanSlot(row pgx.Row) (state.Slot, error) {
	var sl state.Slot
	var status string
	var since, until *time.Time
	err := row.Scan(&sl.Channel, &sl.At, &status, &sl.Owner, &sl.LeaseUntil, &sl.Tries, &sl.ClaimedAt, &since, &until, &sl.TS)
	sl.Status = state.SlotStatus(status)
	sl.At, sl.LeaseUntil, sl.ClaimedAt = sl.At.UTC(), sl.LeaseUntil.UTC(), sl.ClaimedAt.UTC()
	if since != nil {
		sl.Since = since.UTC()
	}
	if until != nil {
		sl.Until = until.UTC()
	}
	return sl, err
}

// ClaimSlot takes slot (channel, at) for owner until now+lease, in one
// statement: a new slot, or one still posting whose lease ran out.
func (s *Store) ClaimSlot(ctx context.Context, channel string, at time.Time, owner string, now time.Time, lease time.Duration) (state.Slot, bool, error) {
	at = at.UTC().Truncate(time.Minute)
	sl, err := scanSlot(s.pool.QueryRow(ctx, `INSERT INTO newsdesk_digest_slots AS s
		(channel, slot, status, owner, lease_until, tries, claimed_at) VALUES ($1, $2, 'posting', $3, $4, 1, $5)
		ON CONFLICT (channel, slot) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, tries = s.tries + 1
			WHERE s.status = 'posting' AND s.lease_until <= $5
		RETURNING `+slotColumns, channel, at, owner, now.Add(lease), now))
	if err == nil {
		return sl, true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return state.Slot{}, false, fmt.Errorf("state: claim digest slot: %w", err)
	}
	sl, err = scanSlot(s.pool.QueryRow(ctx, `SELECT `+slotColumns+` FROM newsdesk_digest_slots WHERE channel = $1 AND slot = $2`, channel, at))
	if err != nil {
		return state.Slot{}, false, fmt.Errorf("state: read digest slot: %w", err)
	}
	return sl, false, nil
}

// RenewSlot extends owner's lease; false when the claim was lost.
func (s *Store) RenewSlot(ctx context.Context, channel string, at time.Time, owner string, now time.Time, lease time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE newsdesk_digest_slots SET lease_until = $4
		WHERE channel = $1 AND slot = $2 AND owner = $3 AND status = 'posting'`, channel, at.UTC().Truncate(time.Minute), owner, now.Add(lease))
	if err != nil {
		return false, fmt.Errorf("state: renew digest slot: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// FinishSlot settles a slot its owner holds; false when it was lost.
func (s *Store) FinishSlot(ctx context.Context, sl state.Slot, now time.Time) (bool, error) {
	if !sl.Status.Done() {
		return false, fmt.Errorf("state: finish digest slot with status %q", sl.Status)
	}
	s.expire(ctx, now)
	tag, err := s.pool.Exec(ctx, `UPDATE newsdesk_digest_slots SET status = $4, since = $5, until = $6, ts = $7, lease_until = $8
		WHERE channel = $1 AND slot = $2 AND owner = $3 AND status = 'posting'`,
		sl.Channel, sl.At.UTC().Truncate(time.Minute), sl.Owner, string(sl.Status), nullTime(sl.Since), nullTime(sl.Until), sl.TS, now)
	if err != nil {
		return false, fmt.Errorf("state: finish digest slot: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// LastSlot is channel's latest posted or empty slot.
func (s *Store) LastSlot(ctx context.Context, channel string) (state.Slot, bool, error) {
	sl, err := scanSlot(s.pool.QueryRow(ctx, `SELECT `+slotColumns+` FROM newsdesk_digest_slots
		WHERE channel = $1 AND status IN ('posted', 'empty') ORDER BY slot DESC LIMIT 1`, channel))
	if errors.Is(err, pgx.ErrNoRows) {
		return state.Slot{}, false, nil
	}
	if err != nil {
		return state.Slot{}, false, fmt.Errorf("state: last digest slot: %w", err)
	}
	return sl, true, nil
}

// OpenSlots are channel's slots still posting, oldest first.
func (s *Store) OpenSlots(ctx context.Context, channel string) ([]state.Slot, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+slotColumns+` FROM newsdesk_digest_slots
		WHERE channel = $1 AND status = 'posting' ORDER BY slot`, channel)
	if err != nil {
		return nil, fmt.Errorf("state: open digest slots: %w", err)
	}
	defer rows.Close()
	var out []state.Slot
	for rows.Next() {
		sl, err := scanSlot(rows)
		if err != nil {
			return nil, fmt.Errorf("state: open digest slots: %w", err)
		}
		out = append(out, sl)
	}
	return out, rows.Err()
}
