package digest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/testcorpus"
	"newsdesk/internal/text"
	"newsdesk/retrieval"
)

// fakeSource is an ArticleSource over a fixed list.
type fakeSource struct {
	arts   []news.Article
	groups map[string]int
}

func (f fakeSource) Articles(from, to time.Time) []news.Article {
	var out []news.Article
	for _, a := range f.arts {
		if retrieval.InPeriod(a, from, to) {
			out = append(out, a)
		}
	}
	return out
}

func (f fakeSource) Group(id string) int {
	if g, ok := f.groups[id]; ok {
		return g
	}
	return -1
}

var _ ArticleSource = (*retrieval.Index)(nil)

// seedArticles reads the five seed articles with the outlets the readers
// infer from their text.
func seedArticles(t testing.TB) []news.Article {
	t.Helper()
	dir := testcorpus.Seeds(t)
	outlets := []string{"ABC News", "CNN", "The Washington Post", "The New York Times", "CNN"}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) != 5 {
		t.Skipf("seed corpus not found in %s", dir)
	}
	sort.Strings(files)
	seen := time.Date(2024, 1, 26, 12, 0, 0, 0, time.UTC)
	var arts []news.Article
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, news.Article{DocID: filepath.Base(f), Source: outlets[i], URL: fmt.Sprintf("https://example.com/%d", i), Body: string(b), FirstSeen: seen})
	}
	return arts
}

func TestDigestSeedsOneStory(t *testing.T) {
	arts := seedArticles(t)
	// Unrelated news of the same day must stay apart.
	arts = append(arts,
		news.Article{DocID: "x1", Title: "Squid Game renewed for a second season", Source: "Variety", Body: "Netflix announced Sunday that the wildly popular South Korean show is green lit for a second season, the director said in a letter to fans.", FirstSeen: arts[0].FirstSeen},
		news.Article{DocID: "x2", Title: "Heat wave grips Texas", Source: "USA Today", Body: "Temperatures soared past 110 degrees across Texas on Sunday as the state's power grid operator asked residents to conserve electricity.", FirstSeen: arts[0].FirstSeen},
	)
	o := DefaultOptions()
	o.MaxStories, o.MaxSentences = 8, 3
	d := mustNew(t, fakeSource{arts: arts}, o)
	dg, err := d.Digest(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(dg.Stories) != 3 {
		t.Fatalf("got %d stories, want 3 (the seeds and two others): %+v", len(dg.Stories), dg.Stories)
	}
	st := dg.Stories[0]
	if st.Articles != 5 {
		t.Errorf("first story has %d articles, want the 5 seeds", st.Articles)
	}
	wantOutlets := []string{"ABC News", "CNN", "The New York Times", "The Washington Post"}
	got := append([]string(nil), st.Outlets...)
	sort.Strings(got)
	if strings.Join(got, "|") != strings.Join(wantOutlets, "|") {
		t.Errorf("outlets = %v, want %v", got, wantOutlets)
	}
	if st.Headline == "" || strings.Contains(st.Headline, "\n") {
		t.Errorf("headline = %q", st.Headline)
	}
	checkSummary(t, st)
	t.Logf("headline: %s\nsummary: %s", st.Headline, st.Summary)
}

// citedSentenceRE matches the end of a cited summary sentence: its markers
// and the final punctuation.
var citedSentenceRE = regexp.MustCompile(`(\[\d+\])+[.!?]["”’]?(\s|$)`)

// checkSummary asserts 1-3 sentences, each ending with [n] markers that have
// their citations, and no dateline.
func checkSummary(t *testing.T, st news.Story) {
	t.Helper()
	summary := strings.TrimSpace(st.Summary)
	ends := citedSentenceRE.FindAllStringIndex(summary, -1)
	if len(ends) < 1 || len(ends) > 3 {
		t.Errorf("summary has %d cited sentences, want 1-3: %q", len(ends), summary)
	}
	if len(ends) > 0 && ends[len(ends)-1][1] != len(summary) {
		t.Errorf("summary ends with an uncited sentence: %q", summary)
	}
	for _, m := range text.Markers(summary) {
		k := m.Nums[0]
		if k < 1 || k > len(st.Citations) || st.Citations[k-1].N != k {
			t.Errorf("marker [%d] has no citation (%d citations)", k, len(st.Citations))
		} else if st.Citations[k-1].Quote == "" {
			t.Errorf("citation [%d] has no quote", k)
		}
	}
	if strings.Contains(summary, "(CNN)") || strings.Contains(summary, "(WASHINGTON)") {
		t.Errorf("summary keeps a dateline: %q", summary)
	}
}

func TestDigestCapAndMore(t *testing.T) {
	now := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	topics := []string{"volcano erupts in Iceland near the town of Grindavik", "central bank raises interest rates to curb inflation",
		"football club wins the championship final in extra time", "wildfire forces evacuations across northern California",
		"spacecraft lands on the far side of the moon"}
	var arts []news.Article
	for i, tp := range topics {
		arts = append(arts, news.Article{DocID: fmt.Sprint(i), Title: tp, Source: "Outlet", Body: "Officials said the " + tp + " on Tuesday, in a statement to reporters.", FirstSeen: now.Add(time.Duration(i) * time.Minute)})
	}
	tests := []struct {
		name      string
		max       int
		wantShown int
		wantMore  int
	}{
		{"cap below", 2, 2, 3},
		{"cap equal", 5, 5, 0},
		{"cap above", 9, 5, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := DefaultOptions()
			o.MaxStories, o.Now = tc.max, func() time.Time { return now.Add(time.Hour) }
			d := mustNew(t, fakeSource{arts: arts}, o)
			dg, err := d.Digest(context.Background(), now)
			if err != nil {
				t.Fatal(err)
			}
			if len(dg.Stories) != tc.wantShown || dg.More != tc.wantMore {
				t.Fatalf("got %d stories and %d more, want %d and %d", len(dg.Stories), dg.More, tc.wantShown, tc.wantMore)
			}
			if !dg.Until.Equal(now.Add(time.Hour)) || !dg.Since.Equal(now) {
				t.Errorf("period = %v..%v", dg.Since, dg.Until)
			}
			// Equal coverage: the most recent story first.
			if dg.Stories[0].Headline != topics[4] {
				t.Errorf("first story = %q, want the newest", dg.Stories[0].Headline)
			}
			for _, st := range dg.Stories {
				checkSummary(t, st)
			}
		})
	}
}

