package llm

import (
	"context"
	"errors"
	"strings"

	"newsdesk/internal/news"
	"newsdesk/internal/openairetry"
	"newsdesk/internal/text"
)

// SummarizeStory writes a digest item for one story from its sources: a
// headline (no markers) and a summary of 1–3 sentences whose [n] markers
// refer to Source.N; invalid markers are removed as in Answer. Empty
// sources are an error; every failure of the model, including a summary
// that cites no source (ErrUncited) or a reply not in the HEADLINE/SUMMARY
// form, is an *openairetry.Error.
func (c *Chat) SummarizeStory(ctx context.Context, sources []news.Source) (headline, summary string, err error) {
	if len(sources) == 0 {
		return "", "", errors.New("summarize story: no sources")
	}
	data := c.promptData("", nil, sources)
	system, err := c.tmpl.Render("digest.system", data)
	if err != nil {
		return "", "", err
	}
	user, err := c.tmpl.Render("digest.user", data)
	if err != nil {
		return "", "", err
	}
	raw, _, err := c.complete(ctx, c.request(system, user, c.opts.MaxTokens))
	if err != nil {
		return "", "", err
	}
	headline, summary = parseStory(raw)
	headline = strings.Trim(stripCitations(headline), "\"'“”")
	if headline == "" || summary == "" {
		return "", "", &openairetry.Error{Kind: openairetry.KindMalformed, Err: errors.New("the reply lacks a HEADLINE or SUMMARY line")}
	}
	summary = cleanCitations(summary, validNumbers(sources))
	if !hasCitation(summary) {
		return "", "", &openairetry.Error{Kind: openairetry.KindUncited, Err: ErrUncited}
	}
	return headline, summary, nil
}

// parseStory reads "HEADLINE: …" and "SUMMARY: …" from a reply; the summary
// runs to the end of the reply. Labels may be bold or in any case.
func parseStory(raw string) (headline, summary string) {
	var sum []string
	inSummary := false
	for line := range strings.SplitSeq(raw, "\n") {
		plain := strings.TrimSpace(strings.ReplaceAll(line, "**", ""))
		label, rest, _ := strings.Cut(plain, ":")
		switch strings.ToUpper(strings.TrimSpace(label)) {
		case "HEADLINE":
			headline, inSummary = strings.TrimSpace(rest), false
			continue
		case "SUMMARY":
			sum, inSummary = []string{strings.TrimSpace(rest)}, true
			continue
		}
		if inSummary {
			sum = append(sum, plain)
		}
	}
	return headline, text.OneLine(strings.Join(sum, " "))
}
