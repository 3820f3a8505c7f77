// Package answer turns retrieved passages into short cited answers: it
// reads the question (its central words, what it asks for), makes a
// follow-up stand on its own, searches, and writes the answer through a
// Generator (an LLM, answer/llm) or, offline and whenever the Generator
// fails, by quoting the passages' best sentences. It numbers the citations,
// checks that every [n] marker has its citation, and refuses when the
// corpus does not hold the answer.
//
// Subpackages: answer/llm is the go-openai chat client that is one
// Generator; answer/digest groups new articles into stories and writes the
// digest.
//
// It must not import slack-go, go-openai itself (answer/llm does) or its
// own subpackages: it declares what it needs of a search and of a model
// (Searcher, Generator), and cmd/newsdesk wires the implementations in. The values it returns
// (news.Answer, news.Citation) are those of internal/news.
package answer
