package retrieval

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/openaifake"
)

func newTestEmbedder(t *testing.T, fake *openaifake.Server, edit func(*OpenAIEmbedderOptions)) *OpenAIEmbedder {
	t.Helper()
	opts := OpenAIEmbedderOptions{BaseURL: fake.URL, Model: "fake-embed", BatchSize: 4, Timeout: 2 * time.Second, MaxRetries: 2}
	if edit != nil {
		edit(&opts)
	}
	e, err := NewOpenAIEmbedder(opts)
	if err != nil {
		t.Fatal(err)
	}
	e.retry.BaseDelay = 5 * time.Millisecond
	return e
}

func texts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("passage number %d", i)
	}
	return out
}

func TestOpenAIEmbedderBatchesInOrder(t *testing.T) {
	tests := []struct {
		name     string
		n, batch int
		requests int
		reverse  bool
	}{
		{"one batch", 3, 4, 1, false},
		{"exact batches", 8, 4, 2, false},
		{"partial last batch", 10, 4, 3, false},
		{"server lists vectors out of order", 10, 4, 3, true},
		{"nothing to embed", 0, 4, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := openaifake.New(t)
			for range tc.requests {
				fake.QueueEmbed(openaifake.Reply{Reverse: tc.reverse})
			}
			e := newTestEmbedder(t, fake, func(o *OpenAIEmbedderOptions) { o.BatchSize = tc.batch })
			in := texts(tc.n)
			vecs, err := e.Embed(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if len(vecs) != tc.n {
				t.Fatalf("got %d vectors for %d texts", len(vecs), tc.n)
			}
			if got := fake.Count("embeddings"); got != tc.requests {
				t.Errorf("made %d requests, want %d", got, tc.requests)
			}
			for i, v := range vecs {
				want := openaifake.Vector(in[i], 8)
				var norm, dot, wnorm float64
				for j := range v {
					norm += float64(v[j]) * float64(v[j])
					dot += float64(v[j]) * float64(want[j])
					wnorm += float64(want[j]) * float64(want[j])
				}
				if math.Abs(norm-1) > 1e-5 {
					t.Errorf("vector %d has squared norm %v, want 1", i, norm)
				}
				if cos := dot / math.Sqrt(wnorm); math.Abs(cos-1) > 1e-5 {
					t.Errorf("vector %d is not the embedding of text %d (cos %v)", i, i, cos)
				}
			}
			for _, r := range fake.Requests() {
				if len(r.Input) > tc.batch || r.Model != "fake-embed" {
					t.Errorf("request of %d inputs for model %q", len(r.Input), r.Model)
				}
			}
		})
	}
}

func TestOpenAIEmbedderFailures(t *testing.T) {
	tests := []struct {
		name     string
		replies  []openaifake.Reply
		dims     int
		ok       bool
		requests int
		errWant  string
	}{
		{name: "500 then success", replies: []openaifake.Reply{{Status: 500}, {}}, ok: true, requests: 2},
		{name: "persistent 503", replies: []openaifake.Reply{{Status: 503}, {Status: 503}, {Status: 503}}, requests: 3, errWant: "server"},
		{name: "400 not retried", replies: []openaifake.Reply{{Status: 400}}, requests: 1, errWant: "request"},
		{name: "malformed JSON", replies: []openaifake.Reply{{Body: `{"data": [`}}, requests: 1, errWant: "malformed"},
		{name: "too few vectors", replies: []openaifake.Reply{{Vectors: [][]float32{{1, 0}}}}, requests: 1, errWant: "got 1 vectors for 2 texts"},
		{name: "dimension mismatch inside a reply", replies: []openaifake.Reply{{Vectors: [][]float32{{1, 0}, {1, 0, 0}}}}, requests: 1, errWant: "dimensions"},
		{name: "dimensions other than asked", replies: []openaifake.Reply{{Vectors: [][]float32{{1, 0}, {0, 1}}}}, dims: 3, requests: 1, errWant: "dimensions"},
		{name: "zero vector", replies: []openaifake.Reply{{Vectors: [][]float32{{0, 0}, {0, 1}}}}, requests: 1, errWant: "zero"},
		{name: "timeout", replies: []openaifake.Reply{{Delay: time.Second}}, requests: 1, errWant: "timeout"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := openaifake.New(t)
			fake.QueueEmbed(tc.replies...)
			e := newTestEmbedder(t, fake, func(o *OpenAIEmbedderOptions) {
				o.Dimensions = tc.dims
				if tc.errWant == "timeout" {
					o.Timeout, o.MaxRetries = 200*time.Millisecond, 0
				}
			})
			vecs, err := e.Embed(context.Background(), []string{"one", "two"})
			if got := fake.Count("embeddings"); got != tc.requests {
				t.Errorf("made %d requests, want %d", got, tc.requests)
			}
			if tc.ok {
				if err != nil || len(vecs) != 2 {
					t.Fatalf("got %d vectors, %v", len(vecs), err)
				}
				return
			}
			if err == nil || vecs != nil {
				t.Fatalf("got %d vectors, err %v; want an error and no vectors", len(vecs), err)
			}
			if !strings.Contains(err.Error(), tc.errWant) {
				t.Errorf("err = %v, want it to mention %q", err, tc.errWant)
			}
		})
	}
}

func TestOpenAIEmbedderHonoursRetryAfter(t *testing.T) {
	fake := openaifake.New(t)
	fake.QueueEmbed(openaifake.Reply{Status: 429, RetryAfter: "1"}, openaifake.Reply{})
	e := newTestEmbedder(t, fake, nil)
	if _, err := e.Embed(context.Background(), []string{"one"}); err != nil {
		t.Fatal(err)
	}
	reqs := fake.Requests()
	if len(reqs) != 2 {
		t.Fatalf("made %d requests, want 2", len(reqs))
	}
	if gap := reqs[1].At.Sub(reqs[0].At); gap < 900*time.Millisecond {
		t.Errorf("retried after %v, before the Retry-After of 1s", gap)
	}
}

func TestOpenAIEmbedderModelAndDimensions(t *testing.T) {
	fake := openaifake.New(t)
	e := newTestEmbedder(t, fake, func(o *OpenAIEmbedderOptions) { o.Dimensions = 16 })
	if e.Model() != "fake-embed@16" {
		t.Errorf("Model() = %q", e.Model())
	}
	vecs, err := e.Embed(context.Background(), []string{"one", ""})
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs[0]) != 16 {
		t.Errorf("got %d dimensions, want 16", len(vecs[0]))
	}
	req := fake.Requests()[0]
	if req.Dimensions != 16 || req.Input[1] != " " {
		t.Errorf("request dimensions %d, inputs %q", req.Dimensions, req.Input)
	}
}

func TestNewOpenAIEmbedderValidates(t *testing.T) {
	for name, opts := range map[string]OpenAIEmbedderOptions{
		"no model":        {},
		"negative batch":  {Model: "m", BatchSize: -1},
		"negative dims":   {Model: "m", Dimensions: -1},
		"negative timout": {Model: "m", Timeout: -1},
	} {
		if _, err := NewOpenAIEmbedder(opts); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}
