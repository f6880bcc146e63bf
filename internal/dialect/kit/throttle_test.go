package kit_test

import (
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit"
)

func TestParseRate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want kit.Rate
		bad  bool
	}{
		{in: "20/s", want: kit.Rate{Limit: 20, Burst: 20}},
		{in: "20/s,burst=40", want: kit.Rate{Limit: 20, Burst: 40}},
		{in: "120/m", want: kit.Rate{Limit: 2, Burst: 120}},
		{in: "0.5/s", want: kit.Rate{Limit: 0.5, Burst: 1}},
		{in: "3600/h, burst=1", want: kit.Rate{Limit: 1, Burst: 1}},
		{in: "20", bad: true},
		{in: "0/s", bad: true},
		{in: "-1/s", bad: true},
		{in: "20/d", bad: true},
		{in: "20/s,burst=0", bad: true},
		{in: "20/s,bursts=4", bad: true},
	} {
		got, err := kit.ParseRate(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("ParseRate(%q) = %+v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseRate(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// TestThrottleBuckets: a bucket per key, cloud and action; the refusal
// is a Throttled error about the user; a nil Throttle and one without a
// rate for the action allow everything.
func TestThrottleBuckets(t *testing.T) {
	th := kit.NewThrottle(&kit.Rate{Limit: rate.Every(time.Hour), Burst: 1}, map[string]kit.Rate{"Free": {Limit: rate.Inf, Burst: 1}})
	if err := th.Allow("k1", compute.CloudAliyun, "RunInstances"); err != nil {
		t.Fatal(err)
	}
	err := th.Allow("k1", compute.CloudAliyun, "RunInstances")
	if e, ok := compute.AsError(err); !ok || e.Code != compute.Throttled || e.Param != "user" {
		t.Errorf("second call: got %v, want a Throttled error about the user", err)
	}
	for _, other := range []struct {
		key    string
		cloud  compute.Cloud
		action string
	}{{"k2", compute.CloudAliyun, "RunInstances"}, {"k1", compute.CloudTencent, "RunInstances"}, {"k1", compute.CloudAliyun, "StartInstances"}} {
		if err := th.Allow(other.key, other.cloud, other.action); err != nil {
			t.Errorf("%+v: %v, want its own bucket", other, err)
		}
	}
	for range 3 {
		if err := th.Allow("k1", compute.CloudAliyun, "Free"); err != nil {
			t.Errorf("an action of unbounded rate: %v", err)
		}
	}
	var none *kit.Throttle
	if err := none.Allow("k1", compute.CloudAliyun, "RunInstances"); err != nil {
		t.Errorf("nil Throttle: %v", err)
	}
	onlyActions := kit.NewThrottle(nil, map[string]kit.Rate{"RunInstances": {Limit: rate.Every(time.Hour), Burst: 1}})
	for range 3 {
		if err := onlyActions.Allow("k1", compute.CloudAliyun, "DescribeInstances"); err != nil {
			t.Errorf("an action without a rate: %v", err)
		}
	}
}
