package corpus

import (
	"strings"
	"testing"

	"newsdesk/internal/news"
)

func TestOtherEncodingsAreTranscodedAndSaidSo(t *testing.T) {
	tests := []struct {
		name, file, content string
		wantBody, wantNote  string // a part of each; "" for no note
	}{
		{"windows-1252 text", "cp1252.txt", "\x93Caf\xe9 cr\xe8me,\x94 she said \x96 at the caf\xe9.\n",
			"“Café crème,” she said – at the café.", "transcoded from Windows-1252"},
		{"iso-8859-1 markdown", "latin1.md", "# R\xe9sum\xe9 des nouvelles\n\nLe ma\xeetre a parl\xe9 \xe0 la presse.\n",
			"Le maître a parlé à la presse.", "transcoded from Windows-1252"},
		{"declared html charset", "page.html", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><title>Fa\xe7ade</title></head><body><p>La fa\xe7ade de l'h\xf4tel a \xe9t\xe9 r\xe9nov\xe9e.</p></body></html>",
			"La façade de l'hôtel a été rénovée.", "declared charset"},
		{"utf-8 with a few bad bytes", "damaged.txt", "Zelenskyy’s café reopened on Monday \xff after the strike; naïve résumés \xfe were everywhere.",
			"Zelenskyy’s café reopened on Monday \uFFFD after", "2 invalid UTF-8 bytes replaced"},
		{"utf-16", "wide.txt", "\xff\xfeH\x00\xe9\x00l\x00l\x00o\x00", "Héllo", "transcoded from UTF-16"},
		{"utf-8", "plain.txt", "Plain café text.", "Plain café text.", ""},
		{"jsonl line in windows-1252", "lines.jsonl", "{\"id\": \"x\", \"body\": \"Caf\xe9 reopens\"}\n", "Café reopens", "transcoded from Windows-1252"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{tc.file: tc.content})
			arts, notes := readDir(t, DefaultReaderOptions(), dir)
			if len(arts) != 1 || !strings.Contains(arts[0].Body, tc.wantBody) {
				t.Fatalf("articles %+v, want one whose body has %q", arts, tc.wantBody)
			}
			var kept []news.Skipped
			for _, n := range notes {
				if !n.Kept {
					t.Fatalf("skipped: %v", n)
				}
				kept = append(kept, n)
			}
			switch {
			case tc.wantNote == "" && len(kept) > 0:
				t.Fatalf("notes %v, want none", kept)
			case tc.wantNote != "" && (len(kept) != 1 || !strings.Contains(kept[0].Reason, tc.wantNote)):
				t.Fatalf("notes %v, want one saying %q", kept, tc.wantNote)
			}
		})
	}
}
