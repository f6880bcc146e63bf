package kit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/ecsd/ecsd/internal/compute"
)

// Rate is a token bucket's: Per requests a second on average, Burst at
// once.
type Rate struct {
	Limit rate.Limit
	Burst int
}

// ParseRate reads a rate as the command line gives it: N/s, N/m or N/h,
// optionally followed by ",burst=B". The burst defaults to N, at least 1:
// "100/m" lets 100 requests through at once, then one every 0.6 s.
func ParseRate(s string) (Rate, error) {
	spec, burst, hasBurst := strings.Cut(s, ",")
	n, unit, ok := strings.Cut(strings.TrimSpace(spec), "/")
	count, err := strconv.ParseFloat(n, 64)
	if !ok || err != nil || count <= 0 || math.IsInf(count, 0) {
		return Rate{}, fmt.Errorf("rate %q: want N/s, N/m or N/h with N more than 0, optionally with ,burst=B", s)
	}
	per := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour}[strings.TrimSpace(unit)]
	if per == 0 {
		return Rate{}, fmt.Errorf("rate %q: the unit must be s, m or h", s)
	}
	r := Rate{Limit: rate.Limit(count / per.Seconds()), Burst: max(1, int(count))}
	if hasBurst {
		v, ok := strings.CutPrefix(strings.TrimSpace(burst), "burst=")
		b, err := strconv.Atoi(v)
		if !ok || err != nil || b < 1 {
			return Rate{}, fmt.Errorf("rate %q: burst must be burst=B with B at least 1", s)
		}
		r.Burst = b
	}
	return r, nil
}

// Throttle keeps a token bucket per access key and action: a key that
// calls one action too often is refused that action only, as the vendors
// count per API. Buckets live in the node's memory: with several nodes
// each node has its own, so a client spread over n nodes gets up to n
// times the rate.
type Throttle struct {
	def     *Rate
	actions map[string]Rate

	mu      sync.Mutex
	buckets map[bucketKey]*rate.Limiter
	// added counts buckets made since the last sweep.
	added int
}

type bucketKey struct{ key, cloud, action string }

// NewThrottle returns a Throttle with a default rate (nil for none) and
// rates of their own for some actions (by the vendor's action name, in
// every cloud that has it). A Throttle with neither throttles nothing.
func NewThrottle(def *Rate, actions map[string]Rate) *Throttle {
	return &Throttle{def: def, actions: actions, buckets: map[bucketKey]*rate.Limiter{}}
}

// sweepEvery is how many buckets are made between two sweeps of the full
// ones, which are no different from new ones: so memory holds only the
// keys and actions in use, however many come and go.
const sweepEvery = 1024

// Allow takes a token for a call of action by key, or refuses the call
// with a Throttled error. A nil Throttle allows everything.
func (t *Throttle) Allow(key string, cloud compute.Cloud, action string) error {
	if t == nil {
		return nil
	}
	r, ok := t.actions[action]
	if !ok {
		if t.def == nil {
			return nil
		}
		r = *t.def
	}
	now := time.Now()
	k := bucketKey{key, string(cloud), action}
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buckets[k]
	if b == nil {
		if t.added++; t.added >= sweepEvery {
			t.sweep(now)
		}
		b = rate.NewLimiter(r.Limit, r.Burst)
		t.buckets[k] = b
	}
	if !b.AllowN(now, 1) {
		return &compute.Error{Code: compute.Throttled, Param: "user",
			Message: fmt.Sprintf("the access key calls %s more often than %s allows", action, formatRate(r))}
	}
	return nil
}

// sweep drops the buckets that are full. t.mu is held.
func (t *Throttle) sweep(now time.Time) {
	t.added = 0
	for k, b := range t.buckets {
		if b.TokensAt(now) >= float64(b.Burst()) {
			delete(t.buckets, k)
		}
	}
}

func formatRate(r Rate) string {
	return fmt.Sprintf("%g/s with a burst of %d", float64(r.Limit), r.Burst)
}
