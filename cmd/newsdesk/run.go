package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// usageError is bad usage: a wrong flag, a missing argument. Exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// errHelp is returned after --help has printed the usage. Exit code 0.
var errHelp = errors.New("help requested")

// streams are the program's standard streams and environment.
type streams struct {
	env    func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand; each lives in its own file.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, s streams) error
}

func commands() map[string]command {
	return map[string]command{
		"ingest":  {"build or update the index from a corpus", runIngest},
		"ask":     {"answer a question with cited sources", runAsk},
		"search":  {"print the passages ranked for a query", runSearch},
		"eval":    {"measure retrieval (or with --answers, the answers) on labelled questions", runEval},
		"digest":  {"print or post the digest of new stories", runDigest},
		"serve":   {"run the Slack bot", runServe},
		"bench":   {"measure ingest, search and answer speed on a synthetic corpus", runBench},
		"sources": {"list the index's sources, or forget one (--remove)", runSources},
	}
}

// run is the whole program: it parses args and runs the subcommand.
func run(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	s := streams{env: env, stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout, cmds)
		if len(args) == 0 {
			return usagef("no command given; see newsdesk --help")
		}
		return errHelp
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		return usagef("unknown command %q; see newsdesk --help", args[0])
	}
	return cmd.run(ctx, args[1:], s)
}

func printUsage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "newsdesk answers questions about a corpus of news articles, with citations.")
	fmt.Fprintln(w, "\nUsage: newsdesk COMMAND [flags] [args]\n\nCommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'newsdesk COMMAND --help' for a command's flags.")
}

// stringList is a repeatable string flag (--corpus A --corpus B).
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// newFlagSet makes a FlagSet whose errors and usage go to stderr and are
// reported as usage errors.
func newFlagSet(name, synopsis string, s streams) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(s.stderr)
	fs.Usage = func() {
		fmt.Fprintf(s.stderr, "Usage: newsdesk %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags that may come before or after positional arguments
// ("ask --json QUESTION" and "ask QUESTION --json") and returns the positional
// ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
