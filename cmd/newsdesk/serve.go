package main

import (
	"context"
	"errors"
)

func runServe(ctx context.Context, args []string, s streams) error {
	return errors.New("serve: not implemented yet")
}
