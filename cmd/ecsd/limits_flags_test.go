package main

import (
	"testing"

	"github.com/spf13/pflag"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/compute"
)

// TestQuotaFlagZeroIsNone: --quota-instances-per-region 0 turns the quota
// off; the default keeps compute's.
func TestQuotaFlagZeroIsNone(t *testing.T) {
	for _, c := range []struct {
		args []string
		want int
	}{
		{nil, compute.DefaultInstanceQuota},
		{[]string{"--quota-instances-per-region", "0"}, compute.NoQuota},
		{[]string{"--quota-instances-per-region", "7"}, 7},
	} {
		var o limitOptions
		f := pflag.NewFlagSet("serve", pflag.ContinueOnError)
		o.register(f)
		if err := f.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		var cfg app.Config
		if err := o.apply(&cfg); err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if cfg.InstanceQuota != c.want {
			t.Errorf("%v: InstanceQuota %d, want %d", c.args, cfg.InstanceQuota, c.want)
		}
	}
}
