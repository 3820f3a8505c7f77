package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackageLayers keeps the data flow one way (STYLE.md): retrieval, answer
// and prompts never import slack-go; bot never imports chromem-go or
// go-openai, not even through answer: it speaks of answers in package news.
func TestPackageLayers(t *testing.T) {
	rules := []struct {
		pkg       string
		forbidden []string
	}{
		{"newsdesk/retrieval", []string{"github.com/slack-go/slack", "newsdesk/bot", "newsdesk/answer"}},
		{"newsdesk/retrieval/corpus", []string{"newsdesk/retrieval", "newsdesk/answer", "newsdesk/bot", "github.com/slack-go/slack", "github.com/philippgille/chromem-go", "github.com/sashabaranov/go-openai"}},
		{"newsdesk/retrieval/neardup", []string{"newsdesk", "github.com"}},
		{"newsdesk/internal/text", []string{"newsdesk", "github.com/slack-go/slack", "github.com/philippgille/chromem-go", "github.com/sashabaranov/go-openai"}},
		{"newsdesk/answer", []string{"github.com/slack-go/slack", "newsdesk/bot"}},
		{"newsdesk/prompts", []string{"github.com/slack-go/slack", "newsdesk/bot", "github.com/sashabaranov/go-openai"}},
		{"newsdesk/internal/news", []string{"github.com", "newsdesk/retrieval", "newsdesk/answer", "newsdesk/bot"}},
		{"newsdesk/bot", []string{"newsdesk/answer", "github.com/philippgille/chromem-go", "github.com/sashabaranov/go-openai", "newsdesk/retrieval"}},
	}
	for _, r := range rules {
		t.Run(r.pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", r.pkg).CombinedOutput()
			if err != nil {
				t.Fatalf("go list: %v\n%s", err, out)
			}
			for _, dep := range strings.Fields(string(out)) {
				if dep == r.pkg {
					continue
				}
				for _, f := range r.forbidden {
					if dep == f || strings.HasPrefix(dep, f+"/") {
						t.Errorf("%s depends on %s", r.pkg, dep)
					}
				}
			}
		})
	}
}

// TestTopLevelPackages keeps the top level the design fixed: every package
// lives under cmd, bot, retrieval, answer, prompts or internal.
func TestTopLevelPackages(t *testing.T) {
	out, err := exec.Command("go", "list", "newsdesk/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := map[string]bool{"cmd": true, "bot": true, "retrieval": true, "answer": true, "prompts": true, "internal": true}
	for _, pkg := range strings.Fields(string(out)) {
		top, _, _ := strings.Cut(strings.TrimPrefix(pkg, "newsdesk/"), "/")
		if !allowed[top] {
			t.Errorf("package %s is outside cmd, bot, retrieval, answer, prompts and internal", pkg)
		}
	}
}
