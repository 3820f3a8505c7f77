package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socketState is the Socket Mode side: the clients' websocket connections
// and the acknowledgements they sent.
type socketState struct {
	mu      sync.Mutex
	conns   []*sockConn // open connections, oldest first
	changed chan struct{}
	acks    map[string]json.RawMessage // envelope_id → payload ("null" when none)
	ackCh   chan struct{}
}

type sockConn struct {
	c       *websocket.Conn
	writeMu sync.Mutex
}

func (c *sockConn) write(v any) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	return c.c.WriteJSON(v)
}

func newSocketState() *socketState {
	return &socketState{changed: make(chan struct{}), acks: map[string]json.RawMessage{}, ackCh: make(chan struct{})}
}

func (st *socketState) notify() {
	close(st.changed)
	st.changed = make(chan struct{})
}

// serveSocket is the websocket that apps.connections.open hands out: it says
// hello, then records the envelopes the client acknowledges.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	st := s.sock
	sc := &sockConn{c: conn}
	st.mu.Lock()
	n := len(st.conns) + 1
	st.mu.Unlock()
	hello := map[string]any{"type": "hello", "num_connections": n,
		"connection_info": map[string]any{"app_id": "A1"}, "debug_info": map[string]any{"host": "fake"}}
	if err := sc.write(hello); err != nil {
		return
	}
	st.mu.Lock()
	st.conns = append(st.conns, sc)
	st.notify()
	st.mu.Unlock()
	defer func() {
		st.mu.Lock()
		for i, c := range st.conns {
			if c == sc {
				st.conns = append(st.conns[:i:i], st.conns[i+1:]...)
				break
			}
		}
		st.notify()
		st.mu.Unlock()
	}()
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) != nil || ack.EnvelopeID == "" {
			continue
		}
		if ack.Payload == nil {
			ack.Payload = json.RawMessage("null")
		}
		st.mu.Lock()
		st.acks[ack.EnvelopeID] = ack.Payload
		close(st.ackCh)
		st.ackCh = make(chan struct{})
		st.mu.Unlock()
	}
}

// WaitConnected waits until a Socket Mode client has connected.
func (s *Server) WaitConnected(timeout time.Duration) error {
	return s.WaitConnections(1, timeout)
}

// WaitConnections waits until n Socket Mode connections are open.
func (s *Server) WaitConnections(n int, timeout time.Duration) error {
	deadline := time.After(timeout)
	for {
		st := s.sock
		st.mu.Lock()
		have, ch := len(st.conns), st.changed
		st.mu.Unlock()
		if have >= n {
			return nil
		}
		select {
		case <-ch:
		case <-deadline:
			return fmt.Errorf("slackfake: %d socket mode connections open, want %d", have, n)
		}
	}
}

// Connections is the number of open Socket Mode connections.
func (s *Server) Connections() int {
	s.sock.mu.Lock()
	defer s.sock.mu.Unlock()
	return len(s.sock.conns)
}

// Send writes an envelope (see EventsEnvelope, SlashEnvelope,
// InteractiveEnvelope) to the newest connection.
func (s *Server) Send(envelope any) error {
	st := s.sock
	st.mu.Lock()
	var c *sockConn
	if len(st.conns) > 0 {
		c = st.conns[len(st.conns)-1]
	}
	st.mu.Unlock()
	if c == nil {
		return errors.New("slackfake: no socket mode client connected")
	}
	return c.write(envelope)
}

// SendAll writes envelope to every open connection, as Slack redelivering
// one event to each of an app's connections would: each copy gets its own
// envelope_id (the given one with "-1", "-2", … appended). It returns the
// envelope IDs sent.
func (s *Server) SendAll(envelope map[string]any) ([]string, error) {
	st := s.sock
	st.mu.Lock()
	conns := append([]*sockConn(nil), st.conns...)
	st.mu.Unlock()
	if len(conns) == 0 {
		return nil, errors.New("slackfake: no socket mode client connected")
	}
	var ids []string
	var errs []error
	for i, c := range conns {
		e := make(map[string]any, len(envelope))
		for k, v := range envelope {
			e[k] = v
		}
		id := fmt.Sprintf("%v-%d", envelope["envelope_id"], i+1)
		e["envelope_id"] = id
		if err := c.write(e); err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, id)
	}
	return ids, errors.Join(errs...)
}

// WaitAck waits for the acknowledgement of envelopeID and returns its
// payload ("null" when it had none).
func (s *Server) WaitAck(envelopeID string, timeout time.Duration) (json.RawMessage, bool) {
	deadline := time.After(timeout)
	for {
		st := s.sock
		st.mu.Lock()
		p, ok := st.acks[envelopeID]
		ch := st.ackCh
		st.mu.Unlock()
		if ok {
			return p, true
		}
		select {
		case <-ch:
		case <-deadline:
			return nil, false
		}
	}
}
