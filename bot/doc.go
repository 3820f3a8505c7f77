// Package bot puts newsdesk into Slack: Socket Mode and HTTP transports,
// request signing, slash commands, mentions answered in threads, follow-ups,
// DMs, Block Kit formatting with escaping, and the digest schedule. It calls
// the answer service through small interfaces it declares itself, and never
// imports chromem-go or go-openai.
package bot
