package bot

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the bot's Prometheus metrics, in a registry the Bot owns.
type metrics struct {
	reg         *prometheus.Registry
	questions   *prometheus.CounterVec // transport, kind
	rejected    *prometheus.CounterVec // reason: busy, rate_limited, not_allowed, too_long
	latency     prometheus.Histogram   // seconds from question to posted answer
	refusals    prometheus.Counter     // answers the corpus does not hold
	fallbacks   prometheus.Counter     // answers with a Note (LLM failed, extractive used)
	errors      prometheus.Counter     // answers that failed (apology posted)
	slackErrors *prometheus.CounterVec // method
	queueDepth  prometheus.Gauge       // questions waiting for a worker
	votes       *prometheus.CounterVec // vote: up, down
	dropped     *prometheus.CounterVec // reason: duplicate, bot, subtype
	stateErrors prometheus.Counter     // serve state calls that failed
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsdesk_questions_total", Help: "Questions received, by transport (http, socket) and kind (command, mention, thread, dm).",
		}, []string{"transport", "kind"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsdesk_questions_rejected_total", Help: "Questions turned away, by reason (busy, rate_limited, not_allowed, too_long).",
		}, []string{"reason"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "newsdesk_answer_seconds", Help: "Time from a question's arrival to its answer being posted.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60},
		}),
		refusals: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsdesk_refusals_total", Help: "Answers saying the corpus does not hold the answer.",
		}),
		fallbacks: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsdesk_llm_fallbacks_total", Help: "Answers that carry a note, e.g. the LLM failed and the answer is extractive.",
		}),
		errors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsdesk_answer_errors_total", Help: "Questions that got an apology instead of an answer.",
		}),
		slackErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsdesk_slack_api_errors_total", Help: "Failed Slack API calls, by method.",
		}, []string{"method"}),
		queueDepth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newsdesk_queue_depth", Help: "Questions waiting for a worker.",
		}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsdesk_feedback_total", Help: "Feedback on answers, by vote (up, down).",
		}, []string{"vote"}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsdesk_events_ignored_total", Help: "Slack events not answered on purpose, by reason.",
		}, []string{"reason"}),
		stateErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsdesk_state_errors_total", Help: "Calls to the serve state (local files or PostgreSQL) that failed.",
		}),
	}
	m.reg.MustRegister(m.questions, m.rejected, m.latency, m.refusals, m.fallbacks, m.errors,
		m.slackErrors, m.queueDepth, m.votes, m.dropped, m.stateErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is the bot's Prometheus registry; others (the digest schedule,
// the corpus watcher) may register their metrics in it so /metrics shows
// them too.
func (b *Bot) Registry() *prometheus.Registry { return b.metrics.reg }

// MetricsHandler serves the registry in the Prometheus text format.
func (b *Bot) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(b.metrics.reg, promhttp.HandlerOpts{Registry: b.metrics.reg})
}
