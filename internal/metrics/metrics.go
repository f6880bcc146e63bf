// Package metrics is ecsd's Prometheus instrumentation: the requests the
// dialects answered (by cloud, action and vendor error code), how long they
// took, the requests refused before any work, the store's call latency and
// the instances by cloud and status. Everything is registered on a
// registry of ecsd's own, served by Handler.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ecsd/ecsd/internal/inbound"
)

// CodeOK is the code label of a request answered without an error: no
// vendor uses it as an error code, and it reads better on a dashboard than
// an empty label.
const CodeOK = "OK"

// Metrics holds ecsd's collectors and the registry they are on.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	throttled  *prometheus.CounterVec
	refused    *prometheus.CounterVec
	storeCalls *prometheus.HistogramVec
}

// New returns Metrics on a registry of their own, with the Go runtime's
// and the process's collectors beside ecsd's.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ecsd_requests_total",
			Help: `Requests answered by a dialect, by cloud, action ("unknown" for one not served) and the vendor error code answered ("OK" for success).`,
		}, []string{"cloud", "action", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ecsd_request_duration_seconds",
			Help:    `How long requests took to answer, by cloud and action ("unknown" for one not served).`,
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"cloud", "action"}),
		throttled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ecsd_throttled_requests_total",
			Help: "Requests refused by throttling, by cloud.",
		}, []string{"cloud"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ecsd_refused_requests_total",
			Help: "Requests refused before their action did any work, by cloud and reason (unauthenticated, unknown_action, key_disabled, replayed, expired, throttled, limit_exceeded, unavailable, internal, invalid).",
		}, []string{"cloud", "reason"}),
		storeCalls: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ecsd_store_call_duration_seconds",
			Help:    "How long calls to the inventory store took, by operation.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"op"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.throttled, m.refused, m.storeCalls,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Register adds a collector of ecsd's own (the instance census).
func (m *Metrics) Register(c prometheus.Collector) error { return m.reg.Register(c) }

// Handler serves the metrics in Prometheus's exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Observe implements server.Observer: it counts a request a dialect
// answered. Labels come only from what the dialect checked: the action is
// "unknown" unless served, the code is from the vendor's error table.
func (m *Metrics) Observe(_ *http.Request, in *inbound.Request, _ int, elapsed time.Duration) {
	action := in.ActionLabel()
	code := in.ErrorCode
	if code == "" {
		code = CodeOK
	}
	m.requests.WithLabelValues(in.Dialect, action, code).Inc()
	m.duration.WithLabelValues(in.Dialect, action).Observe(elapsed.Seconds())
	if in.Refusal != "" {
		m.refused.WithLabelValues(in.Dialect, in.Refusal).Inc()
		if in.Refusal == "throttled" {
			m.throttled.WithLabelValues(in.Dialect).Inc()
		}
	}
}

// ObserveStore records how long one store call took.
func (m *Metrics) ObserveStore(op string, elapsed time.Duration) {
	m.storeCalls.WithLabelValues(op).Observe(elapsed.Seconds())
}
