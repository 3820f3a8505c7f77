// Command newsdesk answers questions about a corpus of news articles, with
// citations, on the command line and as a Slack bot.
//
// main is thin: it calls run with the process's arguments, environment and
// standard streams, and turns the error into an exit code. Everything is wired
// in run, so tests drive the real program in-process.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	boundMemory(ctx, os.Getenv, 250*time.Millisecond)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err as one sentence and maps it to the exit code INTERFACE.md
// promises: 0 success, 2 bad usage, 1 anything else.
func exitCode(err error, stderr interface{ Write([]byte) (int, error) }) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, errHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "newsdesk: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}
