// Package prompts holds the LLM prompt templates (*.tmpl, embedded), parsed
// once and rendered by name. It has no logic beyond the templates.
package prompts
