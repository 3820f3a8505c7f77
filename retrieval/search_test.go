package retrieval

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newsRec is a corpus record with the fields ranking looks at.
type newsRec struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	URL         string `json:"url,omitempty"`
	PublishedAt string `json:"published_at,omitempty"`
	Body        string `json:"body"`
}

// filler is neutral news text that pads an article to a realistic length.
const filler = "Officials met with residents at the town hall to discuss the plan. " +
	"The meeting lasted two hours and ended without a vote. Several people spoke about traffic, " +
	"parking and the cost of the work. A second meeting is planned for next month. "

// searchIndex ingests recs into a fresh index and returns it.
func searchIndex(t *testing.T, recs []newsRec) *Index {
	t.Helper()
	corpus := t.TempDir()
	var b strings.Builder
	for _, r := range recs {
		j, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(corpus, "news.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ix := openTest(t, t.TempDir(), nil)
	if _, err := ix.Ingest(context.Background(), []string{corpus}, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestSearchRanksTheRightArticleFirst(t *testing.T) {
	tests := []struct {
		name  string
		recs  []newsRec
		query Query
		want  string
	}{
		{
			name: "a title match outranks a body-only mention",
			recs: []newsRec{
				{ID: "body", Title: "City council meets on budget", PublishedAt: "2022-06-10",
					Body: filler + "One speaker mentioned the volcano tour she took last year. " + filler},
				{ID: "title", Title: "Volcano erupts on remote island", PublishedAt: "2022-06-10",
					Body: filler + "Ash fell on nearby villages and flights were cancelled. " + filler},
			},
			query: Query{Text: "Which island saw a volcano erupt?", Date: day("2022-06-12")},
			want:  "title",
		},
		{
			name: "the article from the days before the question outranks an older one with the same words",
			recs: []newsRec{
				{ID: "old", Title: "Heat wave grips the region", PublishedAt: "2022-03-01",
					Body: "A heat wave sent temperatures above 40 degrees. " + filler},
				{ID: "recent", Title: "Heat wave grips the region", PublishedAt: "2022-06-08",
					Body: "A heat wave sent temperatures above 40 degrees. " + filler},
			},
			query: Query{Text: "How hot did the heat wave get?", Date: day("2022-06-10")},
			want:  "recent",
		},
		{
			name: "an article from after the question is held back",
			recs: []newsRec{
				{ID: "after", Title: "Heat wave grips the region", PublishedAt: "2022-06-08",
					Body: "A heat wave sent temperatures above 40 degrees. " + filler},
				{ID: "before", Title: "Heat wave grips the region", PublishedAt: "2022-03-01",
					Body: "A heat wave sent temperatures above 40 degrees. " + filler},
			},
			query: Query{Text: "How hot did the heat wave get?", Date: day("2022-03-03")},
			want:  "before",
		},
		{
			name: "an article covering all the question's terms outranks one repeating a single term",
			recs: []newsRec{
				{ID: "one", Title: "Gas prices", PublishedAt: "2022-06-10",
					Body: "Gas prices rose again. Gas prices are high. Gas prices, gas prices, gas prices everywhere. " + filler},
				{ID: "all", Title: "Prices", PublishedAt: "2022-06-10",
					Body: "Gas prices in California reached a record as refinery outages cut supply. " + filler},
			},
			query: Query{Text: "Gas prices reached a record in which state after refinery outages?", Date: day("2022-06-12")},
			want:  "all",
		},
		{
			name: "quiz and time words do not drive ranking",
			recs: []newsRec{
				{ID: "wordy", Title: "This week in review", PublishedAt: "2022-06-10",
					Body: "This week, as announced recently, the latest news of the week was announced. " +
						"Recently, many new things were announced this week. " + filler},
				{ID: "story", Title: "Retailer closes stores", PublishedAt: "2022-06-10",
					Body: "The retailer said it would close 150 stores as sales fell. " + filler},
			},
			query: Query{Text: "Which retailer recently announced this week that it will close many stores?", Date: day("2022-06-12")},
			want:  "story",
		},
		{
			name: "the URL slug names a story whose title is missing",
			recs: []newsRec{
				{ID: "slug", Title: "", URL: "https://news.example.com/2022/06/15/business/truck-recall/index.html", PublishedAt: "2022-06-15",
					Body: "Video player was slow to load content. Video content never loaded. Audio on ad was too loud."},
				{ID: "other", Title: "Farmers market opens", PublishedAt: "2022-06-15",
					Body: "The farmers market opened with a truck of fresh produce. " + filler},
			},
			query: Query{Text: "Which automaker issued a truck recall?", Date: day("2022-06-16")},
			want:  "slug",
		},
		{
			name: "the lede stands in for a missing title",
			recs: []newsRec{
				{ID: "mention", Title: "Chess club news", PublishedAt: "2022-06-10",
					Body: "The chess club met to plan for the national tournament, and a prodigy joined. " + filler},
				{ID: "lede", Title: "", PublishedAt: "2022-06-10",
					Body: "London CNN —\n\nA teenage chess prodigy won the national tournament on Sunday, the youngest champion ever.\n\n" + filler},
			},
			query: Query{Text: "Which chess prodigy won the national tournament?", Date: day("2022-06-12")},
			want:  "lede",
		},
		{
			name: "an article about the story outranks a round-up that mentions it once",
			recs: []newsRec{
				{ID: "roundup", Title: "Five things to know today", PublishedAt: "2022-06-10",
					Body: "Flooding closed the national park, washing out roads. " + strings.Repeat(filler, 3) +
						"Congress passed a budget. " + strings.Repeat(filler, 3) + "A storm hit the coast. " + strings.Repeat(filler, 3)},
				{ID: "story", Title: "Yellowstone closes after record floods", PublishedAt: "2022-06-10",
					Body: "Record floods shut Yellowstone, and water washed away a road. " +
						"Park officials said the flooding was unprecedented. " + filler +
						"Flooding in the park stranded visitors, and the national park may stay closed for months. " + filler},
			},
			query: Query{Text: "Flooding closed which national park, washing out roads?", Date: day("2022-06-12")},
			want:  "story",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ix := searchIndex(t, tc.recs)
			res, err := ix.Search(context.Background(), tc.query)
			if err != nil {
				t.Fatal(err)
			}
			if len(res) == 0 {
				t.Fatal("no results")
			}
			if got := res[0].Article.DocID; got != tc.want {
				t.Errorf("first result %q, want %q (results %v)", got, tc.want, docIDs(res))
			}
		})
	}
}

func docIDs(res []Result) []string {
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = r.Article.DocID
	}
	return out
}

func TestSearchReturnsEachArticleOnceBeforeRepeating(t *testing.T) {
	long := strings.Repeat("The bridge repair will take months. Engineers inspected the bridge supports. "+filler, 4)
	ix := searchIndex(t, []newsRec{
		{ID: "a", Title: "Bridge repair begins", PublishedAt: "2022-06-10", Body: long},
		{ID: "b", Title: "Bridge inspection finds rust", PublishedAt: "2022-06-09", Body: "Inspectors found rust on the bridge. " + filler},
	})
	res, err := ix.Search(context.Background(), Query{Text: "bridge repair inspection", Date: day("2022-06-12"), K: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) < 3 {
		t.Fatalf("got %d results, want at least 3", len(res))
	}
	if res[0].Article.DocID == res[1].Article.DocID {
		t.Errorf("first two results from one article: %v", docIDs(res))
	}
	for i, r := range res {
		if r.Rank != i+1 {
			t.Errorf("result %d has rank %d", i, r.Rank)
		}
	}
}

func TestSearchPlacesAnotherVersionOfAReportAfterOthers(t *testing.T) {
	report := "Officials said the dam on the Green River failed after days of heavy rain, flooding the valley below. " +
		"Hundreds of residents were evacuated overnight and shelters opened in three towns. " +
		"Engineers had warned for years that the spillway was too small for a major storm, records show. "
	ix := searchIndex(t, []newsRec{
		{ID: "report", Title: "Green River dam fails after heavy rain", PublishedAt: "2022-06-10", Body: report + filler},
		{ID: "version", Title: "Green River dam fails after heavy rain, floods valley", PublishedAt: "2022-06-10", Body: report + filler + "This story has been updated."},
		{ID: "b", Title: "Dam inspections ordered after failure", PublishedAt: "2022-06-10",
			Body: "The state ordered inspections of every dam after the failure. Inspectors will start with the oldest structures in the north, the governor said, and report by autumn."},
		{ID: "c", Title: "Valley residents return home", PublishedAt: "2022-06-10",
			Body: "Residents of the flooded valley began returning home on Monday to find mud in kitchens and cars swept into fields. Volunteers handed out water and cleaning supplies."},
		{ID: "d", Title: "River crest passes downstream towns", PublishedAt: "2022-06-10",
			Body: "The river crested below the Green River gauge on Sunday night, a foot under the record. Downstream towns reported minor flooding of parks and low roads."},
	})
	if ix.Group("report") != ix.Group("version") {
		t.Fatalf("report and version not near-duplicates (groups %d, %d)", ix.Group("report"), ix.Group("version"))
	}
	res, err := ix.Search(context.Background(), Query{Text: "Why did the Green River dam fail and flood the valley?", Date: day("2022-06-12"), K: 5})
	if err != nil {
		t.Fatal(err)
	}
	got := docIDs(res)
	pos := map[string]int{}
	for i, id := range got {
		pos[id] = i
	}
	first, second := min(pos["report"], pos["version"]), max(pos["report"], pos["version"])
	if first != 0 {
		t.Fatalf("results %v: the report is not first", got)
	}
	if gap := defaultRanking().versionGap; second != first+1+gap {
		t.Errorf("results %v: the other version at %d, want %d (after %d other results)", got, second, first+1+gap, gap)
	}
}
