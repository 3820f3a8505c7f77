package state_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk/bot/state"
	"newsdesk/bot/state/statetest"
)

func TestLocalConformance(t *testing.T) {
	statetest.Run(t, func(t *testing.T) func() statetest.Store {
		dir := t.TempDir()
		return func() statetest.Store {
			l, err := state.OpenLocal(dir, state.LocalOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
	})
}

func TestLocalSurvivesATornLine(t *testing.T) {
	dir := t.TempDir()
	l, err := state.OpenLocal(dir, state.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	l.FirstSeen(t.Context(), "event:Ev1", now, time.Hour)
	l.Close()
	f, _ := os.OpenFile(filepath.Join(dir, state.SeenFile), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"k":"event:Ev2","e":"20`) // a crash mid-write
	f.Close()
	l, err = state.OpenLocal(dir, state.LocalOptions{})
	if err != nil {
		t.Fatalf("a torn last line stops the state from opening: %v", err)
	}
	defer l.Close()
	if ok, _ := l.FirstSeen(t.Context(), "event:Ev1", now, time.Hour); ok {
		t.Error("the intact record was lost")
	}
	if ok, _ := l.FirstSeen(t.Context(), "event:Ev3", now, time.Hour); !ok {
		t.Error("a new key after the torn line was not new")
	}
	b, _ := os.ReadFile(filepath.Join(dir, state.SeenFile))
	if !strings.Contains(string(b), "\n{\"k\":\"event:Ev3\"") {
		t.Errorf("the next record does not start on its own line:\n%s", b)
	}
}

func TestLocalIsBounded(t *testing.T) {
	dir := t.TempDir()
	l, err := state.OpenLocal(dir, state.LocalOptions{MaxSeen: 100, MaxAnswers: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	now := time.Now()
	for i := range 1000 {
		l.FirstSeen(t.Context(), "k"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+time.Duration(i).String(), now, time.Hour)
		l.SaveAnswer(t.Context(), time.Duration(i).String(), state.SavedAnswer{Question: "q"}, now.Add(time.Duration(i)*time.Second), time.Hour)
	}
	seen, _ := os.ReadFile(filepath.Join(dir, state.SeenFile))
	answers, _ := os.ReadFile(filepath.Join(dir, state.AnswersFile))
	if n := strings.Count(string(seen), "\n"); n > 2*100+1024 {
		t.Errorf("seen log has %d lines for a cap of 100", n)
	}
	if n := strings.Count(string(answers), "\n"); n > 2*10+256 {
		t.Errorf("answers log has %d lines for a cap of 10", n)
	}
	if _, ok, _ := l.LoadAnswer(t.Context(), time.Duration(999).String(), now.Add(999*time.Second)); !ok {
		t.Error("the newest answer was dropped")
	}
}

func TestLocalImportsTheLegacyDigestState(t *testing.T) {
	dir := t.TempDir()
	legacy := `{"channels":{"C1":{"slot":"2026-01-05T12:00:00Z","until":"2026-01-05T12:00:05Z"}}}`
	os.WriteFile(filepath.Join(dir, state.LegacyDigestFile), []byte(legacy), 0o644)
	l, err := state.OpenLocal(dir, state.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	last, ok, err := l.LastSlot(t.Context(), "C1")
	if err != nil || !ok || last.At.Format(time.RFC3339) != "2026-01-05T12:00:00Z" || last.Until.Format(time.RFC3339) != "2026-01-05T12:00:05Z" {
		t.Fatalf("legacy mark not imported: %+v %v %v", last, ok, err)
	}
}

func TestLocalRejectsACorruptDigestFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, state.DigestFile), []byte("{not json"), 0o644)
	l, err := state.OpenLocal(dir, state.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, _, err := l.LastSlot(t.Context(), "C1"); err == nil || !strings.Contains(err.Error(), state.DigestFile) {
		t.Fatalf("a corrupt digest file: %v; want an error naming it", err)
	}
}

// BenchmarkLocalFirstSeen is the cost of recording one Slack delivery in
// the local state (an fsynced append):
//
//	go test ./bot/state -run '^$' -bench FirstSeen
func BenchmarkLocalFirstSeen(b *testing.B) {
	l, err := state.OpenLocal(b.TempDir(), state.LocalOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	now := time.Now()
	for i := 0; b.Loop(); i++ {
		if _, err := l.FirstSeen(b.Context(), "event:"+strconv.Itoa(i), now, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}
