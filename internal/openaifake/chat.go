package openaifake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// DefaultChat answers a chat request when no reply is queued, by the kind of
// prompt: a digest prompt (HEADLINE/SUMMARY) gets a one-story summary citing
// [1]; a follow-up rewrite gets the follow-up question back; anything else
// gets one sentence citing [1].
func DefaultChat(req Request) Reply {
	user := req.User()
	switch {
	case strings.Contains(req.System(), "HEADLINE:"):
		return Reply{Content: "HEADLINE: A story from the fake model\nSUMMARY: The sources report the story [1]."}
	case strings.Contains(user, "Follow-up question:"):
		_, q, _ := strings.Cut(user, "Follow-up question:")
		q, _, _ = strings.Cut(q, "\n")
		return Reply{Content: strings.TrimSpace(q)}
	}
	return Reply{Content: "The sources answer the question [1]."}
}

// Words splits text into stream chunks of one word each, keeping the spaces,
// so that the chunks join to text.
func Words(text string) []string {
	var chunks []string
	for text != "" {
		i := strings.IndexByte(text[1:], ' ')
		if i < 0 {
			chunks = append(chunks, text)
			break
		}
		chunks, text = append(chunks, text[:i+1]), text[i+1:]
	}
	return chunks
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
	req, rep := s.record(r, &s.chat, nil)
	if prelude(w, r, rep) {
		return
	}
	finish := rep.FinishReason
	if finish == "" {
		finish = "stop"
	}
	if !req.Stream {
		writeJSON(w, map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000, "model": req.Model,
			"choices": []map[string]any{{
				"index":         0,
				"message":       map[string]string{"role": "assistant", "content": rep.Content},
				"finish_reason": finish,
			}},
			"usage": map[string]int{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
		})
		return
	}
	chunks := rep.Chunks
	if chunks == nil {
		chunks = Words(rep.Content)
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	flusher, _ := w.(http.Flusher)
	send := func(delta map[string]string, finish any) {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000, "model": req.Model,
			"choices": []map[string]any{{"index": 0, "delta": delta, "finish_reason": finish}},
		})
		fmt.Fprintf(w, "data: %s\n\n", b)
		if flusher != nil {
			flusher.Flush()
		}
	}
	send(map[string]string{"role": "assistant", "content": ""}, nil)
	for i, c := range chunks {
		if rep.CutAfter > 0 && i == rep.CutAfter {
			if rep.Abort {
				panic(http.ErrAbortHandler)
			}
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(rep.ChunkDelay):
		}
		send(map[string]string{"content": c}, nil)
	}
	send(map[string]string{}, finish)
	fmt.Fprint(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}
