package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"newsdesk/retrieval"
	"newsdesk/retrieval/corpus"
)

// evalReport is the result of `eval`, by article.
type evalReport struct {
	Questions int     `json:"questions"`
	Hits1     float64 `json:"hits_at_1"`
	Hits5     float64 `json:"hits_at_5"`
	Hits10    float64 `json:"hits_at_10"`
	MRR10     float64 `json:"mrr_at_10"`
	Seconds   float64 `json:"seconds"`
}

func runEval(ctx context.Context, args []string, s streams) error {
	var c commonFlags
	fs := newFlagSet("eval", "--questions FILE [-k N] [--answers] [--misses] [--json]", s)
	c.register(fs)
	qfile := fs.String("questions", "", "JSON Lines questions with gold_ids (the batch format)")
	k := fs.Int("k", 10, "passages retrieved per question")
	misses := fs.Bool("misses", false, "list the questions whose gold article is not in the top k, with what was found (with --answers: the answers that miss)")
	answers := fs.Bool("answers", false, "ask each question and check the answers against the gold \"answer\" (or \"answer_all\") and \"refuse\"")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *qfile == "" {
		return usagef("eval needs --questions FILE")
	}
	if *k < 1 || *k > 1000 {
		return usagef("-k must be between 1 and 1000")
	}
	if *answers {
		return runEvalAnswers(ctx, &c, *qfile, *asJSON, *misses, s)
	}
	qs, err := readEvalQuestions(*qfile)
	if err != nil {
		return err
	}
	_, ix, err := c.openIndex(ctx, s)
	if err != nil {
		return err
	}
	defer ix.Close()

	var rep evalReport
	start := time.Now()
	for _, q := range qs {
		date, err := corpus.ParseDate(q.QuestionDate)
		if q.QuestionDate == "" || err != nil {
			date = time.Now()
		}
		res, err := ix.Search(ctx, retrieval.Query{Text: q.Question, Date: date, K: max(*k, 10)})
		if err != nil {
			return fmt.Errorf("question %s: %w", q.ID, err)
		}
		rank := goldRank(res, q.GoldIDs)
		rep.Questions++
		if rank == 1 {
			rep.Hits1++
		}
		if rank >= 1 && rank <= 5 {
			rep.Hits5++
		}
		if rank >= 1 && rank <= 10 {
			rep.Hits10++
			rep.MRR10 += 1 / float64(rank)
		}
		if *misses && (rank < 1 || rank > 1) {
			fmt.Fprintf(s.stdout, "%s rank %s: %s\n  gold: %s\n", q.ID, rankText(rank), q.Question, strings.Join(q.GoldIDs, ", "))
			for _, r := range res[:min(3, len(res))] {
				fmt.Fprintf(s.stdout, "  found %s %s (%s)\n", r.Passage.DocID, r.Article.Title, r.Article.PublishedAt.Format("2006-01-02"))
			}
		}
	}
	rep.Seconds = time.Since(start).Seconds()
	if n := float64(rep.Questions); n > 0 {
		rep.Hits1, rep.Hits5, rep.Hits10, rep.MRR10 = rep.Hits1/n, rep.Hits5/n, rep.Hits10/n, rep.MRR10/n
	}
	if *asJSON {
		return json.NewEncoder(s.stdout).Encode(rep)
	}
	fmt.Fprintf(s.stdout, "questions %d  Hits@1 %.3f  Hits@5 %.3f  Hits@10 %.3f  MRR@10 %.3f  (%.2fs, %.1f ms/question)\n",
		rep.Questions, rep.Hits1, rep.Hits5, rep.Hits10, rep.MRR10, rep.Seconds, 1000*rep.Seconds/float64(max(rep.Questions, 1)))
	return nil
}

func rankText(r int) string {
	if r < 1 {
		return "-"
	}
	return fmt.Sprint(r)
}

// goldRank is the 1-based rank of the first passage from a gold article among
// the results (Hits@k: a gold article among the articles of the top k
// passages; MRR@10: 1/rank of that passage). 0 if none.
func goldRank(res []retrieval.Result, gold []string) int {
	for _, r := range res {
		for _, g := range gold {
			if r.Passage.DocID == g {
				return r.Rank
			}
		}
	}
	return 0
}

func readEvalQuestions(path string) ([]batchQuestion, error) {
	return readQuestionLines(path, func(q batchQuestion) error {
		if q.Question == "" || len(q.GoldIDs) == 0 {
			return errors.New(`needs "question" and "gold_ids"`)
		}
		return nil
	})
}

// readQuestionLines reads a JSON Lines file of questions, one object a line
// (blank lines skipped), each checked by check; an error names the file and
// the line (from 1). A file with no question is an error.
func readQuestionLines[Q any](path string, check func(Q) error) ([]Q, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read questions: %w", err)
	}
	defer f.Close()
	var qs []Q
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q Q
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("%s:%d: not a JSON object: %v", path, line, err)
		}
		if err := check(q); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s holds no questions", path)
	}
	return qs, nil
}
