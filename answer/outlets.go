package answer

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"newsdesk/internal/text"
	"newsdesk/retrieval"
)

// outlet is a news outlet a question names.
type outlet struct {
	name string   // as the question writes it: "CNN", "the Post"
	keys []string // squashed names of its sources (see squashSource)
}

// knownOutlets are the outlets a question may name before any of their
// articles is found, with the ways questions write them. The first form
// names the outlet in answers.
var knownOutlets = []struct {
	forms []string
	keys  []string
}{
	{[]string{"CNN"}, []string{"cnn"}},
	{[]string{"New York Times", "NYT", "NY Times", "the Times"}, []string{"newyorktimes", "nytimes"}},
	{[]string{"Washington Post", "WaPo", "the Post"}, []string{"washingtonpost"}},
	{[]string{"USA Today", "USA TODAY"}, []string{"usatoday"}},
	{[]string{"Reuters"}, []string{"reuters"}},
	{[]string{"Associated Press", "AP"}, []string{"associatedpress", "apnews", "ap"}},
	{[]string{"ABC News", "ABC"}, []string{"abcnews", "abc", "abcnewsgocom"}},
	{[]string{"NBC News", "NBC"}, []string{"nbcnews", "nbc"}},
	{[]string{"CBS News", "CBS"}, []string{"cbsnews", "cbs"}},
	{[]string{"Fox News"}, []string{"foxnews"}},
	{[]string{"BBC"}, []string{"bbc"}},
	{[]string{"NPR"}, []string{"npr"}},
	{[]string{"Guardian"}, []string{"guardian"}},
	{[]string{"Wall Street Journal", "WSJ"}, []string{"wallstreetjournal", "wsj"}},
	{[]string{"Bloomberg"}, []string{"bloomberg"}},
	{[]string{"Al Jazeera"}, []string{"aljazeera"}},
	{[]string{"Politico"}, []string{"politico"}},
	{[]string{"Axios"}, []string{"axios"}},
	{[]string{"Times of Israel"}, []string{"timesofisrael"}},
	{[]string{"The Week"}, []string{"week"}},
}

// outletForms matches each form of each known outlet as written, with an
// optional possessive, at word boundaries.
var outletForms = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(knownOutlets))
	for i, o := range knownOutlets {
		alts := make([]string, len(o.forms))
		for j, f := range o.forms {
			alts[j] = regexp.QuoteMeta(f)
		}
		out[i] = regexp.MustCompile(`(?:^|\b)(?:[Tt]he )?(?:` + strings.Join(alts, "|") + `)(?:['’]s)?\b`)
	}
	return out
}()

// findOutlets returns the outlets text names, in the order written, and
// text without them (so that "CNN" is not a word the evidence must hold).
// "Times of Israel" is one outlet, not the Times.
func findOutlets(s string) ([]outlet, string) {
	type hit struct {
		start, end, i int
	}
	var all []hit
	for i, re := range outletForms {
		for _, m := range re.FindAllStringIndex(s, -1) {
			all = append(all, hit{m[0], m[1], i})
		}
	}
	if len(all) == 0 {
		return nil, s
	}
	// The longest form wins where two overlap: "the Times of Israel" is not
	// the Times. Then the outlets are listed in the order written.
	sort.SliceStable(all, func(a, b int) bool { return all[a].end-all[a].start > all[b].end-all[b].start })
	var hits []hit
	for _, h := range all {
		overlap := false
		for _, k := range hits {
			overlap = overlap || (h.start < k.end && k.start < h.end)
		}
		if !overlap {
			hits = append(hits, h)
		}
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a].start < hits[b].start })
	var out []outlet
	var b strings.Builder
	last := 0
	seen := map[int]bool{}
	for _, h := range hits {
		b.WriteString(s[last:h.start])
		last = h.end
		if seen[h.i] {
			continue
		}
		seen[h.i] = true
		out = append(out, outlet{name: knownOutlets[h.i].forms[0], keys: knownOutlets[h.i].keys})
	}
	b.WriteString(s[last:])
	return out, text.OneLine(b.String())
}

// matches reports whether an article's source is the outlet.
func (o outlet) matches(source string) bool {
	s := squashSource(source)
	if s == "" {
		return false
	}
	for _, k := range o.keys {
		if s == k || (len(k) > 3 && strings.Contains(s, k)) {
			return true
		}
	}
	return false
}

// squashSource reduces a source, a name or a host, to lower-case letters
// and digits without "www", a domain ending or a leading "the":
// "www.cnn.com" and "CNN" are "cnn", "The Washington Post" is "washingtonpost".
func squashSource(source string) string {
	s := strings.ToLower(strings.TrimSpace(source))
	if !strings.Contains(s, " ") && strings.Contains(s, ".") {
		s = strings.TrimPrefix(s, "www.")
		s = strings.TrimPrefix(s, "e.newsletters.")
		if k := strings.IndexByte(s, '.'); k > 0 {
			s = s[:k]
		}
	}
	s = strings.TrimPrefix(s, "the ")
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return strings.TrimPrefix(b.String(), "the")
}

// outletFrameWords frame a question about an outlet's account; they are not
// what the account is about.
var outletFrameWords = setOf("report", "reports", "reported", "reporting", "account", "accounts", "differ",
	"differs", "different", "difference", "differences", "compare", "compares", "comparison", "versus", "vs",
	"contrast", "coverage", "version", "story", "write", "writes", "wrote", "outlet", "outlets", "cover",
	"covers", "each", "portray", "portrays", "agree", "disagree", "say", "says", "tell", "tells")

// outletEvidence searches for a question that names outlets: the passages
// on its topic (the question without the outlets' names), and for each
// outlet none of whose articles is among them, its passages found with its
// name. A question with no topic beyond the outlets ("How does CNN's
// account differ from the Post's?") is searched as written.
func (s *Service) outletEvidence(ctx context.Context, an *analysis, query string, date time.Time) ([]retrieval.Result, error) {
	text := an.q.text
	if len(an.q.terms) == 0 {
		text = query
	}
	results, err := s.search.Search(ctx, retrieval.Query{Text: text, Date: date, K: max(s.opts.Passages, outletPassages)})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range results {
		seen[r.Passage.ID] = true
	}
	for _, o := range an.outlets {
		if slices.ContainsFunc(results, func(r retrieval.Result) bool { return o.matches(r.Article.Source) }) {
			continue
		}
		more, err := s.search.Search(ctx, retrieval.Query{Text: o.name + " " + text, Date: date, K: outletPassages})
		if err != nil {
			return nil, err
		}
		for _, r := range more {
			if o.matches(r.Article.Source) && !seen[r.Passage.ID] {
				seen[r.Passage.ID] = true
				r.Rank = len(results) + 1
				results = append(results, r)
			}
		}
	}
	return results, nil
}
