package main

import (
	"fmt"
	"net/url"
	"strings"
)

// StateConfig says where serve keeps its state (events seen, digest slots,
// saved answers).
type StateConfig struct {
	// URL is empty (files in the index folder, for one serve process) or
	// postgres://… (shared by replicas). Env NEWSDESK_STATE_URL.
	URL string `yaml:"url"`
}

// PostgresState reports whether the state is in PostgreSQL.
func (c StateConfig) PostgresState() bool {
	return strings.HasPrefix(c.URL, "postgres://") || strings.HasPrefix(c.URL, "postgresql://")
}

// validateServe checks the keys of serve's state and limits.
func (c Config) validateServe() error {
	if c.State.URL != "" {
		p, err := url.Parse(c.State.URL)
		if err != nil || !c.State.PostgresState() || p.Host == "" {
			// The URL may hold a password: name its scheme only.
			scheme, _, _ := strings.Cut(c.State.URL, ":")
			return badKey("state.url", fmt.Sprintf("must be empty (files in the index folder) or a postgres://user@host/db URL (env NEWSDESK_STATE_URL), not a %q URL", scheme))
		}
	}
	if n := c.Slack.MaxQuestionChars; n < 1 || n > 100_000 {
		return badKey("slack.max_question_chars", "must be between 1 and 100000")
	}
	return nil
}
