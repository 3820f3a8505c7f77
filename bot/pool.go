package bot

import (
	"context"
	"errors"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// errBusy is returned by submit when the queue is full.
var errBusy = errors.New("queue is full")

// errClosed is returned by submit after stop.
var errClosed = errors.New("bot is shutting down")

// job is one unit of work: answering a question, posting a digest.
type job func(ctx context.Context)

// pool is a bounded worker pool: workers goroutines take jobs from a queue of
// queueSize; submit never blocks.
type pool struct {
	workers int
	queue   chan job
	depth   prometheus.Gauge
	ctx     context.Context
	abort   context.CancelFunc

	mu      sync.Mutex
	closed  bool
	started bool
	wg      sync.WaitGroup
}

func newPool(workers, queueSize int, depth prometheus.Gauge) *pool {
	ctx, cancel := context.WithCancel(context.Background())
	return &pool{workers: workers, queue: make(chan job, queueSize), depth: depth, ctx: ctx, abort: cancel}
}

func (p *pool) start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started || p.closed {
		return
	}
	p.started = true
	for range p.workers {
		p.wg.Go(func() {
			for j := range p.queue {
				p.depth.Dec()
				j(p.ctx)
			}
		})
	}
}

// submit queues j, or returns errBusy when the queue is full and errClosed
// after stop.
func (p *pool) submit(j job) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errClosed
	}
	select {
	case p.queue <- j:
		p.depth.Inc()
		return nil
	default:
		return errBusy
	}
}

// stop takes no more jobs and waits for the queued and running ones.
func (p *pool) stop() {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.queue)
		if !p.started {
			p.started = true
			p.wg.Go(func() {
				for j := range p.queue {
					p.depth.Dec()
					j(p.ctx)
				}
			})
		}
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// cancel cancels the context of running and queued jobs.
func (p *pool) cancel() { p.abort() }
