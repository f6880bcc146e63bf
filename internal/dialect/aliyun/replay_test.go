package aliyun_test

import (
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// A replayed request is refused whatever its action, and a replayed write
// does nothing: reads run while their nonce is recorded, writes only after.
func TestReplayRefusedForReadsAndWrites(t *testing.T) {
	env := apptest.Start(t, apptest.Options{TransitionDelay: apptest.Instant})
	count := func() float64 {
		t.Helper()
		r := send(t, rpc{params: params("Action", "DescribeInstanceStatus", "RegionId", "cn-hangzhou")}.request(t, env))
		if r.status != 200 {
			t.Fatalf("DescribeInstanceStatus: %d %s", r.status, r.body)
		}
		return r.fields["TotalCount"].(float64)
	}
	for _, c := range []struct {
		name   string
		params []string
		added  float64 // instances the first, genuine request adds
	}{
		{"read", []string{"Action", "DescribeInstances", "RegionId", "cn-hangzhou"}, 0},
		{"write", []string{"Action", "RunInstances", "RegionId", "cn-hangzhou", "ZoneId", "cn-hangzhou-b",
			"ImageId", "aliyun_3_x64_20G_alibase_20240819.vhd", "InstanceType", "ecs.g7.large", "Amount", "2"}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := count()
			req := rpc{params: params(c.params...), nonce: "replayed-" + c.name}
			if r := send(t, req.request(t, env)); r.status != 200 {
				t.Fatalf("first request: %d %s", r.status, r.body)
			}
			r := send(t, req.request(t, env))
			if r.status != 400 || r.fields["Code"] != "SignatureNonceUsed" {
				t.Fatalf("replay: %d %s, want 400 SignatureNonceUsed", r.status, r.body)
			}
			if _, ok := r.fields["Instances"]; ok {
				t.Fatalf("the refused replay carries a result: %s", r.body)
			}
			if got := count(); got != before+c.added {
				t.Fatalf("%v instances after the replay, want %v", got, before+c.added)
			}
		})
	}
}
