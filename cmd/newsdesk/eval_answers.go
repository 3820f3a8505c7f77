package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"newsdesk/answer"
	"newsdesk/internal/news"
	"newsdesk/retrieval/corpus"
)

// answerQuestion is one line of an answer evaluation: the batch format with
// a gold answer — `answer` (and the quiz's `choices`) or `answer_all`
// groups, each matched by one of its alternatives — and the gold articles
// (`gold_ids` or `sources_any`), or `"refuse": true` when the corpus does
// not hold the answer.
type answerQuestion struct {
	ID           string     `json:"id"`
	Question     string     `json:"question"`
	QuestionDate string     `json:"question_date,omitempty"`
	Answer       string     `json:"answer,omitempty"`
	Choices      []string   `json:"choices,omitempty"`
	AnswerAll    [][]string `json:"answer_all,omitempty"`
	GoldIDs      []string   `json:"gold_ids,omitempty"`
	SourcesAny   []string   `json:"sources_any,omitempty"`
	Refuse       bool       `json:"refuse,omitempty"`
}

// answerable reports whether q has a gold answer to check.
func (q *answerQuestion) answerable() bool { return q.Answer != "" || len(q.AnswerAll) > 0 }

// answersReport is the result of `eval --answers`. The shares of the first
// block are over the answerable questions; RefuseRefused is over the
// questions marked "refuse".
type answersReport struct {
	Questions      int     `json:"questions"`
	Answerable     int     `json:"answerable"`
	Contains       float64 `json:"contains_answer"`
	NoWrongChoice  float64 `json:"contains_answer_no_wrong_choice"`
	CitesGold      float64 `json:"cites_gold_article"`
	Refused        float64 `json:"refused"`
	RefuseAsked    int     `json:"refuse_questions"`
	RefuseRefused  float64 `json:"refuse_refused"`
	Seconds        float64 `json:"seconds"`
	MsPerQuestion  float64 `json:"ms_per_question"`
	refusedCount   int
	refuseRefCount int
}

// answerVerdict is how one answer fared.
type answerVerdict struct {
	contains, noWrong, cites, refused bool
}

// judgeAnswer checks a against q's gold answer, choices and articles.
func judgeAnswer(q *answerQuestion, a news.Answer) answerVerdict {
	v := answerVerdict{refused: a.Refused}
	if a.Refused {
		return v
	}
	if q.Answer != "" {
		v.contains = answer.ContainsAnswer(a.Text, q.Answer)
	} else {
		v.contains = true
		for _, group := range q.AnswerAll {
			ok := false
			for _, alt := range group {
				ok = ok || answer.ContainsAnswer(a.Text, alt)
			}
			v.contains = v.contains && ok
		}
	}
	v.noWrong = v.contains
	for _, c := range q.Choices {
		if c != q.Answer && answer.ContainsAnswer(a.Text, c) {
			v.noWrong = false
		}
	}
	gold := append(append([]string(nil), q.GoldIDs...), q.SourcesAny...)
	for _, c := range a.Citations {
		for _, g := range gold {
			if c.DocID == g || path.Base(c.DocID) == g {
				v.cites = true
			}
		}
	}
	return v
}

// runEvalAnswers is `eval --answers`: it asks every question of qfile as of
// its question_date and reports how the answers fare (see answersReport).
// With misses, the answers that miss are listed first.
func runEvalAnswers(ctx context.Context, c *commonFlags, qfile string, asJSON, misses bool, s streams) error {
	qs, err := readAnswerQuestions(qfile)
	if err != nil {
		return err
	}
	svc, closeIndex, err := c.openAnswerer(ctx, s)
	if err != nil {
		return err
	}
	defer closeIndex()
	var rep answersReport
	start := time.Now()
	for i := range qs {
		q := &qs[i]
		date := time.Now()
		if q.QuestionDate != "" {
			if d, err := corpus.ParseDate(q.QuestionDate); err == nil {
				date = d
			}
		}
		a, err := svc.Answer(ctx, news.Question{Text: q.Question, Date: date}, nil)
		if err != nil {
			return fmt.Errorf("question %s: %w", q.ID, err)
		}
		rep.add(q, a, misses, s.stdout)
	}
	rep.finish(time.Since(start))
	if asJSON {
		return json.NewEncoder(s.stdout).Encode(rep)
	}
	rep.print(s.stdout)
	return nil
}

// add counts the answer a to q; with misses, it lists a when it misses.
func (r *answersReport) add(q *answerQuestion, a news.Answer, misses bool, w io.Writer) {
	r.Questions++
	if q.Refuse {
		r.RefuseAsked++
		if a.Refused {
			r.refuseRefCount++
		} else if misses {
			fmt.Fprintf(w, "%s not refused: %s\n  answer: %s\n", q.ID, q.Question, a.Text)
		}
		return
	}
	if !q.answerable() {
		return
	}
	r.Answerable++
	v := judgeAnswer(q, a)
	if v.refused {
		r.refusedCount++
	}
	if v.contains {
		r.Contains++
	}
	if v.noWrong {
		r.NoWrongChoice++
	}
	if v.cites {
		r.CitesGold++
	}
	if misses && !v.contains {
		want := q.Answer
		if want == "" {
			want = fmt.Sprint(q.AnswerAll)
		}
		fmt.Fprintf(w, "%s misses %q (refused %v, cites gold %v): %s\n  answer: %s\n", q.ID, want, v.refused, v.cites, q.Question, a.Text)
	}
}

// finish turns the counts into shares.
func (r *answersReport) finish(took time.Duration) {
	if n := float64(r.Answerable); n > 0 {
		r.Contains, r.NoWrongChoice, r.CitesGold = r.Contains/n, r.NoWrongChoice/n, r.CitesGold/n
		r.Refused = float64(r.refusedCount) / n
	}
	if r.RefuseAsked > 0 {
		r.RefuseRefused = float64(r.refuseRefCount) / float64(r.RefuseAsked)
	}
	r.Seconds = took.Seconds()
	r.MsPerQuestion = 1000 * r.Seconds / float64(max(r.Questions, 1))
}

func (r *answersReport) print(w io.Writer) {
	fmt.Fprintf(w, "questions %d (%d with an answer, %d to refuse)  (%.2fs, %.1f ms/question)\n",
		r.Questions, r.Answerable, r.RefuseAsked, r.Seconds, r.MsPerQuestion)
	if r.Answerable > 0 {
		fmt.Fprintf(w, "contains answer %.3f  and no wrong choice %.3f  cites a gold article %.3f  refused %.3f\n",
			r.Contains, r.NoWrongChoice, r.CitesGold, r.Refused)
	}
	if r.RefuseAsked > 0 {
		fmt.Fprintf(w, "refused when it should %.3f (%d of %d)\n", r.RefuseRefused, r.refuseRefCount, r.RefuseAsked)
	}
}

// readAnswerQuestions reads the questions of an answer evaluation; each
// line needs a question and either a gold answer or "refuse": true.
func readAnswerQuestions(file string) ([]answerQuestion, error) {
	return readQuestionLines(file, func(q answerQuestion) error {
		if strings.TrimSpace(q.Question) == "" || (!q.answerable() && !q.Refuse) {
			return errors.New(`needs "question" and "answer", "answer_all" or "refuse": true`)
		}
		if q.QuestionDate != "" {
			if _, err := corpus.ParseDate(q.QuestionDate); err != nil {
				return fmt.Errorf("question_date %q: %v", q.QuestionDate, err)
			}
		}
		return nil
	})
}
