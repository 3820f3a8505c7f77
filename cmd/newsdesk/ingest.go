package main

import (
	"context"
	"errors"
)

func runIngest(ctx context.Context, args []string, s streams) error {
	return errors.New("ingest: not implemented yet")
}
