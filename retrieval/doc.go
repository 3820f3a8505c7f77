// Package retrieval turns articles into ranked passages: articles in
// (read by retrieval/corpus), ranked passages out.
//
// Open loads an Index persisted under one directory; Index.Ingest brings it
// up to date with the corpus roots it is given (corpus.Walk and corpus.Read
// find and read the files; unchanged files are not read again). Each new or
// changed article is split into sentence-aligned passages (Chunk), embedded
// (an Embedder: the local hashed LocalEmbedder by default, or an
// OpenAI-compatible service through OpenAIEmbedder), and installed in a
// chromem-go collection for vector search and in a lexical (BM25F) index;
// near-duplicate versions of one report are grouped (retrieval/neardup). The
// whole index is saved as one crash-safe snapshot (snapshot.go). Index.Search
// fuses the lexical and vector rankings, weighs recency as of the question's
// date, and holds back other versions of a report already listed.
//
// Text analysis (words, stems, stop words, sentences) is internal/text's.
// The package knows no file format, Slack or LLM chat: it must not import
// newsdesk/answer, newsdesk/bot or slack-go (a test in cmd/newsdesk keeps it
// so); go-openai it uses for the embeddings endpoint only.
package retrieval
