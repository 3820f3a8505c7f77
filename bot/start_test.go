package bot

import (
	"context"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"newsdesk/internal/slackfake"
)

func TestStart(t *testing.T) {
	tests := []struct {
		name    string
		fail    func(*slackfake.Server)
		wantErr string
	}{
		{"ok", func(*slackfake.Server) {}, ""},
		{"token rejected", func(s *slackfake.Server) { s.Reject("auth.test", "invalid_auth") }, "rejected the bot token (auth.test: invalid_auth)"},
		{"auth.test unavailable", func(s *slackfake.Server) { s.Fail("auth.test", 404, 0, 1) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := slackfake.New()
			defer fake.Close()
			tt.fail(fake)
			b, err := New(NewClient("xoxb-x", fake.APIURL(), nil), &recorder{}, nil, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			err = b.Start(context.Background())
			defer b.Shutdown(context.Background())
			if tt.wantErr == "" {
				if err != nil || !b.Ready() {
					t.Fatalf("Start = %v, ready %v; want started", err, b.Ready())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || b.Ready() {
				t.Fatalf("Start = %v; want %q and not ready", err, tt.wantErr)
			}
		})
	}
}

// TestImports keeps bot off the vector store and the LLM client: it reaches
// them only through the interfaces it declares (STYLE.md).
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := filepath.Glob("*/*.go")
	for _, f := range append(files, sub...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(path, "chromem-go") || strings.Contains(path, "go-openai") {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}
