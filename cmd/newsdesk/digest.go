package main

import (
	"context"
	"errors"
)

func runDigest(ctx context.Context, args []string, s streams) error {
	return errors.New("digest: not implemented yet")
}
