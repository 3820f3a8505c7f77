package retrieval

import (
	"strings"
	"testing"
	"time"

	"newsdesk/internal/text"
)

func TestParseQuery(t *testing.T) {
	a := text.NewAnalyzer(text.IndexOptions())
	tests := []struct {
		name    string
		text    string
		want    map[string]float64 // term → weight; every term of the query
		horizon float64
	}{
		{
			name: "quiz and time words dropped",
			text: "Which company recently announced this week it will close stores?",
			want: map[string]float64{"compani": 1, "close": 1, "store": 1},
			// "this week" says how far back to look
			horizon: 7,
		},
		{
			name: "names inside a sentence weighted up, the first word not",
			text: "Police arrested men near Boise, Idaho. Officers said so.",
			want: map[string]float64{"polic": 1, "arrest": 1, "men": 1, "near": 1, "bois": nameWeight, "idaho": nameWeight, "offic": 1},
		},
		{
			name: "quoted phrases weighted up",
			text: `Which “extremely rare” item sold at auction last month?`,
			want: map[string]float64{"extrem": quoteWeight, "rare": quoteWeight, "item": 1, "sold": 1, "auction": 1},
			// "last month"
			horizon: 62,
		},
		{
			name: "years are not horizons",
			text: "Which singer will launch a Las Vegas residency later this year?",
			want: map[string]float64{"singer": 1, "launch": 1, "las": nameWeight, "vega": nameWeight, "resid": 1},
		},
		{
			name: "a country's other names join at a share of its weight",
			text: "Who leads the UK government?",
			want: map[string]float64{"lead": 1, "uk": nameWeight, "govern": 1, "britain": aliasWeight * nameWeight, "british": aliasWeight * nameWeight},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := parseQuery(a, tc.text)
			got := map[string]float64{}
			for _, qt := range q.terms {
				got[qt.term] = qt.weight
			}
			if len(got) != len(tc.want) {
				t.Errorf("terms %v, want %v", got, tc.want)
			}
			for term, w := range tc.want {
				if got[term] != w {
					t.Errorf("term %q weight %v, want %v (all %v)", term, got[term], w, got)
				}
			}
			if q.horizon != tc.horizon {
				t.Errorf("horizon %v, want %v", q.horizon, tc.horizon)
			}
		})
	}
}

func TestRecencyPrior(t *testing.T) {
	asked := day("2022-06-16")
	tests := []struct {
		name      string
		published time.Time
		horizon   float64
		want      func(float64) bool
	}{
		{"within the horizon", day("2022-06-12"), 10, func(p float64) bool { return p == 1 }},
		{"the same day", day("2022-06-16"), 10, func(p float64) bool { return p == 1 }},
		{"hours after the question's day began (time zones)", asked.Add(8 * time.Hour), 10, func(p float64) bool { return p == 1 }},
		{"the day after", day("2022-06-17"), 10, func(p float64) bool { return p < 0 }},
		{"well after the question", day("2022-06-20"), 10, func(p float64) bool { return p < 0 }},
		{"a month old", day("2022-05-16"), 10, func(p float64) bool { return p > 0 && p < 0.2 }},
		{"a month old, asked about last month", day("2022-05-16"), 62, func(p float64) bool { return p == 1 }},
		{"undated", time.Time{}, 10, func(p float64) bool { return p == 0.5 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if p := recencyPrior(tc.published, asked, tc.horizon, defaultRanking().grace); !tc.want(p) {
				t.Errorf("prior %v", p)
			}
		})
	}
}

func TestURLSlug(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"cnn", "https://www.cnn.com/2022/06/15/business/ford-recall/index.html", "ford recall"},
		{"usa today", "https://www.usatoday.com/story/news/2022/06/12/squid-game-season-2/7602389001/", "squid game season 2"},
		{"fragment ignored", "https://www.cnn.com/2022/06/12/tech/usbc-nightcap/index.html#:~:text=a-b-c-d", "usbc nightcap"},
		{"no slug", "https://gasprices.aaa.com/", ""},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := urlSlug(tc.url); got != tc.want {
				t.Errorf("urlSlug(%q) = %q, want %q", tc.url, got, tc.want)
			}
		})
	}
}

func TestLede(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"dateline skipped", "Washington CNN —\n\nA bipartisan group of senators unveiled a gun safety deal on Sunday. More follows.", "A bipartisan group of senators unveiled a gun safety deal on Sunday."},
		{"long sentence cut", strings.Repeat("word ", 40) + ".", strings.TrimSpace(strings.Repeat("word ", 30))},
		{"no paragraph long enough", "Short line.\nAnother one.", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := lede(tc.body); got != tc.want {
				t.Errorf("lede = %q, want %q", got, tc.want)
			}
		})
	}
}
