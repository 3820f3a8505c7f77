package answer

import (
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/news"
)

// timeScope is the period a question is about, when it names one: "this
// week", "in December 2022", "2023", "at the end of November".
type timeScope struct {
	from, to time.Time // zero when the question names no period
	text     string    // the words that name it, for a refusal
	// relative is set for a period said relative to when the question is
	// asked ("this week"); see archiveAge.
	relative bool
}

// holds reports whether an article published at t falls in the scope, give
// or take a few days (news of an event often comes out before or after it).
// An article with no date is never out of scope.
func (s timeScope) holds(t time.Time) bool {
	if t.IsZero() {
		return true
	}
	return !t.Before(s.from.AddDate(0, 0, -3)) && t.Before(s.to.AddDate(0, 0, 2))
}

// known reports whether the question names a period.
func (s timeScope) known() bool { return !s.from.IsZero() }

var monthNumber = map[string]time.Month{
	"january": time.January, "february": time.February, "march": time.March, "april": time.April,
	"may": time.May, "june": time.June, "july": time.July, "august": time.August, "september": time.September,
	"october": time.October, "november": time.November, "december": time.December,
}

// readScope finds the period text names, asked on the date asked. A
// period that starts after asked is a plan ("merge in 2024"), not when the
// news happened, and is left out; so is a month without a year that is
// ambiguous ("May" is also a verb).
func readScope(text string, asked time.Time) timeScope {
	if asked.IsZero() {
		asked = time.Now()
	}
	asked = asked.UTC()
	day := time.Date(asked.Year(), asked.Month(), asked.Day(), 0, 0, 0, 0, time.UTC)
	words := tokenize(text)
	var best timeScope
	consider := func(s timeScope) {
		if s.from.After(asked) {
			return
		}
		if !best.known() || s.to.Sub(s.from) < best.to.Sub(best.from) {
			best = s
		}
	}
	for i := range words {
		w := &words[i]
		prev := ""
		if i > 0 {
			prev = words[i-1].norm
		}
		phrase := func(j int) string { return text[words[j].start:w.end] }
		switch {
		case prev == "this" && (w.norm == "week" || w.norm == "weekend"):
			consider(timeScope{from: day.AddDate(0, 0, -7), to: day.AddDate(0, 0, 1), text: phrase(i - 1), relative: true})
		case prev == "this" && w.norm == "month":
			consider(timeScope{from: day.AddDate(0, -1, 0), to: day.AddDate(0, 0, 1), text: phrase(i - 1), relative: true})
		case prev == "this" && w.norm == "year":
			consider(timeScope{from: time.Date(day.Year(), 1, 1, 0, 0, 0, 0, time.UTC), to: day.AddDate(0, 0, 1), text: phrase(i - 1), relative: true})
		case w.norm == "today" || w.norm == "yesterday" || w.norm == "tonight":
			consider(timeScope{from: day.AddDate(0, 0, -1), to: day.AddDate(0, 0, 1), text: w.text, relative: true})
		case monthNumber[w.norm] != 0 && w.capital:
			m := monthNumber[w.norm]
			year, j := 0, i+1
			if j < len(words) && words[j].number && len(words[j].norm) <= 2 && j+1 < len(words) && isYear(&words[j+1]) {
				j++ // "November 8, 2022"
			}
			if j < len(words) && isYear(&words[j]) {
				year, _ = strconv.Atoi(words[j].norm)
			}
			if year == 0 {
				continue
			}
			from := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC)
			to := from.AddDate(0, 1, 0)
			start := i
			switch {
			case prev == "late" || (prev == "of" && i > 1 && words[i-2].norm == "end"):
				from = from.AddDate(0, 0, 19)
				start = i - 1
				if prev == "of" {
					start = i - 2
				}
			case prev == "early" || (prev == "of" && i > 1 && words[i-2].norm == "beginning"):
				to = from.AddDate(0, 0, 10)
			}
			if start > 0 && start < i && words[start-1].norm == "the" {
				start-- // "the end of November 2022"
			}
			consider(timeScope{from: from, to: to, text: text[words[start].start:words[j].end]})
		case isYear(w) && (i == 0 || monthNumber[prev] == 0) && !(i > 0 && words[i-1].number):
			year, _ := strconv.Atoi(w.norm)
			from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
			consider(timeScope{from: from, to: from.AddDate(1, 0, 0), text: w.text})
		}
	}
	return best
}

// isYear reports whether w is a year of news: 1900 to 2099.
func isYear(w *word) bool {
	return w.number && len(w.norm) == 4 && (strings.HasPrefix(w.norm, "19") || strings.HasPrefix(w.norm, "20"))
}

// archiveAge is how much older than the question its corpus's newest
// article may be for "this week" to still mean the news of the question's
// week; past it, the corpus is read as an archive as of its own last days.
const archiveAge = 365 * 24 * time.Hour

// newestDater is a Searcher that knows its newest article's date
// (*retrieval.Index does).
type newestDater interface {
	Newest(before time.Time) time.Time
}

// afterCorpus returns the refusal of a question about a period that starts
// after the newest article the corpus held when the question was asked:
// the corpus cannot know, and says how far it goes.
func (s *Service) afterCorpus(an *analysis, asked time.Time) (news.Answer, bool) {
	nd, ok := s.search.(newestDater)
	if !ok || !an.scope.known() {
		return news.Answer{}, false
	}
	if asked.IsZero() {
		asked = time.Now() // as readScope reads the question
	}
	newest := nd.Newest(asked)
	if newest.IsZero() || !an.scope.from.After(newest) {
		return news.Answer{}, false
	}
	if an.scope.relative && asked.Sub(newest) > archiveAge {
		// "This week", asked of an archive years old: the question is about
		// the archive's last days, not about news it cannot hold.
		return news.Answer{}, false
	}
	a := refusal(an.q.text, nil)
	a.Text = notFound + " The question is about " + an.scope.text + ", and the newest article in the corpus is from " +
		newest.UTC().Format("2 January 2006") + "."
	return a, true
}

// asked returns when a question asked at date is asked and, when the
// Searcher knows it, the newest article's date then: what a Generator is
// told.
func (s *Service) asked(date time.Time) news.Asked {
	a := news.Asked{AsOf: date}
	if nd, ok := s.search.(newestDater); ok {
		a.Newest = nd.Newest(date)
	}
	return a
}
