package retrieval

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"newsdesk/internal/openairetry"
)

// OpenAIEmbedderOptions configures an OpenAIEmbedder.
type OpenAIEmbedderOptions struct {
	// BaseURL of an OpenAI-compatible API; empty means OpenAI's.
	BaseURL string
	// APIKey may be empty for local servers (Ollama, vLLM, LM Studio).
	APIKey string
	// Model is the embedding model, e.g. "text-embedding-3-small".
	Model string
	// BatchSize is how many texts go in one request; 0 means 64.
	BatchSize int
	// Timeout is the deadline of each request; 0 means 60 s.
	Timeout time.Duration
	// MaxRetries is how often a request that failed with 429, 5xx or a
	// timeout is retried.
	MaxRetries int
	// HTTPClient makes the requests; nil means a default client. It is not
	// modified.
	HTTPClient *http.Client
	// Dimensions, when positive, is asked of the server (models that can
	// shorten their vectors) and every vector must have it. When 0 every
	// vector must have the length of the first one.
	Dimensions int
}

// OpenAIEmbedder embeds texts through an OpenAI-compatible /embeddings API.
// It is safe for concurrent use.
type OpenAIEmbedder struct {
	opts   OpenAIEmbedderOptions
	client *openai.Client
	retry  openairetry.Policy
}

var _ Embedder = (*OpenAIEmbedder)(nil)

// NewOpenAIEmbedder checks opts and returns an embedder. An empty Model or a
// negative number is an error.
func NewOpenAIEmbedder(opts OpenAIEmbedderOptions) (*OpenAIEmbedder, error) {
	if strings.TrimSpace(opts.Model) == "" {
		return nil, errors.New("new openai embedder: no model named")
	}
	if opts.BatchSize < 0 || opts.Timeout < 0 || opts.MaxRetries < 0 || opts.Dimensions < 0 {
		return nil, errors.New("new openai embedder: batch_size, timeout, max_retries and dimensions must not be negative")
	}
	if opts.BatchSize == 0 {
		opts.BatchSize = 64
	}
	if opts.Timeout == 0 {
		opts.Timeout = 60 * time.Second
	}
	cfg := openai.DefaultConfig(opts.APIKey)
	if opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	}
	cfg.HTTPClient = openairetry.Client(opts.HTTPClient)
	return &OpenAIEmbedder{
		opts:   opts,
		client: openai.NewClientWithConfig(cfg),
		retry:  openairetry.Policy{MaxRetries: opts.MaxRetries, Timeout: opts.Timeout},
	}, nil
}

// Model names the embedding model, with the dimensions when they were asked
// for ("text-embedding-3-small@256"), so that vectors of another length are
// never mixed with these.
func (e *OpenAIEmbedder) Model() string {
	if e.opts.Dimensions > 0 {
		return e.opts.Model + "@" + strconv.Itoa(e.opts.Dimensions)
	}
	return e.opts.Model
}

// Embed returns one L2-normalised vector per text, in the order given, in
// batches of BatchSize, each request with its deadline and retries. Blank
// texts are sent as a single space (the API rejects empty input). A reply
// with the wrong number of vectors, a vector of the wrong length or an
// all-zero vector is an error; no partial result is returned.
func (e *OpenAIEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	dims := e.opts.Dimensions
	for start := 0; start < len(texts); start += e.opts.BatchSize {
		batch := texts[start:min(start+e.opts.BatchSize, len(texts))]
		vecs, err := e.embedBatch(ctx, batch)
		if err != nil {
			return nil, fmt.Errorf("embed texts %d–%d of %d with %s: %w", start+1, start+len(batch), len(texts), e.opts.Model, err)
		}
		for i, v := range vecs {
			if dims == 0 {
				dims = len(v)
			}
			if len(v) != dims {
				return nil, fmt.Errorf("embed with %s: text %d got a vector of %d dimensions, want %d", e.opts.Model, start+i+1, len(v), dims)
			}
			if !unitLength(v) {
				return nil, fmt.Errorf("embed with %s: text %d got a zero or invalid vector", e.opts.Model, start+i+1)
			}
		}
		out = append(out, vecs...)
	}
	return out, nil
}

// embedBatch embeds one batch and puts the vectors in input order by their
// index, checking that each index is given once.
func (e *OpenAIEmbedder) embedBatch(ctx context.Context, batch []string) ([][]float32, error) {
	input := make([]string, len(batch))
	for i, t := range batch {
		if strings.TrimSpace(t) == "" {
			t = " "
		}
		input[i] = t
	}
	req := openai.EmbeddingRequestStrings{
		Input:          input,
		Model:          openai.EmbeddingModel(e.opts.Model),
		EncodingFormat: openai.EmbeddingEncodingFormatFloat,
		Dimensions:     e.opts.Dimensions,
	}
	var vecs [][]float32
	err := e.retry.Do(ctx, func(ctx context.Context) error {
		resp, err := e.client.CreateEmbeddings(ctx, req)
		if err != nil {
			return err
		}
		if len(resp.Data) != len(batch) {
			return &openairetry.Error{Kind: openairetry.KindMalformed, Attempts: 1,
				Err: fmt.Errorf("got %d vectors for %d texts", len(resp.Data), len(batch))}
		}
		vecs = make([][]float32, len(batch))
		for _, d := range resp.Data {
			if d.Index < 0 || d.Index >= len(batch) || vecs[d.Index] != nil {
				return &openairetry.Error{Kind: openairetry.KindMalformed, Attempts: 1,
					Err: fmt.Errorf("vector index %d is out of range or repeated", d.Index)}
			}
			vecs[d.Index] = d.Embedding
		}
		return nil
	})
	return vecs, err
}
