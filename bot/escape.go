package bot

import "strings"

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes text safe to show in Slack mrkdwn: &, < and > become entities,
// so no corpus or model text can mention <!channel>, <!here>, <!everyone>, a
// user or a group, or inject a link.
func Escape(s string) string { return escaper.Replace(s) }
