package main

import (
	"context"
	"math"
	"runtime/debug"
	"testing"
	"time"
)

func TestMemLimitFollowsTheLiveHeap(t *testing.T) {
	if got := memLimitFor(0); got != memSlackFloor {
		t.Errorf("memLimitFor(0) = %d, want the floor %d", got, memSlackFloor)
	}
	if got, want := memLimitFor(4<<30), int64(5<<30+memSlackFloor); got != want {
		t.Errorf("memLimitFor(4 GiB) = %d, want %d", got, want)
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))

	// The user's GOGC or GOMEMLIMIT wins: no limit is set.
	debug.SetMemoryLimit(math.MaxInt64)
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		ctx, cancel := context.WithCancel(context.Background())
		boundMemory(ctx, func(k string) string {
			if k == env {
				return "50"
			}
			return ""
		}, time.Millisecond)
		time.Sleep(20 * time.Millisecond)
		cancel()
		if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
			t.Errorf("with %s set, the limit is %d", env, got)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	boundMemory(ctx, func(string) string { return "" }, time.Millisecond)
	got := debug.SetMemoryLimit(-1)
	if got < memSlackFloor || got == math.MaxInt64 {
		t.Errorf("limit %d: want the live heap plus its slack", got)
	}
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) != math.MaxInt64 {
		if time.Now().After(deadline) {
			t.Fatal("the limit stays after the context ends")
		}
		time.Sleep(time.Millisecond)
	}
}
