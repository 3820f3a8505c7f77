package main

import (
	"context"
	"errors"
)

func runSearch(ctx context.Context, args []string, s streams) error {
	return errors.New("search: not implemented yet")
}
