// Package answer turns retrieved passages into short cited answers and daily
// digests: by an LLM through an OpenAI-compatible API (go-openai), or offline
// by an extractive answerer that quotes the passages themselves. It numbers
// citations, checks that every [n] marker points at a passage, and refuses
// when the corpus does not hold the answer.
//
// The package knows nothing of Slack.
package answer
