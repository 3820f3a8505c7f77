// Package slackfake is a fake Slack for tests, on 127.0.0.1: a Web API that
// records every call (chat.postMessage, chat.update, chat.postEphemeral,
// reactions.add, conversations.replies, conversations.history, auth.test,
// apps.connections.open), keeps the messages it was sent (with their
// metadata) so history reads see them, can answer 429 with Retry-After or
// 500, or take its time over chat.postMessage (SlowPosts); a response_url
// sink; and the server side of Socket Mode's websocket protocol, for any
// number of connections.
package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Identity of the fake bot, as auth.test reports it.
const (
	BotUserID = "UBOT"
	BotID     = "BBOT"
)

// Call is one recorded request.
type Call struct {
	Method string     // Web API method ("chat.postMessage") or "response_url"
	Path   string     // request path
	Token  string     // the token the call carried (form value or bearer)
	Values url.Values // form values, or the top-level fields of a JSON body
	// Content is every string the call carries (text, blocks, payload),
	// decoded from JSON, joined by newlines: what Slack would render.
	Content string
	At      time.Time
}

// Message is a message the fake holds for conversations.replies/history.
type Message struct {
	Channel  string `json:"-"`
	User     string `json:"user,omitempty"`
	BotID    string `json:"bot_id,omitempty"`
	Text     string `json:"text"`
	TS       string `json:"ts"`
	ThreadTS string `json:"thread_ts,omitempty"`
	// Metadata is the message metadata posted with it ({"event_type",
	// "event_payload"}); history returns it with include_all_metadata.
	Metadata json.RawMessage `json:"metadata,omitempty"`
}

// Server is the fake Slack. Start it with New; Close it when done.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	calls    []Call
	messages []Message
	faults   map[string][]fault
	lastTS   int64         // microseconds of the last timestamp handed out
	changed  chan struct{} // closed and replaced on every call

	// Delay, when set, is slept before answering each Web API call.
	Delay time.Duration
	slow  []slowPost // answer delays of the next chat.postMessage calls

	upgrader websocket.Upgrader
	sock     *socketState
}

type fault struct {
	status     int
	retryAfter int
	code       string // Slack's error code, for an ok:false answer with 200
}

// New starts a fake Slack on 127.0.0.1.
func New() *Server {
	s := &Server{faults: map[string][]fault{}, changed: make(chan struct{}), sock: newSocketState()}
	s.upgrader.CheckOrigin = func(*http.Request) bool { return true } // the client sends Slack's origin
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/response/", s.serveResponse)
	mux.HandleFunc("/socket", s.serveSocket)
	s.Server = httptest.NewServer(mux)
	return s
}

// APIURL is the Web API base URL, for SLACK_API_URL or slack.OptionAPIURL.
func (s *Server) APIURL() string { return s.URL + "/api/" }

// ResponseURL is a fresh response_url that the fake records posts to.
func (s *Server) ResponseURL(name string) string { return s.URL + "/response/" + url.PathEscape(name) }

// Fail makes the next n calls of method answer status (429 with a
// Retry-After of retryAfter seconds, or e.g. 500).
func (s *Server) Fail(method string, status, retryAfter, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[method] = append(s.faults[method], fault{status: status, retryAfter: retryAfter})
	}
}

// Reject makes the next call of method answer 200 {"ok":false,"error":code},
// as Slack does for e.g. invalid_auth or channel_not_found.
func (s *Server) Reject(method, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], fault{status: http.StatusOK, code: code})
}

// SlowPosts makes the next n chat.postMessage calls take d to answer, as a
// struggling Slack does: each message is stored (and visible to history)
// when the call arrives, and the answer comes d later, or never when the
// caller gave up or went away first.
func (s *Server) SlowPosts(n int, d time.Duration) { s.SlowChannelPosts("", n, d) }

// SlowChannelPosts is SlowPosts for the posts to channel only.
func (s *Server) SlowChannelPosts(channel string, n int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.slow = append(s.slow, slowPost{channel, d})
	}
}

type slowPost struct {
	channel string // "" for any
	d       time.Duration
}

// takeSlow returns the delay for a post to channel, using up its rule.
// Callers hold s.mu.
func (s *Server) takeSlow(channel string) time.Duration {
	for i, p := range s.slow {
		if p.channel == "" || p.channel == channel {
			s.slow = append(s.slow[:i:i], s.slow[i+1:]...)
			return p.d
		}
	}
	return 0
}

// Messages returns the messages posted to channel (all when ""), oldest
// first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if channel == "" || m.Channel == channel {
			out = append(out, m)
		}
	}
	return out
}

// AddMessage stores a message (e.g. a user's earlier question) for the
// history methods.
func (s *Server) AddMessage(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
}

// Calls returns the recorded calls of the given methods (all when none).
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// Wait waits until at least n calls of the given methods were recorded, or
// timeout passes; it returns the calls recorded by then.
func (s *Server) Wait(timeout time.Duration, n int, methods ...string) []Call {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if calls := s.Calls(methods...); len(calls) >= n {
			return calls
		}
		select {
		case <-ch:
		case <-deadline:
			return s.Calls(methods...)
		}
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.At = time.Now()
	s.calls = append(s.calls, c)
	close(s.changed)
	s.changed = make(chan struct{})
}

// readValues reads a form or JSON body into values and the rendered content.
func readValues(r *http.Request) (url.Values, string) {
	vals := url.Values{}
	var strs []string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var v map[string]any
		_ = json.NewDecoder(r.Body).Decode(&v)
		for k, x := range v {
			if str, ok := x.(string); ok {
				vals.Set(k, str)
			} else if b, err := json.Marshal(x); err == nil {
				vals.Set(k, string(b))
			}
		}
		collect(v, &strs)
	} else {
		_ = r.ParseForm()
		for k, vs := range r.Form {
			vals[k] = vs
		}
		for _, k := range []string{"text", "blocks", "attachments"} {
			for _, v := range vals[k] {
				var decoded any
				if json.Unmarshal([]byte(v), &decoded) == nil {
					collect(decoded, &strs)
				} else {
					strs = append(strs, v)
				}
			}
		}
	}
	return vals, strings.Join(strs, "\n")
}

// collect gathers the string leaves of decoded JSON, in a stable order.
func collect(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
	case []any:
		for _, e := range x {
			collect(e, out)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			collect(x[k], out)
		}
	}
}

func (s *Server) serveResponse(w http.ResponseWriter, r *http.Request) {
	vals, content := readValues(r)
	s.record(Call{Method: "response_url", Path: r.URL.Path, Values: vals, Content: content})
	if f, ok := s.takeFault("response_url"); ok {
		writeFault(w, f)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) takeFault(method string) (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := s.faults[method]
	if len(fs) == 0 {
		return fault{}, false
	}
	s.faults[method] = fs[1:]
	return fs[0], true
}

func writeFault(w http.ResponseWriter, f fault) {
	if f.code != "" {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ok":false,"error":%q}`, f.code)
		return
	}
	if f.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.retryAfter))
	}
	http.Error(w, fmt.Sprintf(`{"ok":false,"error":"status_%d"}`, f.status), f.status)
}

// nextTS is a message timestamp later than every earlier one. Callers hold
// s.mu.
func (s *Server) nextTS() string {
	us := time.Now().UnixMicro()
	if us <= s.lastTS {
		us = s.lastTS + 1
	}
	s.lastTS = us
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// NewTS returns a fresh message timestamp, later than every message so far,
// for the messages a test's users "send".
func (s *Server) NewTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextTS()
}
