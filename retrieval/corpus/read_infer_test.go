package corpus

import (
	"slices"
	"testing"
	"time"
)

func TestInferText(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		given   string // the title the record gives
		title   string
		source  string
		date    string
		authors []string
		body    string // the expected body, or its start when it ends in "…"
	}{
		{name: "parenthesised outlet dateline", text: "(CNN) — Efforts to free hostages continue.", source: "CNN", body: "Efforts to free hostages continue."},
		{name: "place dateline is no outlet", text: "(WASHINGTON) — CIA Director Bill Burns will travel.", body: "CIA Director Bill Burns will travel."},
		{name: "dateline on its own line", text: "CNN  — \n\nEfforts continue.", source: "CNN", body: "Efforts continue."},
		{name: "place and outlet line", text: "New York CNN —\n\n“Squid Game” is back.", source: "CNN", body: "“Squid Game” is back."},
		{name: "AP style", text: "DENVER (AP) — Nathan MacKinnon scored.", source: "AP", body: "Nathan MacKinnon scored."},
		{name: "capital place with state", text: "RIVERSIDE, Ore. — The council met.", body: "The council met."},
		{name: "no dash", text: "New York (CNN Business) Elon Musk spoke.", source: "CNN", body: "Elon Musk spoke."},
		{name: "a dash in the lead is no dateline", text: "Netflix — the streaming giant — said so.", body: "Netflix — the streaming giant — said so."},
		{name: "outlet as the subject", text: "The Washington Post — citing officials — reported it.", body: "The Washington Post — citing officials — reported it."},
		{name: "capitalised subject before a dash", text: "CIA Director Bill Burns — who leads talks — left.", body: "CIA Director Bill Burns — who leads talks — left."},
		{name: "date line with byline", text: " date 2024-01-26 By Kevin Liptak and Alex Marquardt, CNN\n\n(CNN) — Talks go on.",
			source: "CNN", date: "2024-01-26", authors: []string{"Kevin Liptak", "Alex Marquardt"}, body: "Talks go on."},
		{name: "published line", text: "Published: Jan. 26, 2024\n\nTalks go on.", date: "2024-01-26", body: "Talks go on."},
		{name: "byline with unknown outlet", text: "By Mara Lind, Valley Herald\n\nThe storm hit.", source: "Valley Herald", authors: []string{"Mara Lind"}, body: "The storm hit."},
		{name: "byline with a job title", text: "By Mara Lind, Staff Writer\n\nThe storm hit.", authors: []string{"Mara Lind"}, body: "The storm hit."},
		{name: "by in a sentence is no byline", text: "By the time we arrived, it was over.", body: "By the time we arrived, it was over."},
		{name: "name over outlet", text: "Jessica Guynn\n\nUSA TODAY\n\nSAN FRANCISCO — It ended.", source: "USA Today", authors: []string{"Jessica Guynn"}, body: "It ended."},
		{name: "special to", text: "Charles Finch\n\nSpecial to USA TODAY\n\nThe big mysteries have arrived.", source: "USA Today", authors: []string{"Charles Finch"}, body: "The big mysteries have arrived."},
		{name: "outlet desk line", text: "USA TODAY Sports\n\nINDIANAPOLIS — It happened fast.", source: "USA Today", body: "It happened fast."},
		{name: "credit then lead without caption", text: "Jane Roe/Reuters\nRIVERSIDE — The council met on Monday.", body: "The council met on Monday."},
		{name: "headline", text: "Council closes Old Mill Bridge\n\nThe bridge closed.", title: "Council closes Old Mill Bridge", body: "The bridge closed."},
		{name: "sentence first line is no headline", text: "The bridge closed on Monday.\n\nIt reopens soon.", body: "The bridge closed on Monday.\n\nIt reopens soon."},
		{name: "quoted sentence is no headline", text: "He called his car a “big toasted marshmallow.”\n\nIt burned.", body: "He called his car a “big toasted marshmallow.”\n\nIt burned."},
		{name: "given title dropped from body", text: "Squid Game returns\n\nIt is back.", given: "Squid Game returns - CNN", title: "Squid Game returns", body: "It is back."},
		{name: "first line kept when a title is given", text: "Carrie Underwood wins again\n\nSounds about right.", given: "CMT Awards recap", body: "Carrie Underwood wins again\n\nSounds about right."},
		{name: "newsletter plug", text: "Sign up for CNN's Wonder Theory science newsletter. Explore the universe\n\n(CNN) The moon is full.", source: "CNN", body: "The moon is full."},
		{name: "markdown heading", text: "# Storm hits\n\nTrees fell.", title: "Storm hits", body: "Trees fell."},
		{name: "photo credit", text: "Kevin Dietsch/Getty Images\n\n(WASHINGTON) — Burns will travel.", body: "Burns will travel."},
		{name: "photo credit and caption", text: "Tom Williams/Pool/AP\nCIA Director Bill Burns is traveling to Europe.\nCNN  — \n\nEfforts continue.", source: "CNN", body: "Efforts continue."},
		{name: "credit inside the body", text: "First paragraph.\n\nJane Roe/Reuters\n\nSecond paragraph.", body: "First paragraph.\n\nSecond paragraph."},
		{name: "copyright trailer", text: "Burns will travel.\n\nCopyright © 2024, ABC Audio. All rights reserved.", source: "ABC News", body: "Burns will travel."},
		{name: "originally appeared", text: "The talks went on.\n\nThis article originally appeared in The New York Times.", source: "The New York Times", body: "The talks went on."},
		{name: "contributed of outlet", text: "The talks went on.\n\nInformation for this article was contributed by Susannah George and Karen DeYoung of The Washington Post.",
			source: "The Washington Post", body: "The talks went on.\n\nInformation for this article was contributed by …"},
		{name: "possessive contributed", text: "The talks went on.\n\nCNN’s Betsy Klein contributed reporting.", source: "CNN", body: "The talks went on.\n\nCNN’s Betsy Klein contributed reporting."},
		{name: "outlet mentioned in the body is no source", text: "News of the trip was first reported by The Washington Post. Talks go on.", body: "News of the trip was first reported by …"},
		{name: "byline beats trailer", text: "By Ann Bell, Metro Wire\n\nIt rained.\n\nCopyright 2026 ABC Audio", source: "Metro Wire", authors: []string{"Ann Bell"}, body: "It rained."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := inferText(tt.text, tt.given)
			var want time.Time
			if tt.date != "" {
				want = date(tt.date)
			}
			if m.Title != tt.title || m.Source != tt.source || !m.Date.Equal(want) || !slices.Equal(m.Authors, tt.authors) {
				t.Errorf("got title %q source %q date %v authors %q\nwant title %q source %q date %v authors %q",
					m.Title, m.Source, m.Date, m.Authors, tt.title, tt.source, want, tt.authors)
			}
			if prefix, ok := cutSuffix(tt.body, "…"); ok {
				if len(m.Body) < len(prefix) || m.Body[:len(prefix)] != prefix {
					t.Errorf("body %q, want it to start %q", m.Body, prefix)
				}
			} else if m.Body != tt.body {
				t.Errorf("body %q, want %q", m.Body, tt.body)
			}
		})
	}
}

