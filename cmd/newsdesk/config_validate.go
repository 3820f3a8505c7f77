package main

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"newsdesk/bot"
)

// badKey is the error of a configuration value that is wrong: it names the
// key and says why.
func badKey(key, why string) error { return fmt.Errorf("key %q: %s", key, why) }

// Validate checks values, naming the key of the first one that is wrong. It
// runs once, at start; the packages' constructors trust what it passed.
func (c Config) Validate() error {
	if c.Index == "" {
		return badKey("index", "must name a directory")
	}
	for _, check := range []func() error{
		c.validateEmbed, c.validateURLs, c.validateLLM, c.validateAnswer,
		c.validateSlack, c.validateServe, c.validateDigest, c.validateFeeds, c.validateLog,
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c Config) validateEmbed() error {
	switch c.Embed.Provider {
	case "local":
	case "openai":
		if c.Embed.Model == "" {
			return badKey("embed.model", "is required when embed.provider is openai")
		}
	default:
		return badKey("embed.provider", fmt.Sprintf("must be local or openai, not %q", c.Embed.Provider))
	}
	if c.Embed.BatchSize < 1 || c.Embed.BatchSize > 2048 {
		return badKey("embed.batch_size", "must be between 1 and 2048")
	}
	return nil
}

// validateURLs checks the endpoints, in the order config.example.yaml lists them.
func (c Config) validateURLs() error {
	for _, u := range []struct{ key, url string }{
		{"embed.base_url", c.Embed.BaseURL}, {"llm.base_url", c.LLM.BaseURL}, {"slack.api_url", c.Slack.APIURL},
	} {
		if u.url == "" {
			continue
		}
		if p, err := url.Parse(u.url); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return badKey(u.key, fmt.Sprintf("must be an http(s) URL, not %q", u.url))
		}
	}
	return nil
}

func (c Config) validateLLM() error {
	switch {
	case c.LLM.APIType != "openai" && c.LLM.APIType != "azure":
		return badKey("llm.api_type", fmt.Sprintf("must be openai or azure, not %q", c.LLM.APIType))
	case c.LLMEnabled() && c.LLM.Model == "":
		return badKey("llm.model", "is required when an LLM is configured")
	case c.LLM.Timeout <= 0:
		return badKey("llm.timeout", "must be positive, e.g. 60s")
	case c.LLM.MaxRetries < 0 || c.LLM.MaxRetries > 10:
		return badKey("llm.max_retries", "must be between 0 and 10")
	case c.LLM.Temperature < 0 || c.LLM.Temperature > 2:
		return badKey("llm.temperature", "must be between 0 and 2")
	}
	return nil
}

func (c Config) validateAnswer() error {
	switch {
	case c.Answer.Passages < 1 || c.Answer.Passages > 50:
		return badKey("answer.passages", "must be between 1 and 50")
	case c.Answer.MaxSentences < 1 || c.Answer.MaxSentences > 20:
		return badKey("answer.max_sentences", "must be between 1 and 20")
	}
	return nil
}

func (c Config) validateSlack() error {
	s := c.Slack
	if s.AskVisibility != "ephemeral" && s.AskVisibility != "in_channel" {
		return badKey("slack.ask_visibility", fmt.Sprintf("must be ephemeral or in_channel, not %q", s.AskVisibility))
	}
	for _, cmd := range []struct{ key, name string }{
		{"slack.ask_command", s.AskCommand}, {"slack.digest_command", s.DigestCommand},
	} {
		if !strings.HasPrefix(cmd.name, "/") || len(cmd.name) < 2 {
			return badKey(cmd.key, fmt.Sprintf("must start with /, not %q", cmd.name))
		}
	}
	switch {
	case s.Workers < 1 || s.Workers > 256:
		return badKey("slack.workers", "must be between 1 and 256")
	case s.QueueSize < 1:
		return badKey("slack.queue_size", "must be at least 1")
	case s.RatePerMinute < 0:
		return badKey("slack.rate_per_minute", "must be 0 (off) or more")
	}
	return nil
}

func (c Config) validateDigest() error {
	if c.Digest.MaxStories < 1 {
		return badKey("digest.max_stories", "must be at least 1")
	}
	for i, s := range c.Digest.Schedules {
		k := fmt.Sprintf("digest.schedules[%d]", i)
		if s.Channel == "" {
			return badKey(k+".channel", "is required")
		}
		if s.Cron == "" {
			return badKey(k+".cron", "is required, e.g. \"0 8 * * *\"")
		}
		if s.TimeZone != "" {
			if _, err := time.LoadLocation(s.TimeZone); err != nil {
				return badKey(k+".timezone", fmt.Sprintf("unknown time zone %q", s.TimeZone))
			}
		}
		if err := bot.CheckSchedule(bot.Schedule{Channel: s.Channel, Cron: s.Cron, TimeZone: s.TimeZone}); err != nil {
			return badKey(k+".cron", err.Error())
		}
	}
	return nil
}

func (c Config) validateFeeds() error {
	for i, f := range c.Feeds {
		k := fmt.Sprintf("feeds[%d]", i)
		if p, err := url.Parse(f.URL); err != nil || (p.Scheme != "http" && p.Scheme != "https") {
			return badKey(k+".url", fmt.Sprintf("must be an http(s) URL, not %q", f.URL))
		}
		if f.Interval < 0 {
			return badKey(k+".interval", "must be positive")
		}
	}
	return nil
}

func (c Config) validateLog() error {
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return badKey("log.level", fmt.Sprintf("must be debug, info, warn or error, not %q", c.Log.Level))
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		return badKey("log.format", fmt.Sprintf("must be text or json, not %q", c.Log.Format))
	}
	return nil
}
