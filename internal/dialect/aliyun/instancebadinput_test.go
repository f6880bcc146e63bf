package aliyun_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

// instanceBadInput is one row of the bad-input table of the instance
// actions beyond launching.
type instanceBadInput struct {
	name   string
	req    func(testing.TB) *http.Request
	status int
	code   string
}

// badInstanceWorld is what the instance bad-input rows act on: a running
// instance, a stopped one, a pending one, a Windows one, and one of
// another account, beside a world.
type badInstanceWorld struct {
	*world
	running, stopped, pending, windows, stranger string
}

func newBadInstanceWorld(t *testing.T, env *apptest.Env) badInstanceWorld {
	t.Helper()
	w := newWorld(t, env)
	ctx := context.Background()
	svc := env.App.Service
	launch := func(owner compute.Owner, subnet compute.SubnetID, group compute.SecurityGroupID, img string, boot compute.Boot) string {
		t.Helper()
		created, err := svc.Launch(ctx, compute.LaunchSpec{
			Owner: owner, Region: region, Count: 1, ImageID: img, InstanceType: itype, Boot: boot,
			Subnet: subnet, SecurityGroups: []compute.SecurityGroupID{group},
		})
		if err != nil {
			t.Fatal(err)
		}
		return string(created[0].ID)
	}
	b := badInstanceWorld{world: w}
	b.running = launch(w.owner, w.vswitch.ID, w.group.ID, image, compute.BootDirect)
	b.stopped = launch(w.owner, w.vswitch.ID, w.group.ID, image, compute.BootNone)
	b.windows = launch(w.owner, w.vswitch.ID, w.group.ID, windowsImage, compute.BootNone)
	b.stranger = launch(w.strangerGroup.Owner, w.strangerVSwitch.ID, w.strangerGroup.ID, image, compute.BootDirect)
	settle(env)
	b.pending = launch(w.owner, w.vswitch.ID, w.group.ID, image, compute.BootDirect)
	return b
}

// TestInstanceActionsBadInput: every instance action beyond launching
// refuses missing, malformed, unknown, other accounts', wrong-state and
// over-limit input with ECS's code and status.
func TestInstanceActionsBadInput(t *testing.T) {
	env := apptest.Start(t, apptest.Options{})
	b := newBadInstanceWorld(t, env)
	call := func(action string, kv ...string) func(testing.TB) *http.Request {
		return badRequest{env, params("Action", action, "RegionId", region)}.with(kv...)
	}
	many := func(n int) string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf(`"i-bp%018d"`, i)
		}
		return "[" + strings.Join(ids, ",") + "]"
	}
	tests := []instanceBadInput{
		{"DescribeInstances Tag value without key", call("DescribeInstances", "Tag.1.Value", "prod"), 400, "InvalidTagKey.Malformed"},
		{"DescribeInstances 21 tag filters", call("DescribeInstances", tagPairs(21)...), 400, "InvalidTagCount"},
		{"DescribeInstances PrivateIpAddresses not JSON", call("DescribeInstances", "PrivateIpAddresses", "172.16.0.1"), 400, "InvalidParameter"},
		{"DescribeInstances PrivateIpAddresses not addresses", call("DescribeInstances", "PrivateIpAddresses", `["nowhere"]`), 400, "InvalidParameter"},
		{"DescribeInstances 101 PublicIpAddresses", call("DescribeInstances", "PublicIpAddresses", ipArray(101)), 400, "InvalidParameter"},
		{"DescribeInstances 101 InstanceIds", call("DescribeInstances", "InstanceIds", many(101)), 403, "InvalidParameter.TooManyInstanceIds"},
		{"DescribeInstances Filter key unknown", call("DescribeInstances", "Filter.1.Key", "Bogus", "Filter.1.Value", "2024-01-01T00:00Z"), 400, "InvalidParameter"},
		{"DescribeInstances Filter value not a time", call("DescribeInstances", "Filter.1.Key", "CreationStartTime", "Filter.1.Value", "yesterday"), 400, "InvalidParameter"},
		{"DescribeInstances IoOptimized maybe", call("DescribeInstances", "IoOptimized", "maybe"), 400, "InvalidParameter"},
		{"DescribeInstances NeedSaleCycle maybe", call("DescribeInstances", "NeedSaleCycle", "maybe"), 400, "InvalidParameter"},
		{"DescribeInstances MaxResults 101", call("DescribeInstances", "MaxResults", "101"), 400, "InvalidParameter"},
		{"DescribeInstances Status Exploding", call("DescribeInstances", "Status", "Exploding"), 404, "InvalidStatus.NotFound"},
		{"DescribeInstances unknown ZoneId", call("DescribeInstances", "ZoneId", "cn-hangzhou-z"), 404, "InvalidZoneId.NotFound"},
		{"DescribeInstances without RegionId", call("DescribeInstances", "RegionId", ""), 400, "MissingParameter"},
		{"DescribeInstances DryRun", call("DescribeInstances", "DryRun", "true"), 400, "DryRunOperation"},
	}
	tests = append(tests, b.attributeRows(call)...)
	cases := make([]kittest.Case, len(tests))
	for i, tt := range tests {
		cases[i] = kittest.Case{Name: tt.name, Request: tt.req, Status: tt.status, Code: tt.code}
	}
	kittest.RunBadInputs(t, nil, cases, refusal)
}

func tagPairs(n int) []string {
	var kv []string
	for i := 1; i <= n; i++ {
		kv = append(kv, fmt.Sprintf("Tag.%d.Key", i), fmt.Sprintf("k%d", i))
	}
	return kv
}

func ipArray(n int) string {
	ips := make([]string, n)
	for i := range ips {
		ips[i] = fmt.Sprintf(`"10.0.%d.%d"`, i/250, i%250+1)
	}
	return "[" + strings.Join(ips, ",") + "]"
}

// attributeRows are the rows of the attribute actions; later files add
// theirs the same way.
func (b badInstanceWorld) attributeRows(call func(string, ...string) func(testing.TB) *http.Request) []instanceBadInput {
	return nil
}
