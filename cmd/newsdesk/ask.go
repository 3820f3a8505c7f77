package main

import (
	"context"
	"errors"
)

func runAsk(ctx context.Context, args []string, s streams) error {
	return errors.New("ask: not implemented yet")
}
