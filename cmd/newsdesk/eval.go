package main

import (
	"context"
	"errors"
)

func runEval(ctx context.Context, args []string, s streams) error {
	return errors.New("eval: not implemented yet")
}
