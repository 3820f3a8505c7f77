package main

import (
	"context"
	"errors"
)

func runBench(ctx context.Context, args []string, s streams) error {
	return errors.New("bench: not implemented yet")
}
