package slackfake

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	vals, content := readValues(r)
	token := vals.Get("token")
	if b, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		token = b
	}
	s.record(Call{Method: method, Path: r.URL.Path, Token: token, Values: vals, Content: content})
	if s.Delay > 0 {
		time.Sleep(s.Delay)
	}
	if f, ok := s.takeFault(method); ok {
		writeFault(w, f)
		return
	}
	resp := map[string]any{"ok": true}
	switch method {
	case "auth.test":
		resp["user_id"], resp["bot_id"], resp["user"], resp["team"], resp["team_id"] = BotUserID, BotID, "newsdesk", "Newsroom", "T1"
	case "apps.connections.open":
		resp["url"] = "ws" + strings.TrimPrefix(s.URL, "http") + "/socket"
	case "chat.postMessage":
		s.mu.Lock()
		m := Message{Channel: vals.Get("channel"), User: BotUserID, BotID: BotID, Text: vals.Get("text"), TS: s.nextTS(), ThreadTS: vals.Get("thread_ts")}
		if md := vals.Get("metadata"); md != "" && json.Valid([]byte(md)) {
			m.Metadata = json.RawMessage(md)
		}
		s.messages = append(s.messages, m)
		slow := s.takeSlow(m.Channel)
		s.mu.Unlock()
		if slow > 0 {
			select {
			case <-time.After(slow):
			case <-r.Context().Done():
				return // the caller gave up: it never learns the ts
			}
		}
		resp["channel"], resp["ts"], resp["message"] = m.Channel, m.TS, m
	case "chat.update":
		s.mu.Lock()
		for i := range s.messages {
			if s.messages[i].Channel == vals.Get("channel") && s.messages[i].TS == vals.Get("ts") {
				s.messages[i].Text = vals.Get("text")
			}
		}
		s.mu.Unlock()
		resp["channel"], resp["ts"], resp["text"] = vals.Get("channel"), vals.Get("ts"), vals.Get("text")
	case "chat.postEphemeral":
		s.mu.Lock()
		resp["message_ts"] = s.nextTS()
		s.mu.Unlock()
	case "conversations.replies":
		resp["messages"] = s.replies(vals.Get("channel"), vals.Get("ts"))
		resp["has_more"] = false
	case "conversations.history":
		msgs := s.history(vals.Get("channel"), vals.Get("latest"), vals.Get("oldest"))
		if n, err := strconv.Atoi(vals.Get("limit")); err == nil && n > 0 && len(msgs) > n {
			msgs = msgs[:n] // newest first; the fake has no further pages
		}
		if vals.Get("include_all_metadata") != "1" && vals.Get("include_all_metadata") != "true" {
			for i := range msgs {
				msgs[i].Metadata = nil
			}
		}
		resp["messages"] = msgs
		resp["has_more"] = false
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// replies is the thread rooted at ts, oldest first.
func (s *Server) replies(channel, ts string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if m.Channel == channel && (m.TS == ts || m.ThreadTS == ts) {
			out = append(out, m)
		}
	}
	sortTS(out)
	return out
}

// history is the channel's top-level messages in (oldest, latest), newest
// first.
func (s *Server) history(channel, latest, oldest string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if m.Channel != channel || (m.ThreadTS != "" && m.ThreadTS != m.TS) {
			continue
		}
		if latest != "" && tsNum(m.TS) >= tsNum(latest) {
			continue
		}
		if oldest != "" && tsNum(m.TS) <= tsNum(oldest) {
			continue
		}
		out = append(out, m)
	}
	sortTS(out)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func sortTS(ms []Message) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && tsNum(ms[j].TS) < tsNum(ms[j-1].TS); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func tsNum(ts string) float64 {
	f, _ := strconv.ParseFloat(ts, 64)
	return f
}
