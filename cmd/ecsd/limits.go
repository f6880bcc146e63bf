package main

import (
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/server"
)

// limitOptions are serve's flags that bound what clients may ask of a
// node: bodies, connections, time, rates and quotas (docs/operators.md,
// Limits, Throttling, Quotas).
type limitOptions struct {
	bodyBudget int64
	maxConns   int
	timeout    time.Duration
}

func (o *limitOptions) register(f *pflag.FlagSet) {
	f.Int64Var(&o.bodyBudget, "body-budget", server.DefaultBodyBudget,
		"the bytes of request bodies held at once (they are read before their signature is checked); a request over it is answered with its vendor's unavailable error")
	f.DurationVar(&o.timeout, "request-timeout", server.DefaultRequestTimeout,
		"how long a request is served for, store calls included, before it is answered with its vendor's unavailable error")
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
	if o.maxConns < 1 {
		return fmt.Errorf("--max-conns must be at least 1, got %d", o.maxConns)
	}
	return nil
}
