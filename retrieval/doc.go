// Package retrieval turns a corpus of news articles into searchable passages.
//
// It reads articles from folders of text, Markdown, HTML, JSON and JSON Lines
// (ReadCorpus), splits them into sentence-aligned passages (Chunk), embeds the
// passages (Embedder: a local hashed embedder by default, or an
// OpenAI-compatible service), and keeps them in an Index: a chromem-go
// collection for vector search and a lexical index, persisted under one
// directory in a crash-safe snapshot. Search fuses both rankings.
//
// The package knows nothing of Slack or of LLM chat.
package retrieval
