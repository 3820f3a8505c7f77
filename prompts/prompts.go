package prompts

import (
	"bytes"
	"embed"
	"fmt"
	"sort"
	"strings"
	"text/template"
)

//go:embed *.tmpl
var files embed.FS

// Templates is the parsed set of prompt templates. It is safe for concurrent
// use; Render does not modify it.
type Templates struct {
	t *template.Template
}

// New parses the embedded *.tmpl files once. Each file defines its prompts
// with {{define "name"}}; templates may include each other with
// {{template "name" .}}. A missing field in the data is an error at Render
// time, never a silent "<no value>".
func New() (*Templates, error) {
	t, err := template.New("prompts").Option("missingkey=error").ParseFS(files, "*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parse prompt templates: %w", err)
	}
	return &Templates{t: t}, nil
}

// Render executes the template called name with data and returns the text.
// An unknown name or a template error is returned as an error.
func (t *Templates) Render(name string, data any) (string, error) {
	tmpl := t.t.Lookup(name)
	if tmpl == nil {
		return "", fmt.Errorf("render prompt %q: no such template", name)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return "", fmt.Errorf("render prompt %q: %w", name, err)
	}
	return b.String(), nil
}

// Names lists the prompts defined with {{define}}, sorted, for diagnostics
// and tests.
func (t *Templates) Names() []string {
	var names []string
	for _, tmpl := range t.t.Templates() {
		if tmpl.Tree != nil && tmpl.Name() != "prompts" && !strings.HasSuffix(tmpl.Name(), ".tmpl") {
			names = append(names, tmpl.Name())
		}
	}
	sort.Strings(names)
	return names
}
