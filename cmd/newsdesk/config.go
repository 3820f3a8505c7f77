package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the whole configuration file. config.example.yaml documents every
// key; keep the two in step.
type Config struct {
	Index  string   `yaml:"index"`
	Corpus []string `yaml:"corpus"`

	Embed  EmbedConfig  `yaml:"embed"`
	LLM    LLMConfig    `yaml:"llm"`
	Answer AnswerConfig `yaml:"answer"`
	Slack  SlackConfig  `yaml:"slack"`
	State  StateConfig  `yaml:"state"`
	Digest DigestConfig `yaml:"digest"`
	Watch  WatchConfig  `yaml:"watch"`
	Feeds  []FeedConfig `yaml:"feeds"`
	Log    LogConfig    `yaml:"log"`
}

// EmbedConfig chooses the embedder.
type EmbedConfig struct {
	Provider  string        `yaml:"provider"` // "local" or "openai"
	Model     string        `yaml:"model"`
	BaseURL   string        `yaml:"base_url"`
	APIKey    string        `yaml:"api_key"`
	BatchSize int           `yaml:"batch_size"`
	Timeout   time.Duration `yaml:"timeout"`
}

// LLMConfig configures the chat model; with no base_url and no api_key the
// extractive answerer is used.
type LLMConfig struct {
	BaseURL     string        `yaml:"base_url"`
	APIKey      string        `yaml:"api_key"`
	Model       string        `yaml:"model"`
	APIType     string        `yaml:"api_type"`    // "openai" or "azure"
	APIVersion  string        `yaml:"api_version"` // Azure only
	Timeout     time.Duration `yaml:"timeout"`
	MaxRetries  int           `yaml:"max_retries"`
	Stream      bool          `yaml:"stream"`
	Temperature float32       `yaml:"temperature"`
	MaxTokens   int           `yaml:"max_tokens"`
}

// AnswerConfig tunes answers.
type AnswerConfig struct {
	Passages     int `yaml:"passages"`      // passages given to the answerer
	MaxSentences int `yaml:"max_sentences"` // extractive answer length
}

// SlackConfig configures `serve`.
type SlackConfig struct {
	BotToken      string `yaml:"bot_token"`
	AppToken      string `yaml:"app_token"`
	SigningSecret string `yaml:"signing_secret"`
	APIURL        string `yaml:"api_url"`
	Addr          string `yaml:"addr"`

	AskCommand          string        `yaml:"ask_command"`
	DigestCommand       string        `yaml:"digest_command"`
	AskVisibility       string        `yaml:"ask_visibility"` // "ephemeral" or "in_channel"
	AnswerThreadReplies bool          `yaml:"answer_thread_replies"`
	AllowChannels       []string      `yaml:"allow_channels"`
	Workers             int           `yaml:"workers"`
	QueueSize           int           `yaml:"queue_size"`
	RatePerMinute       int           `yaml:"rate_per_minute"` // per user; 0 disables
	HistoryChars        int           `yaml:"history_chars"`
	ShutdownTimeout     time.Duration `yaml:"shutdown_timeout"`
	MaxQuestionChars    int           `yaml:"max_question_chars"`
}

// DigestConfig configures the scheduled digest.
type DigestConfig struct {
	Schedules  []DigestSchedule `yaml:"schedules"`
	MaxStories int              `yaml:"max_stories"`
	CatchUp    bool             `yaml:"catch_up"`
	PostEmpty  bool             `yaml:"post_empty"`
}

// DigestSchedule posts a digest to Channel on Cron in TimeZone.
type DigestSchedule struct {
	Channel  string `yaml:"channel"`
	Cron     string `yaml:"cron"`
	TimeZone string `yaml:"timezone"`
}

// WatchConfig configures corpus watching in `serve`.
type WatchConfig struct {
	Enabled  bool          `yaml:"enabled"`
	Rescan   time.Duration `yaml:"rescan"`
	Debounce time.Duration `yaml:"debounce"`
}

// FeedConfig is one RSS or Atom feed polled by `serve`.
type FeedConfig struct {
	URL      string        `yaml:"url"`
	Interval time.Duration `yaml:"interval"`
}

// LogConfig configures logging.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// DefaultConfig returns the configuration used when no file is given.
func DefaultConfig() Config {
	return Config{
		Index: ".newsdesk",
		Embed: EmbedConfig{Provider: "local", BatchSize: 64, Timeout: 30 * time.Second},
		LLM: LLMConfig{
			Model: "gpt-4o-mini", APIType: "openai", Timeout: 60 * time.Second,
			MaxRetries: 2, Stream: true, Temperature: 0.1, MaxTokens: 600,
		},
		Answer: AnswerConfig{Passages: 8, MaxSentences: 4},
		Slack: SlackConfig{
			APIURL: "https://slack.com/api/", Addr: ":3000",
			AskCommand: "/ask", DigestCommand: "/digest", AskVisibility: "ephemeral",
			AnswerThreadReplies: true, Workers: 4, QueueSize: 100, RatePerMinute: 60,
			HistoryChars: 4000, ShutdownTimeout: 30 * time.Second,
			MaxQuestionChars: 2000,
		},
		Digest: DigestConfig{MaxStories: 8, CatchUp: true},
		Watch:  WatchConfig{Enabled: true, Rescan: 5 * time.Minute, Debounce: 500 * time.Millisecond},
		Log:    LogConfig{Level: "info", Format: "text"},
	}
}

