// Package bot puts newsdesk into Slack: Socket Mode and HTTP transports,
// request signing, slash commands, mentions answered in threads, follow-ups,
// DMs, Block Kit formatting with escaping and defanging, and the digest
// schedule. Every delivery is answered once and every digest slot posted
// once, through the serve state it declares (State, SlotStore; package
// bot/state keeps it in files, bot/state/pgstate in PostgreSQL). It calls
// the answer service through small interfaces it declares itself, and never
// imports chromem-go or go-openai.
package bot