func TestDigestEmptyPeriod(t *testing.T) {
	d := mustNew(t, fakeSource{}, DefaultOptions())
	dg, err := d.Digest(context.Background(), time.Now())
	if err != nil || len(dg.Stories) != 0 || dg.More != 0 {
		t.Fatalf("got %+v, %v; want an empty digest", dg, err)
	}
}

// fakeSummarizer returns a fixed summary or an error.
type fakeSummarizer struct {
	headline, summary string
	err               error
}

func (f fakeSummarizer) SummarizeStory(ctx context.Context, sources []news.Source) (string, string, error) {
	return f.headline, f.summary, f.err
}

func TestDigestSummarizer(t *testing.T) {
	tests := []struct {
		name        string
		sum         fakeSummarizer
		wantSummary string // "" means extractive
	}{
		{"llm used", fakeSummarizer{"CIA chief heads to Europe", "Burns travels to Europe for hostage talks [1][2].", nil}, "Burns travels to Europe for hostage talks [1][2]."},
		{"llm error falls back", fakeSummarizer{err: errors.New("timeout")}, ""},
		{"bad marker falls back", fakeSummarizer{"h", "Burns travels [9].", nil}, ""},
		{"no marker falls back", fakeSummarizer{"h", "Burns travels.", nil}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := DefaultOptions()
			o.Summarizer = tc.sum
			d := mustNew(t, fakeSource{arts: seedArticles(t)}, o)
			dg, err := d.Digest(context.Background(), time.Time{})
			if err != nil || len(dg.Stories) != 1 {
				t.Fatalf("got %d stories, %v", len(dg.Stories), err)
			}
			st := dg.Stories[0]
			if tc.wantSummary != "" {
				if st.Summary != tc.wantSummary || st.Headline != tc.sum.headline {
					t.Errorf("got %q / %q, want the LLM's", st.Headline, st.Summary)
				}
				return
			}
			checkSummary(t, st)
		})
	}
}