// loadConfig reads the defaults, then the YAML file (if any), then the
// environment. Unknown keys and wrong types are errors naming the key.
func loadConfig(path string, env func(string) string) (Config, error) {
	cfg := DefaultConfig()
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("cannot read config: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
			return cfg, fmt.Errorf("config %s: %s", path, yamlErrorText(err, b))
		}
	}
	applyEnv(&cfg, env)
	if err := cfg.Validate(); err != nil {
		if path != "" {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
		return cfg, fmt.Errorf("config: %w", err)
	}
	return cfg, nil
}

var yamlLineRE = regexp.MustCompile(`^line (\d+): `)

// yamlErrorText turns yaml.v3's messages into one sentence that names the
// key: yaml.v3 reports a wrong type by line only, so the key at that line is
// looked up in the document.
func yamlErrorText(err error, doc []byte) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err.Error()
	}
	var root yaml.Node
	_ = yaml.Unmarshal(doc, &root)
	msgs := make([]string, 0, len(te.Errors))
	for _, m := range te.Errors {
		if strings.Contains(m, "not found in type") {
			m = strings.Replace(m, "field ", "unknown key ", 1)
			m = m[:strings.Index(m, " not found in type")]
			if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
				line, _ := strconv.Atoi(sm[1])
				name := strings.TrimPrefix(m, sm[0]+"unknown key ")
				if key := keyNamedAt(&root, line, name); key != "" {
					m = fmt.Sprintf("%sunknown key %s", sm[0], key) // its whole path: "answer.passagez"
				}
			}
			m += " (see config.example.yaml for the keys)"
		} else if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
			line, _ := strconv.Atoi(sm[1])
			if key := keyAtLine(&root, line); key != "" {
				m = fmt.Sprintf("%skey %q: %s", sm[0], key, strings.TrimPrefix(m, sm[0]))
			}
		}
		msgs = append(msgs, m)
	}
	return strings.Join(msgs, "; ")
}

// keyNamedAt returns the dotted path of the key name written at line, or "".
func keyNamedAt(n *yaml.Node, line int, name string) string {
	return findKey(n, "", func(k, _ *yaml.Node) bool { return k != nil && k.Line == line && k.Value == name })
}

// keyAtLine returns the dotted path of the key whose value is at line.
func keyAtLine(n *yaml.Node, line int) string {
	return findKey(n, "", func(_, v *yaml.Node) bool { return v.Line == line && v.Kind == yaml.ScalarNode })
}

// findKey returns the dotted path ("digest.schedules[0].cron") of the
// first key of the document n for which match(key, value) holds; a list's
// items are matched with a nil key. It returns "" when none does.
func findKey(n *yaml.Node, prefix string, match func(k, v *yaml.Node) bool) string {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if k := findKey(c, prefix, match); k != "" {
				return k
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			if prefix != "" {
				key = prefix + "." + key
			}
			if match(n.Content[i], n.Content[i+1]) {
				return key
			}
			if k := findKey(n.Content[i+1], key, match); k != "" {
				return k
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			item := fmt.Sprintf("%s[%d]", prefix, i)
			if k := findKey(c, item, match); k != "" {
				return k
			}
			if match(nil, c) {
				return item
			}
		}
	}
	return ""
}

func applyEnv(cfg *Config, env func(string) string) {
	set := func(dst *string, key string) {
		if v := env(key); v != "" {
			*dst = v
		}
	}
	set(&cfg.Slack.BotToken, "SLACK_BOT_TOKEN")
	set(&cfg.Slack.AppToken, "SLACK_APP_TOKEN")
	set(&cfg.Slack.SigningSecret, "SLACK_SIGNING_SECRET")
	set(&cfg.Slack.APIURL, "SLACK_API_URL")
	set(&cfg.State.URL, "NEWSDESK_STATE_URL")
	set(&cfg.LLM.APIKey, "OPENAI_API_KEY")
	set(&cfg.LLM.BaseURL, "OPENAI_BASE_URL")
	set(&cfg.LLM.Model, "NEWSDESK_CHAT_MODEL")
	if m := env("NEWSDESK_EMBED_MODEL"); m != "" {
		cfg.Embed.Model = m
		if cfg.Embed.Provider == "local" && !strings.HasPrefix(m, "local") {
			cfg.Embed.Provider = "openai"
		}
	}
	if cfg.Embed.Provider == "openai" {
		if cfg.Embed.APIKey == "" {
			cfg.Embed.APIKey = cfg.LLM.APIKey
		}
		if cfg.Embed.BaseURL == "" {
			cfg.Embed.BaseURL = cfg.LLM.BaseURL
		}
	}
}

// LLMEnabled reports whether a chat model is configured.
func (c Config) LLMEnabled() bool { return c.LLM.BaseURL != "" || c.LLM.APIKey != "" }
