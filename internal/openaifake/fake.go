// Package openaifake is a fake OpenAI-compatible API server for tests:
// /v1/chat/completions (plain and streamed as server-sent events) and
// /v1/embeddings, over real HTTP on 127.0.0.1. Replies can be programmed
// one by one (status codes, Retry-After, delays, malformed bodies, cut
// streams), and every request received is recorded.
//
// It does not import go-openai, so packages that must not depend on it
// (bot) can use it in their tests.
package openaifake

import (
	"encoding/json"
	"hash/fnv"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Reply is one programmed response.
type Reply struct {
	Status     int           // HTTP status; 0 means 200
	RetryAfter string        // the Retry-After header, when not empty
	Delay      time.Duration // wait before replying (ends early if the client gives up)
	Body       string        // a raw body sent as it is, e.g. malformed JSON

	// Chat replies.
	Content      string   // the reply's text
	Chunks       []string // streamed deltas; nil means Content in word-sized pieces
	FinishReason string   // "" means "stop"
	// CutAfter, when positive, ends a stream after that many chunks, with no
	// finish reason and no [DONE]; with Abort the connection is dropped
	// instead (the client sees an unexpected EOF).
	CutAfter int
	Abort    bool
	// ChunkDelay is a pause before each streamed chunk.
	ChunkDelay time.Duration

	// Embedding replies.
	Vectors [][]float32 // the vectors; nil means Vector of each input
	Reverse bool        // list the vectors in reverse index order
}

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is a request the server received.
type Request struct {
	Path   string
	Header http.Header
	Body   []byte
	At     time.Time

	Model      string
	Stream     bool
	Messages   []Message // chat
	Input      []string  // embeddings
	Dimensions int       // embeddings
}

// System and User return the content of the request's first system and
// user message.
func (r Request) System() string { return r.message("system") }

// User returns the content of the request's first user message.
func (r Request) User() string { return r.message("user") }

func (r Request) message(role string) string {
	for _, m := range r.Messages {
		if m.Role == role {
			return m.Content
		}
	}
	return ""
}

// Server is the fake. Its zero value is not usable; call New.
type Server struct {
	// URL is the API's base URL, ending in /v1, for BaseURL options.
	URL string

	srv      *httptest.Server
	mu       sync.Mutex
	chat     []Reply
	embed    []Reply
	chatFunc func(Request) Reply
	requests []Request
}

// New starts a server that t closes when it ends.
func New(t testing.TB) *Server {
	s := &Server{chatFunc: DefaultChat}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.handleChat)
	mux.HandleFunc("POST /v1/embeddings", s.handleEmbeddings)
	// Azure OpenAI's paths, for clients with BaseURL set to Server.BaseURL().
	mux.HandleFunc("POST /openai/deployments/{deployment}/chat/completions", s.handleChat)
	mux.HandleFunc("POST /openai/deployments/{deployment}/embeddings", s.handleEmbeddings)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL + "/v1"
	t.Cleanup(s.srv.Close)
	return s
}

// BaseURL is the server's root URL, without /v1: the base URL of an Azure
// OpenAI resource.
func (s *Server) BaseURL() string { return s.srv.URL }

// Close stops the server; New's cleanup does it too.
func (s *Server) Close() { s.srv.Close() }

// QueueChat programs the next chat replies, in order. When none is queued
// the ChatFunc answers (DefaultChat unless SetChat changed it).
func (s *Server) QueueChat(r ...Reply) {
	s.mu.Lock()
	s.chat = append(s.chat, r...)
	s.mu.Unlock()
}

// QueueEmbed programs the next embedding replies, in order. When none is
// queued each input gets Vector(input, 8) (or the dimensions asked for).
func (s *Server) QueueEmbed(r ...Reply) {
	s.mu.Lock()
	s.embed = append(s.embed, r...)
	s.mu.Unlock()
}

// SetChat makes f answer chat requests when no reply is queued.
func (s *Server) SetChat(f func(Request) Reply) {
	s.mu.Lock()
	s.chatFunc = f
	s.mu.Unlock()
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count returns how many requests were made to the path ending in suffix
// ("chat/completions", "embeddings").
func (s *Server) Count(suffix string) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// record parses and stores a request, and returns it with the reply that
// answers it.
func (s *Server) record(r *http.Request, queue *[]Reply, fallback func(Request) Reply) (Request, Reply) {
	body, _ := io.ReadAll(r.Body)
	req := Request{Path: r.URL.Path, Header: r.Header.Clone(), Body: body, At: time.Now()}
	var in struct {
		Model      string          `json:"model"`
		Stream     bool            `json:"stream"`
		Messages   []Message       `json:"messages"`
		Input      json.RawMessage `json:"input"`
		Dimensions int             `json:"dimensions"`
	}
	if json.Unmarshal(body, &in) == nil {
		req.Model, req.Stream, req.Messages, req.Dimensions = in.Model, in.Stream, in.Messages, in.Dimensions
		if json.Unmarshal(in.Input, &req.Input) != nil {
			var one string
			if json.Unmarshal(in.Input, &one) == nil {
				req.Input = []string{one}
			}
		}
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	var rep Reply
	if len(*queue) > 0 {
		rep, *queue = (*queue)[0], (*queue)[1:]
	} else {
		if fallback == nil {
			fallback = s.chatFunc
		}
		s.mu.Unlock()
		return req, fallback(req)
	}
	s.mu.Unlock()
	return req, rep
}

// prelude applies a reply's delay, status and raw body; it reports whether
// the response is complete.
func prelude(w http.ResponseWriter, r *http.Request, rep Reply) bool {
	if rep.Delay > 0 {
		select {
		case <-time.After(rep.Delay):
		case <-r.Context().Done():
			return true
		}
	}
	if rep.RetryAfter != "" {
		w.Header().Set("Retry-After", rep.RetryAfter)
	}
	if rep.Status != 0 && rep.Status != http.StatusOK {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.Status)
		body := rep.Body
		if body == "" {
			b, _ := json.Marshal(map[string]any{"error": map[string]any{
				"message": http.StatusText(rep.Status), "type": "fake_error", "code": rep.Status}})
			body = string(b)
		}
		io.WriteString(w, body)
		return true
	}
	if rep.Body != "" {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, rep.Body)
		return true
	}
	return false
}

// Vector is the default embedding of text: deterministic, not normalised,
// never zero.
func Vector(text string, dims int) []float32 {
	v := make([]float32, dims)
	for i := range v {
		h := fnv.New32a()
		h.Write([]byte{byte(i)})
		io.WriteString(h, text)
		v[i] = float32(h.Sum32()%1000)/100 + 0.01
	}
	return v
}

func (s *Server) handleEmbeddings(w http.ResponseWriter, r *http.Request) {
	req, rep := s.record(r, &s.embed, func(Request) Reply { return Reply{} })
	if prelude(w, r, rep) {
		return
	}
	dims := req.Dimensions
	if dims == 0 {
		dims = 8
	}
	vecs := rep.Vectors
	if vecs == nil {
		for _, in := range req.Input {
			vecs = append(vecs, Vector(in, dims))
		}
	}
	type item struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	data := make([]item, len(vecs))
	for i, v := range vecs {
		j := i
		if rep.Reverse {
			j = len(vecs) - 1 - i
		}
		data[j] = item{Object: "embedding", Index: i, Embedding: v}
	}
	writeJSON(w, map[string]any{"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": len(req.Input), "total_tokens": len(req.Input)}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
