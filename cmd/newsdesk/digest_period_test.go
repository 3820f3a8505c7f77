package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestDigestPeriod(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone database")
	}
	now := time.Date(2026, 1, 5, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name     string
		date     string
		since    time.Duration
		loc      *time.Location
		from, to time.Time
	}{
		{"no date ends now", "", 24 * time.Hour, time.UTC, now.Add(-24 * time.Hour), now},
		{"end of the day", "2022-09-20", 48 * time.Hour, time.UTC, time.Date(2022, 9, 19, 0, 0, 0, 0, time.UTC), time.Date(2022, 9, 21, 0, 0, 0, 0, time.UTC)},
		{"slashed date", "2022/09/20", 24 * time.Hour, time.UTC, time.Date(2022, 9, 20, 0, 0, 0, 0, time.UTC), time.Date(2022, 9, 21, 0, 0, 0, 0, time.UTC)},
		{"schedule's time zone", "2022-09-20", 24 * time.Hour, london, time.Date(2022, 9, 20, 0, 0, 0, 0, london), time.Date(2022, 9, 21, 0, 0, 0, 0, london)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from, to, err := digestPeriod(tc.date, tc.since, tc.loc, now)
			if err != nil || !from.Equal(tc.from) || !to.Equal(tc.to) {
				t.Errorf("digestPeriod = %v, %v, %v; want %v, %v", from, to, err, tc.from, tc.to)
			}
		})
	}
	if _, _, err := digestPeriod("yesterday", time.Hour, time.UTC, now); err == nil {
		t.Error("a bad --date is accepted")
	}
}

func TestDigestLocation(t *testing.T) {
	cfg := func(zones ...string) Config {
		var c Config
		for i, z := range zones {
			c.Digest.Schedules = append(c.Digest.Schedules, DigestSchedule{Channel: "C" + string(rune('1'+i)), Cron: "0 8 * * *", TimeZone: z})
		}
		return c
	}
	tests := []struct {
		name    string
		cfg     Config
		channel string
		want    string
	}{
		{"no schedule", cfg(), "", "UTC"},
		{"one schedule", cfg("Europe/London"), "", "Europe/London"},
		{"the channel's schedule", cfg("Europe/London", "America/New_York"), "C2", "America/New_York"},
		{"schedules disagree", cfg("Europe/London", "America/New_York"), "", "UTC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := digestLocation(tc.cfg, tc.channel).String(); got != tc.want {
				t.Errorf("digestLocation = %s, want %s", got, tc.want)
			}
		})
	}
}

// TestDigestOfAPastDayOnRealtimeQA is the digest of a backfilled archive:
// 19–20 September 2022 holds only articles published then, led by the
// Queen's funeral.
func TestDigestOfAPastDayOnRealtimeQA(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests the realtimeqa corpus")
	}
	if _, err := os.Stat(realtimeqa); err != nil {
		t.Skip("realtimeqa corpus not present")
	}
	out, errOut, code := runCmd(t, nil, "digest", "--index", t.TempDir(), "--corpus", realtimeqa, "--dry-run", "--date", "2022-09-20", "--since", "48h")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if !strings.Contains(out, "from 2022-09-19 00:00 to 2022-09-21 00:00 UTC") {
		t.Errorf("the period is not said:\n%s", lines[0])
	}
	if first := regexp.MustCompile(`(?m)^1\. (.*)$`).FindStringSubmatch(out); first == nil || !strings.Contains(strings.ToLower(first[1]), "funeral") {
		t.Errorf("the digest is not led by the Queen's funeral:\n%s", strings.Join(lines[:min(len(lines), 12)], "\n"))
	}
	dates := regexp.MustCompile(`\((\d{4}-\d\d-\d\d)\) `).FindAllStringSubmatch(out, -1)
	if len(dates) < 10 {
		t.Fatalf("only %d dated sources:\n%s", len(dates), out)
	}
	for _, d := range dates {
		if d[1] != "2022-09-19" && d[1] != "2022-09-20" {
			t.Errorf("a source published %s is in the digest of 19–20 September", d[1])
		}
	}
}
