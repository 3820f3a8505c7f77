// Package digest says what is new in the corpus: it groups the articles of
// a period into stories (articles about one event, near-duplicates first,
// then by TF-IDF similarity of title and lead within a time window), ranks
// them by coverage, and summarises each one in 1–3 cited sentences,
// extractively or through a StorySummarizer (the LLM chat client).
//
// It must not import answer, answer/llm, go-openai or slack-go: it reads
// articles through ArticleSource, asks a summarizer through
// StorySummarizer, and returns a news.Digest of news.Story values.
package digest
