package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"newsdesk/internal/openairetry"
	"newsdesk/prompts"
)

// RefusalToken is what the model is told to reply, and nothing else, when
// the sources do not answer the question.
const RefusalToken = "NOT_IN_SOURCES"

// RefusalText is the Text of a Generated answer the model refused.
const RefusalText = "The articles I have do not answer this question."

// Options configures Chat, the LLM client.
type Options struct {
	// BaseURL of an OpenAI-compatible API ("http://localhost:11434/v1" for
	// Ollama); empty means OpenAI's. Required for Azure.
	BaseURL string
	// APIKey may be empty for local servers.
	APIKey string
	// Model is the chat model (the deployment name on Azure).
	Model string
	// APIType is "openai" (any OpenAI-compatible server) or "azure".
	APIType string
	// APIVersion is Azure's API version; empty means go-openai's default.
	APIVersion string
	// Timeout is the deadline of each attempt of a call, streaming included.
	Timeout time.Duration
	// MaxRetries is how often a call that failed with 429, 5xx or a timeout
	// is retried.
	MaxRetries int
	// Stream makes Answer stream its reply to onDelta when onDelta is given.
	Stream bool
	// Temperature of sampling; 0 means the server's default.
	Temperature float32
	// MaxTokens caps the reply's length in tokens.
	MaxTokens int
	// HTTPClient makes the requests; nil means a default client. It is not
	// modified: Chat wraps a copy's transport.
	HTTPClient *http.Client
	// Logger gets one line per retry; nil discards.
	Logger *slog.Logger
}

// DefaultOptions returns the options used where the config says
// nothing: an OpenAI-compatible API, 30 s per attempt, 2 retries,
// streaming, a low temperature and a 400-token reply.
func DefaultOptions() Options {
	return Options{
		APIType:     "openai",
		Model:       "gpt-4o-mini",
		Timeout:     30 * time.Second,
		MaxRetries:  2,
		Stream:      true,
		Temperature: 0.1,
		MaxTokens:   400,
	}
}

// Chat writes answers, standalone questions and story summaries with a chat
// model through an OpenAI-compatible API. It is safe for concurrent use.
type Chat struct {
	opts   Options
	client *openai.Client
	tmpl   *prompts.Templates
	retry  openairetry.Policy
	log    *slog.Logger
	now    func() time.Time
}

// New checks opts and returns a Chat that renders its prompts with t. Start
// from DefaultOptions: New fills in nothing. An empty Model, a Timeout or
// MaxTokens that is not positive, a negative number, an unknown APIType or
// Azure without a BaseURL is an error.
func New(opts Options, t *prompts.Templates) (*Chat, error) {
	switch {
	case t == nil:
		return nil, errors.New("new chat: no prompt templates")
	case strings.TrimSpace(opts.Model) == "":
		return nil, errors.New("new chat: no model named")
	case opts.Timeout <= 0 || opts.MaxTokens <= 0:
		return nil, errors.New("new chat: timeout and max_tokens must be positive (start from DefaultOptions)")
	case opts.MaxRetries < 0 || opts.Temperature < 0:
		return nil, errors.New("new chat: max_retries and temperature must not be negative")
	}
	var cfg openai.ClientConfig
	switch strings.ToLower(opts.APIType) {
	case "openai":
		cfg = openai.DefaultConfig(opts.APIKey)
		if opts.BaseURL != "" {
			cfg.BaseURL = strings.TrimRight(opts.BaseURL, "/")
		}
	case "azure":
		if opts.BaseURL == "" {
			return nil, errors.New("new chat: azure needs a base_url")
		}
		cfg = openai.DefaultAzureConfig(opts.APIKey, strings.TrimRight(opts.BaseURL, "/"))
		if opts.APIVersion != "" {
			cfg.APIVersion = opts.APIVersion
		}
	default:
		return nil, fmt.Errorf("new chat: unknown api_type %q (want openai or azure)", opts.APIType)
	}
	cfg.HTTPClient = openairetry.Client(opts.HTTPClient)
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Chat{opts: opts, client: openai.NewClientWithConfig(cfg), tmpl: t, log: log, now: time.Now}
	c.retry = openairetry.Policy{
		MaxRetries: opts.MaxRetries,
		Timeout:    opts.Timeout,
		OnRetry: func(attempt int, kind openairetry.Kind, wait time.Duration, err error) {
			c.log.Warn("llm call failed; retrying", "model", opts.Model, "kind", string(kind),
				"retry", attempt, "wait", wait.Round(time.Millisecond), "err", err)
		},
	}
	return c, nil
}

// Model names the chat model.
func (c *Chat) Model() string { return c.opts.Model }

// request builds a chat request of a system and a user message. Reasoning
// models (o1, o3, gpt-5…), which go-openai refuses max_tokens and a
// temperature for, get max_completion_tokens instead, with room for their
// reasoning.
//
// Other models keep max_tokens, which go-openai marks deprecated: many
// OpenAI-compatible servers (older Ollama, vLLM and LM Studio releases,
// older Azure API versions) read only max_tokens and would let a reply run
// unbounded if sent max_completion_tokens.
func (c *Chat) request(system, user string, maxTokens int) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model: c.opts.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		Temperature: c.opts.Temperature,
		//lint:ignore SA1019 OpenAI-compatible servers read max_tokens (see above).
		MaxTokens: maxTokens,
	}
	if openai.NewReasoningValidator().Validate(req) != nil {
		//lint:ignore SA1019 the deprecated field is cleared for reasoning models.
		req.MaxTokens, req.MaxCompletionTokens, req.Temperature = 0, max(maxTokens*10, 4000), 0
	}
	return req
}

// complete makes a plain (not streamed) completion, with retries, and
// returns the reply's text and finish reason.
func (c *Chat) complete(ctx context.Context, req openai.ChatCompletionRequest) (text string, finish openai.FinishReason, err error) {
	start := time.Now()
	defer func() {
		c.log.Debug("llm completion", "model", c.opts.Model, "finish", string(finish), "chars", len(text),
			"took", time.Since(start).Round(time.Millisecond), "err", err)
	}()
	err = c.retry.Do(ctx, func(ctx context.Context) error {
		resp, err := c.client.CreateChatCompletion(ctx, req)
		if err != nil {
			return err
		}
		if len(resp.Choices) == 0 {
			return openairetry.Final(&openairetry.Error{Kind: openairetry.KindMalformed, Err: errors.New("the reply has no choices")})
		}
		text, finish = resp.Choices[0].Message.Content, resp.Choices[0].FinishReason
		return nil
	})
	if err != nil {
		return "", "", callError(err)
	}
	return text, finish, checkFinish(text, finish)
}

// checkFinish turns an empty reply or a filtered one into an error.
func checkFinish(text string, finish openai.FinishReason) error {
	switch {
	case finish == openai.FinishReasonContentFilter:
		return &openairetry.Error{Kind: openairetry.KindRequest, Err: errors.New("the reply was withheld by a content filter")}
	case strings.TrimSpace(text) == "":
		return &openairetry.Error{Kind: openairetry.KindEmpty, Err: ErrEmptyReply}
	}
	return nil
}
