// Package llm is the chat-model client of newsdesk: it talks to any
// OpenAI-compatible API (OpenAI, Azure, Ollama, vLLM, LM Studio) through
// go-openai, renders the prompts of package prompts, streams replies, and
// repairs the model's citation markers ("[1, 2]" → "[1][2]", numbers that
// are no source removed). Chat writes answers and standalone questions (it
// is an answer.Generator) and story summaries (a digest.StorySummarizer).
// Every failure of the model is an *openairetry.Error, whose UserMessage is
// fit to show.
//
// It is the only package of answer that imports go-openai. It must not
// import answer, answer/digest, retrieval or slack-go: the interfaces it
// satisfies are declared by their consumers, and the values it reads and
// writes (news.Source, news.Generated) live in internal/news.
package llm
