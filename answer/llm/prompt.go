package llm

import (
	"strings"
	"unicode/utf8"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// Limits on the conversation given to the model as context.
const (
	promptTurns       = 4   // newest turns of history kept
	promptAnswerRunes = 600 // each earlier answer is cut to this
)

// promptData is what the prompt templates (prompts/*.tmpl) are rendered
// with; see prompts/partials.tmpl.
type promptData struct {
	Question string
	Today    string
	Newest   string // the newest article's date, YYYY-MM-DD; "" when unknown
	Refusal  string
	History  []news.Turn
	Sources  []promptSource
}

// promptSource is one numbered source as the model sees it. Its text cannot
// close its fence: "===" is broken up. The URL is left out, so that the
// model has no link to copy; the caller links the citations.
type promptSource struct {
	N                   int
	Title, Outlet, Date string
	Text                string
}

func (c *Chat) promptData(question string, history []news.Turn, sources []news.Source) promptData {
	d := promptData{
		Question: text.OneLine(question),
		Today:    c.now().Format("2006-01-02"),
		Refusal:  RefusalToken,
	}
	if len(history) > promptTurns {
		history = history[len(history)-promptTurns:]
	}
	for _, t := range history {
		d.History = append(d.History, news.Turn{
			Question: text.OneLine(t.Question),
			Answer:   truncateRunes(text.OneLine(stripCitations(t.Answer)), promptAnswerRunes),
		})
	}
	for _, s := range sources {
		ps := promptSource{N: s.N, Title: defang(text.OneLine(s.Title)), Outlet: defang(text.OneLine(s.Outlet))}
		if !s.PublishedAt.IsZero() {
			ps.Date = s.PublishedAt.Format("2006-01-02")
		}
		ps.Text = defang(strings.TrimSpace(strings.Join(s.Passages, "\n...\n")))
		d.Sources = append(d.Sources, ps)
	}
	return d
}

// defang breaks up "===" so that no source text can forge the fence lines
// that delimit sources in the prompt.
func defang(s string) string {
	for strings.Contains(s, "===") {
		s = strings.ReplaceAll(s, "===", "= =")
	}
	return s
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func validNumbers(sources []news.Source) map[int]bool {
	valid := make(map[int]bool, len(sources))
	for _, s := range sources {
		valid[s.N] = true
	}
	return valid
}
