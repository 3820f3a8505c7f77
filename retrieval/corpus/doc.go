// Package corpus turns files and feeds into articles (news.Article): it finds
// the corpus files under a --corpus root (Walk), reads each by its format
// (Read: .txt, .md with YAML front matter, .html/.htm, .json arrays and
// .jsonl records), infers what the text reveals and the record leaves out
// (title, outlet, date, byline: never invented), reports what cannot be read
// (news.Skipped) and goes on. Text in another encoding than UTF-8 (Windows-1252,
// ISO-8859-1, a declared HTML charset, UTF-16) is transcoded, damaged UTF-8
// keeps its text, and each is reported as a note (news.Skipped with Kept).
// It also polls RSS/Atom feeds into record files
// (RunFeed) and watches corpus folders for changes (Watch).
//
// It knows nothing of indexes, answers or Slack: it must not import
// newsdesk/retrieval, newsdesk/answer, newsdesk/bot or slack-go.
package corpus