func TestStripDatelineAndCredit(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"cnn parens", "(CNN) — Efforts to secure the release", "Efforts to secure the release"},
		{"city parens", "(WASHINGTON) — CIA Director Bill Burns will", "CIA Director Bill Burns will"},
		{"city and outlet", "New York CNN — “Squid Game” is back.", "“Squid Game” is back."},
		{"wire", "WASHINGTON (AP) — The Senate voted", "The Senate voted"},
		{"names kept", "CIA Director Bill Burns — the point person — went.", "CIA Director Bill Burns — the point person — went."},
		{"prose kept", "Still, progress has been made — officials said.", "Still, progress has been made — officials said."},
		{"photo credit", "Stefan Boness/Visum/Redux Then-Japanese Prime Minister Shinzo Abe spoke.", "Then-Japanese Prime Minister Shinzo Abe spoke."},
		{"slash in prose kept", "The 24/7 news cycle never stops.", "The 24/7 news cycle never stops."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := stripCredit(text.StripDateline(tc.in)); got != tc.want {
				t.Errorf("text.StripDateline(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// realtimeqa reads the realtimeqa corpus as one day's news, or skips.
func realtimeqa(tb testing.TB) []news.Article {
	tb.Helper()
	path := filepath.Join("..", "..", "..", "shared", "eval", "realtimeqa", "corpus.jsonl")
	if p := os.Getenv("NEWSDESK_REALTIMEQA"); p != "" {
		path = p
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("realtimeqa corpus not found: %v", err)
	}
	defer f.Close()
	var arts []news.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r struct {
			ID, Title, URL, Source, Body string
			PublishedAt                  string `json:"published_at"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		pub, _ := time.Parse("2006/01/02", r.PublishedAt)
		arts = append(arts, news.Article{DocID: r.ID, Title: r.Title, URL: r.URL, Source: r.Source, Body: r.Body, PublishedAt: pub})
	}
	return arts
}

func TestStoriesRealtimeQASizes(t *testing.T) {
	if testing.Short() || os.Getenv("NEWSDESK_SLOW_TESTS") == "" {
		t.Skip("slow; set NEWSDESK_SLOW_TESTS=1")
	}
	arts := realtimeqa(t)
	for _, dated := range []bool{true, false} {
		a := append([]news.Article(nil), arts...)
		if !dated {
			for i := range a {
				a[i].PublishedAt = time.Time{}
			}
		}
		stripBoilerplate(a)
		clusters, _ := groupStories(a, nil, DefaultStoryOptions())
		hist := map[int]int{}
		largest := 0
		for _, c := range clusters {
			hist[len(c)]++
			largest = max(largest, len(c))
		}
		t.Logf("dated=%v: %d articles, %d stories, largest %d, sizes %v", dated, len(a), len(clusters), largest, hist)
		// Undated, a year of news merges long-running topics (Boris
		// Johnson's fall over months); dated, stories are days long.
		if limit := map[bool]int{true: 40, false: 60}[dated]; largest > limit {
			t.Errorf("a story of %d articles: clustering makes blobs", largest)
		}
	}
}

func BenchmarkDigest(b *testing.B) {
	arts := realtimeqa(b)
	seen := time.Now()
	for i := range arts {
		arts[i].FirstSeen = seen
	}
	d := mustNew(b, fakeSource{arts: arts}, DefaultOptions())
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Digest(context.Background(), time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestStripBoilerplate(t *testing.T) {
	blurb := "Sign up for our morning newsletter to get the news in your inbox every day."
	wire := "The central bank raised its key rate by half a point on Wednesday, its third rise this year."
	var arts []news.Article
	for i := 0; i < 5; i++ {
		arts = append(arts, news.Article{DocID: fmt.Sprint(i), Body: blurb + "\n" + fmt.Sprintf("Story number %d is about something else entirely, said the reporter.", i)})
	}
	arts = append(arts,
		news.Article{DocID: "w1", Body: wire + "\nAnalysts had expected the move."},
		news.Article{DocID: "w2", Body: wire + "\nMarkets rose after the decision."},
		news.Article{DocID: "only", Body: blurb},
	)
	stripBoilerplate(arts)
	tests := []struct {
		name, doc, has, lacks string
	}{
		{"shared blurb dropped", "0", "Story number 0", blurb},
		{"wire reprint kept", "w1", wire, ""},
		{"body of only boilerplate kept", "only", blurb, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, a := range arts {
				if a.DocID != tc.doc {
					continue
				}
				if !strings.Contains(a.Body, tc.has) || (tc.lacks != "" && strings.Contains(a.Body, tc.lacks)) {
					t.Errorf("body = %q", a.Body)
				}
			}
		})
	}
}

func TestDigestNearDuplicateGroups(t *testing.T) {
	seen := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	arts := []news.Article{
		{DocID: "v1", Title: "Volcano erupts near Grindavik", Source: "Wire", Body: "Lava flowed toward the fishing town overnight, officials said on Monday.", FirstSeen: seen},
		{DocID: "v2", Title: "Update: residents evacuated", Source: "Wire", Body: "Four thousand people left their homes before dawn as the ground kept shaking.", FirstSeen: seen},
		{DocID: "x", Title: "Central bank raises rates", Source: "Daily", Body: "The bank raised its key rate by half a point to curb inflation, it said.", FirstSeen: seen},
	}
	tests := []struct {
		name   string
		groups map[string]int
		want   int // stories
	}{
		{"versions of one report are one story", map[string]int{"v1": 0, "v2": 0, "x": 1}, 2},
		{"distinct groups stay apart", map[string]int{"v1": 0, "v2": 2, "x": 1}, 3},
		{"unknown groups stay apart", nil, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := mustNew(t, fakeSource{arts: arts, groups: tc.groups}, DefaultOptions())
			dg, err := d.Digest(context.Background(), time.Time{})
			if err != nil || len(dg.Stories) != tc.want {
				t.Fatalf("got %d stories (%v), want %d", len(dg.Stories), err, tc.want)
			}
			// Versions of one report are cited once, as one source.
			for _, st := range dg.Stories {
				groups := map[int]string{}
				for _, c := range st.Citations {
					g := fakeSource{groups: tc.groups}.Group(c.DocID)
					if other, dup := groups[g]; dup && g >= 0 {
						t.Errorf("story cites %s and %s, versions of one report", other, c.DocID)
					}
					groups[g] = c.DocID
				}
			}
		})
	}
}

func TestDigestLeavesOutHeadlineOnlyArticles(t *testing.T) {
	seen := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	arts := []news.Article{
		{DocID: "link", URL: "https://example.com/2026/01/05/volcano-erupts", FirstSeen: seen},
		{DocID: "x", Title: "Central bank raises rates", Source: "Daily", Body: "The bank raised its key rate by half a point to curb inflation, it said.", FirstSeen: seen},
	}
	dg, err := mustNew(t, fakeSource{arts: arts}, DefaultOptions()).Digest(context.Background(), time.Time{})
	if err != nil || len(dg.Stories) != 1 || dg.Stories[0].Citations[0].DocID != "x" {
		t.Fatalf("want one story from x: %+v %v", dg.Stories, err)
	}
}

// mustNew is New for options the test knows are valid.
func mustNew(t testing.TB, src ArticleSource, o Options) *Digester {
	t.Helper()
	d, err := New(src, o)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDigestPeriodLeavesOutTheRest checks that a digest of a past period holds
// the articles published in it, however recently they were indexed, and the
// undated ones first seen in it.
func TestDigestPeriodLeavesOutTheRest(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2022, 9, d, 12, 0, 0, 0, time.UTC) }
	indexed := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC) // a backfilled archive
	body := func(s string) string {
		return s + " officials said on the day, according to reports from several outlets in the region."
	}
	arts := []news.Article{
		{DocID: "funeral", Title: "Queen Elizabeth II laid to rest at Windsor", Source: "CNN", PublishedAt: day(19), FirstSeen: indexed, Body: body("The Queen was laid to rest at St. George's Chapel in Windsor")},
		{DocID: "fiona", Title: "Hurricane Fiona leaves Puerto Rico without power", Source: "USA Today", PublishedAt: day(20), FirstSeen: indexed, Body: body("Hurricane Fiona knocked out power across Puerto Rico")},
		{DocID: "before", Title: "Queen's coffin arrives in London", Source: "CNN", PublishedAt: day(13), FirstSeen: indexed, Body: body("The coffin of the Queen arrived in London from Edinburgh")},
		{DocID: "after", Title: "Fiona hits Canada", Source: "CNN", PublishedAt: day(24), FirstSeen: indexed, Body: body("The storm Fiona hit Atlantic Canada with record winds")},
		{DocID: "undated-in", Title: "Lottery jackpot climbs again", Source: "AP", FirstSeen: day(19), Body: body("The lottery jackpot climbed past a billion dollars")},
		{DocID: "undated-out", Title: "Library reopens", Source: "AP", FirstSeen: indexed, Body: body("The city library reopened its doors to readers")},
	}
	d := mustNew(t, fakeSource{arts: arts}, DefaultOptions())
	from, to := time.Date(2022, 9, 19, 0, 0, 0, 0, time.UTC), time.Date(2022, 9, 21, 0, 0, 0, 0, time.UTC)
	dg, err := d.Period(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	if !dg.Since.Equal(from) || !dg.Until.Equal(to) {
		t.Errorf("period %v–%v, want %v–%v", dg.Since, dg.Until, from, to)
	}
	got := map[string]bool{}
	for _, st := range dg.Stories {
		for _, c := range st.Citations {
			got[c.DocID] = true
		}
	}
	for _, id := range []string{"funeral", "fiona", "undated-in"} {
		if !got[id] {
			t.Errorf("%s is missing from the digest of 19–20 September", id)
		}
	}
	for _, id := range []string{"before", "after", "undated-out"} {
		if got[id] {
			t.Errorf("%s is in the digest of 19–20 September", id)
		}
	}
}

// TestDigestPeriodByPublication checks that a period's digest holds the
// articles published in it — not those first seen in it — and the undated
// ones first seen in it; an untitled source is titled from its URL, never
// by its doc id; gallery text is never summarised.
func TestDigestPeriodByPublication(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2022, 9, d, 12, 0, 0, 0, time.UTC) }
	ingested := day(30) // a backfilled archive: everything first seen later
	body := "LONDON — Queen Elizabeth II was laid to rest on Monday after a state funeral at Westminster Abbey.\n\n" +
		"Hide Caption 1 of 44 Photos: The Queen's funeral Crowds lined the streets of London.\n\n" +
		"World leaders and royals from across the globe attended the service in London."
	arts := []news.Article{
		{DocID: "rtqa-1", URL: "https://www.cnn.com/2022/09/19/uk/queen-elizabeth-funeral-gbr-intl/index.html", Source: "CNN", PublishedAt: day(19), FirstSeen: ingested, Body: body},
		{DocID: "rtqa-2", Title: "An older story", Source: "CNN", PublishedAt: day(10), FirstSeen: ingested,
			Body: "Officials in Ohio approved a new budget for the coming year on Friday after long talks.\n\nThe vote was close."},
		{DocID: "notes.txt", Title: "Undated note", FirstSeen: day(20),
			Body: "Volunteers cleaned the riverside park on Saturday morning before the rain.\n\nMany brought their children."},
	}
	d := mustNew(t, fakeSource{arts: arts}, DefaultOptions())
	dg, err := d.Period(context.Background(), day(19).Add(-12*time.Hour), day(21).Add(-12*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, st := range dg.Stories {
		for _, c := range st.Citations {
			ids = append(ids, c.DocID)
			if c.Title == "" || c.Title == c.DocID {
				t.Errorf("source %s titled %q", c.DocID, c.Title)
			}
		}
		if strings.Contains(st.Summary, "Hide Caption") {
			t.Errorf("gallery text in the summary: %s", st.Summary)
		}
	}
	if strings.Join(ids, ",") != "rtqa-1,notes.txt" && strings.Join(ids, ",") != "notes.txt,rtqa-1" {
		t.Errorf("sources %v; want rtqa-1 (published in the period) and notes.txt (undated, first seen in it)", ids)
	}
}

// TestDigestTakesLateArrivals checks what a scheduled digest (Digest since
// the last slot) holds: what was published since, and what was published
// in the period before but first seen since (a feed item fetched after its
// slot) — not what was seen before (already in the last digest), nor old
// news ingested now.
func TestDigestTakesLateArrivals(t *testing.T) {
	now := time.Date(2022, 9, 21, 8, 0, 0, 0, time.UTC)
	since := now.Add(-24 * time.Hour)
	body := func(s string) string {
		return s + " officials said on the day, according to reports from several outlets in the region."
	}
	arts := []news.Article{
		{DocID: "new", Title: "Hurricane Fiona leaves Puerto Rico without power", Source: "USA Today", PublishedAt: now.Add(-3 * time.Hour), FirstSeen: now.Add(-2 * time.Hour), Body: body("Hurricane Fiona knocked out power across Puerto Rico")},
		{DocID: "late", Title: "Queen Elizabeth II laid to rest at Windsor", Source: "CNN", PublishedAt: since.Add(-10 * time.Minute), FirstSeen: since.Add(10 * time.Minute), Body: body("The Queen was laid to rest at St. George's Chapel in Windsor")},
		{DocID: "seen", Title: "Queen's coffin arrives in London", Source: "CNN", PublishedAt: since.Add(-5 * time.Hour), FirstSeen: since.Add(-4 * time.Hour), Body: body("The coffin of the Queen arrived in London from Edinburgh")},
		{DocID: "archive", Title: "Library reopens after repairs", Source: "AP", PublishedAt: since.Add(-72 * time.Hour), FirstSeen: now.Add(-time.Hour), Body: body("The city library reopened its doors to readers")},
	}
	o := DefaultOptions()
	o.Now = func() time.Time { return now }
	dg, err := mustNew(t, fakeSource{arts: arts}, o).Digest(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, st := range dg.Stories {
		for _, c := range st.Citations {
			got[c.DocID] = true
		}
	}
	for id, want := range map[string]bool{"new": true, "late": true, "seen": false, "archive": false} {
		if got[id] != want {
			t.Errorf("%s in the digest: %v, want %v", id, got[id], want)
		}
	}
}
