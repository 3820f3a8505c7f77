package slackfake

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socketState is the Socket Mode side: the bot's websocket connection and
// the acknowledgements it sent.
type socketState struct {
	mu        sync.Mutex
	conn      *websocket.Conn
	writeMu   sync.Mutex
	connected chan struct{}
	connOnce  sync.Once
	acks      map[string]json.RawMessage // envelope_id → payload ("null" when none)
	ackCh     chan struct{}
}

func newSocketState() *socketState {
	return &socketState{connected: make(chan struct{}), acks: map[string]json.RawMessage{}, ackCh: make(chan struct{})}
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
	hello := map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A1"}, "debug_info": map[string]any{"host": "fake"}}
	st.writeMu.Lock()
	err = conn.WriteJSON(hello)
	st.writeMu.Unlock()
	if err != nil {
		return
	}
	st.mu.Lock()
	st.conn = conn
	st.mu.Unlock()
	st.connOnce.Do(func() { close(st.connected) })
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
	select {
	case <-s.sock.connected:
		return nil
	case <-time.After(timeout):
		return errors.New("slackfake: no socket mode client connected")
	}
}

// Send writes an envelope (see EventsEnvelope, SlashEnvelope,
// InteractiveEnvelope) to the connected client.
func (s *Server) Send(envelope any) error {
	st := s.sock
	st.mu.Lock()
	conn := st.conn
	st.mu.Unlock()
	if conn == nil {
		return errors.New("slackfake: no socket mode client connected")
	}
	st.writeMu.Lock()
	defer st.writeMu.Unlock()
	return conn.WriteJSON(envelope)
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
