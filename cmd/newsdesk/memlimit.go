package main

import (
	"context"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Go's garbage collector lets the heap grow to twice what is live before
// it collects (GOGC=100): an ingest that builds a 3.5 GiB index peaks near
// 7 GiB. boundMemory sets a soft memory limit (runtime/debug.SetMemoryLimit)
// that follows the live heap: what was live at the last collection, plus
// memSlackShare of it, plus memSlackFloor. A small index keeps the default
// pace (its heap stays under the floor), a big one collects sooner and
// returns freed memory to the system sooner. Measured with
// `newsdesk bench --passages 1100000` (see README, "Speed and memory").

// memSlackShare is the share of the live heap the process may hold beyond it.
const memSlackShare = 0.25

// memSlackFloor is what the process may hold beyond its live heap however
// small that is.
const memSlackFloor = 256 << 20

// memoryBound is set while boundMemory keeps the limit (bench reports it).
var memoryBound atomic.Bool

// memLimitFor is the memory limit for a live heap of live bytes.
func memLimitFor(live uint64) int64 {
	return int64(math.Min(float64(live)*(1+memSlackShare)+memSlackFloor, math.MaxInt64))
}

// boundMemory keeps the process's memory limit at memLimitFor of the live
// heap, checking every interval, until ctx is done; then it lifts the
// limit. It does nothing when getenv sets GOMEMLIMIT or GOGC: the user has
// chosen.
func boundMemory(ctx context.Context, getenv func(string) string, every time.Duration) {
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(memLimitFor(sample[0].Value.Uint64()))
		}
	}
	set()
	memoryBound.Store(true)
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				debug.SetMemoryLimit(math.MaxInt64)
				memoryBound.Store(false)
				return
			case <-t.C:
				set()
			}
		}
	}()
}
