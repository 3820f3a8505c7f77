package main

import (
	"strings"
	"testing"
)

// TestDigestDate checks `digest --date D --since DUR`: the articles
// published in the DUR ending at the end of day D, the undated ones by when
// the index first saw them.
func TestDigestDate(t *testing.T) {
	seeds := needSeeds(t)
	index := t.TempDir()
	if _, errs, code := runCmd(t, nil, "ingest", "--corpus", seeds, "--index", index); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	out, errs, code := runCmd(t, nil, "digest", "--index", index, "--dry-run", "--date", "2024-01-26", "--since", "48h")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// Only CNN's report carries a date (2024-01-26); the others were first seen today.
	if !strings.Contains(out, "News digest: 1 story from 2024-01-25 00:00 to 2024-01-27 00:00 UTC") || !strings.Contains(out, "] CNN — ") ||
		strings.Contains(out, "The Washington Post") {
		t.Errorf("want CNN's dated report only:\n%s", out)
	}
	out, _, code = runCmd(t, nil, "digest", "--index", index, "--dry-run", "--date", "2023/01/01")
	if code != 0 || !strings.Contains(out, "Nothing new from 2023-01-01 00:00 to 2023-01-02 00:00 UTC") {
		t.Errorf("a day before the corpus: exit %d\n%s", code, out)
	}
	if _, errs, code := runCmd(t, nil, "digest", "--index", index, "--date", "someday"); code != 2 || !strings.Contains(errs, "--date") {
		t.Errorf("a bad --date: exit %d, %q", code, errs)
	}
}
