// Package retrieval turns articles into ranked passages: articles in
// (read by retrieval/corpus), ranked passages out.
//
// Open loads an Index persisted under one directory; Index.Ingest brings it
// up to date with the corpus roots it is given (corpus.Walk and corpus.Read
// find and read the files; unchanged files are not read again), each of
// which it records as a Source: the index is a library of sources, and an
// ingest changes only the articles of the roots it is given (Sources,
// RemoveSource). Each new or
// changed article is split into sentence-aligned passages (Chunk), embedded
// (an Embedder: the local hashed LocalEmbedder by default, or an
// OpenAI-compatible service through OpenAIEmbedder), and installed in a
// chromem-go collection for vector search and in a lexical (BM25F) index;
// near-duplicate versions of one report are grouped (retrieval/neardup). The
// index is saved as a crash-safe base snapshot (snapshot.go) and append-only
// segments of what each change changed (segment.go, persist.go), replayed at
// open (replay.go) and compacted into a new snapshot when they grow; one
// writer at a time, under the folder's lock. Index.Search
// fuses the lexical and vector rankings, weighs recency as of the question's
// date, and holds back other versions of a report already listed.
//
// Text analysis (words, stems, stop words, sentences) is internal/text's.
// The package knows no file format, Slack or LLM chat: it must not import
// newsdesk/answer, newsdesk/bot or slack-go (a test in cmd/newsdesk keeps it
// so); go-openai it uses for the embeddings endpoint only.
package retrieval
