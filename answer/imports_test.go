package answer

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the layering the package docs promise: the answering
// package, the chat client and the digest do not import one another, only
// answer/llm imports go-openai, and none imports slack-go.
func TestImports(t *testing.T) {
	forbidden := map[string][]string{
		".":      {"newsdesk/answer/", "github.com/sashabaranov/go-openai", "github.com/slack-go/"},
		"llm":    {"newsdesk/answer", "newsdesk/retrieval", "newsdesk/bot", "github.com/slack-go/"},
		"digest": {"newsdesk/answer", "github.com/sashabaranov/go-openai", "newsdesk/bot", "github.com/slack-go/"},
	}
	for dir, bad := range forbidden {
		for path := range imports(t, dir) {
			for _, b := range bad {
				if path == b || strings.HasPrefix(path, b+"/") || strings.HasSuffix(b, "/") && strings.HasPrefix(path, b) {
					t.Errorf("answer/%s imports %s", dir, path)
				}
			}
		}
	}
}

// imports returns the imports of the non-test Go files of dir.
func imports(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	out := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out[p] = true
		}
	}
	return out
}