func TestPlainMarkdown(t *testing.T) {
	in := "# Title\n\n## Background\n\nThe **council** met, [the minutes](https://x.example/m) say.\n\n![photo](a.jpg)\n> “We had no choice,” she said."
	want := "# Title\n\nBackground\n\nThe council met, the minutes say.\n\n\n“We had no choice,” she said."
	if got := plainMarkdown(in); got != want {
		t.Errorf("plainMarkdown:\n got %q\nwant %q", got, want)
	}
}

func cutSuffix(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

func TestNormaliseSource(t *testing.T) {
	tests := map[string]string{
		"www.cnn.com": "CNN", "e.newsletters.cnn.com": "CNN", "www.usatoday.com": "USA Today", "USA TODAY": "USA Today",
		"https://www.nytimes.com/2024/01/26/x.html": "The New York Times", "abcnews.go.com": "ABC News", "bbc.co.uk": "BBC News",
		"www.theweek.co.uk": "The Week", "Riverside Courier": "Riverside Courier", "gasprices.aaa.com": "gasprices.aaa.com",
		" Reuters ": "Reuters", "": "",
	}
	for in, want := range tests {
		if got := normaliseSource(in); got != want {
			t.Errorf("normaliseSource(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	day := date("2024-01-26")
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-01-26", day},
		{"2024/01/26", day},
		{" 2024-01-26 ", day},
		{"2024-01-26T15:04:05Z", time.Date(2024, 1, 26, 15, 4, 5, 0, time.UTC)},
		{"2024-01-26T15:04:05.123+00:00", time.Date(2024, 1, 26, 15, 4, 5, 123e6, time.UTC)},
		{"Fri, 26 Jan 2024 15:04:05 GMT", time.Date(2024, 1, 26, 15, 4, 5, 0, time.UTC)},
		{"January 26, 2024", day},
		{"Jan. 26, 2024", day},
		{"Jan 26, 2024", day},
		{"Sept. 3, 2024", date("2024-09-03")},
		{"26 January 2024", day},
		{"Friday, January 26, 2024", day},
		{"2024-01-26 15:04:05", time.Date(2024, 1, 26, 15, 4, 5, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2024-13-45", "26/26/2024", "Jan. 32, 2024"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q): no error", bad)
		}
	}
}
