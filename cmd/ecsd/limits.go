package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
	"github.com/ecsd/ecsd/internal/server"
)

// limitOptions are serve's flags that bound what clients may ask of a
// node: bodies, connections, time, rates and quotas (docs/operators.md,
// Limits, Throttling, Quotas).
type limitOptions struct {
	bodyBudget int64
	maxConns   int
	timeout    time.Duration
	rateLimit  string
	actionRate []string
	quota      int
}

func (o *limitOptions) register(f *pflag.FlagSet) {
	f.Int64Var(&o.bodyBudget, "body-budget", server.DefaultBodyBudget,
		"the bytes of request bodies held at once (they are read before their signature is checked); a request over it is answered with its vendor's unavailable error")
	f.DurationVar(&o.timeout, "request-timeout", server.DefaultRequestTimeout,
		"how long a request is served for, store calls included, before it is answered with its vendor's unavailable error")
	f.StringVar(&o.rateLimit, "rate-limit", "",
		"each access key's rate per action, as a token bucket: N/s, N/m or N/h, optionally ,burst=B (20/s,burst=40); off when empty")
	f.StringArrayVar(&o.actionRate, "rate-limit-action", nil,
		"an action's own rate, as ACTION=N/s[,burst=B] (RunInstances=2/s,burst=10); repeat for more actions")
	f.IntVar(&o.quota, "quota-instances-per-region", compute.DefaultInstanceQuota,
		"the instances an account may have in one region of one cloud; a launch past it is refused with the vendor's quota error; 0: no quota")
	f.IntVar(&o.maxConns, "max-conns", server.DefaultMaxConns,
		"the connections served at once; at the cap the longest-idle keep-alive connection is closed, or a new one answers only /healthz and /readyz (others get 503)")
}

// apply checks the flags and sets them in cfg.
func (o *limitOptions) apply(cfg *app.Config) error {
	if o.bodyBudget < server.DefaultMaxBody {
		return fmt.Errorf("--body-budget must be at least %d (the largest body a vendor takes), got %d", server.DefaultMaxBody, o.bodyBudget)
	}
	cfg.BodyBudget = o.bodyBudget
	if o.timeout <= 0 {
		return fmt.Errorf("--request-timeout must be more than 0, got %s", o.timeout)
	}
	cfg.RequestTimeout = o.timeout
	if o.rateLimit != "" {
		r, err := kit.ParseRate(o.rateLimit)
		if err != nil {
			return fmt.Errorf("--rate-limit: %w", err)
		}
		cfg.RateLimit = &r
	}
	for _, a := range o.actionRate {
		action, spec, ok := strings.Cut(a, "=")
		if !ok || action == "" {
			return fmt.Errorf("--rate-limit-action %q: want ACTION=N/s[,burst=B]", a)
		}
		r, err := kit.ParseRate(spec)
		if err != nil {
			return fmt.Errorf("--rate-limit-action %s: %w", action, err)
		}
		if cfg.ActionRates == nil {
			cfg.ActionRates = map[string]kit.Rate{}
		}
		cfg.ActionRates[action] = r
	}
	switch {
	case o.quota < 0:
		return fmt.Errorf("--quota-instances-per-region must be 0 (no quota) or more, got %d", o.quota)
	case o.quota == 0:
		cfg.InstanceQuota = compute.NoQuota
	default:
		cfg.InstanceQuota = o.quota
	}
	if o.maxConns < 1 {
		return fmt.Errorf("--max-conns must be at least 1, got %d", o.maxConns)
	}
	return nil
}
