package main_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

// rule is a fault rule as `ecsd admin fault` prints it.
type rule struct {
	ID    string `json:"id"`
	Cloud string `json:"cloud"`
	Code  string `json:"code"`
	Count int    `json:"count"`
	Fired int    `json:"fired"`
}

// throttled reports whether err is the classic SDK's error with code.
func throttled(err error, code string) bool {
	e, ok := errors.AsType[*sdkerrors.ServerError](err)
	return ok && e.ErrorCode() == code
}

// TestFaultCommands: `ecsd admin fault add` prints the rule with its ID,
// the rule answers the next call with the vendor's error, `fault list`
// shows it fired once, `fault delete` takes it away; bad rules are
// refused with what is wrong.
func TestFaultCommands(t *testing.T) {
	s := serve(t, "--db", "memory://", "--access-key-id", "CIKEY", "--access-key-secret", "CISECRET",
		"--admin-addr", "127.0.0.1:0", "--admin-token", "tok")
	env := []string{"ECSD_ADMIN_ADDR=" + s.adminAddr, "ECSD_ADMIN_TOKEN=tok"}
	admin := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := ecsd(t, env, append([]string{"admin", "fault"}, args...)...)
		if code != 0 {
			t.Fatalf("ecsd admin fault %v failed (%d): %s", args, code, stderr)
		}
		return stdout
	}
	var added rule
	out := admin("add", "--cloud", "aliyun", "--action", "DescribeInstanceStatus", "--account", "default", "--code", "Throttling.User", "--count", "1")
	if err := json.Unmarshal([]byte(out), &added); err != nil || added.ID == "" || added.Code != "Throttling.User" || added.Count != 1 {
		t.Fatalf("fault add printed %s (%v), want the rule with its ID", out, err)
	}
	c := s.client(t, "CIKEY", "CISECRET")
	if _, err := c.DescribeInstanceStatus(classicecs.CreateDescribeInstanceStatusRequest()); !throttled(err, "Throttling.User") {
		t.Errorf("the call under the rule: %v, want Throttling.User", err)
	}
	statuses(t, c) // the next one is served
	var listed struct {
		Faults []rule `json:"faults"`
	}
	if err := json.Unmarshal([]byte(admin("list")), &listed); err != nil || len(listed.Faults) != 1 || listed.Faults[0].Fired != 1 {
		t.Errorf("fault list: %+v (%v), want the rule fired once", listed, err)
	}
	var deleted struct {
		Rule     rule     `json:"rule"`
		Released []string `json:"released"`
	}
	if err := json.Unmarshal([]byte(admin("delete", added.ID)), &deleted); err != nil || deleted.Rule.ID != added.ID || deleted.Released == nil {
		t.Errorf("fault delete: %+v (%v)", deleted, err)
	}
	if out := admin("list"); !strings.Contains(out, `"faults": []`) {
		t.Errorf("fault list after the delete: %s", out)
	}

	// Tencent's SDK sees a Tencent rule added from the command line.
	admin("add", "--cloud", "tencent", "--action", "DescribeInstances", "--code", "RequestLimitExceeded", "--probability", "1")
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = s.addr, "HTTP"
	tc, err := cvm.NewClient(common.NewCredential("CIKEY", "CISECRET"), "ap-guangzhou", cpf)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tc.DescribeInstances(cvm.NewDescribeInstancesRequest())
	if e, ok := errors.AsType[*tcerrors.TencentCloudSDKError](err); !ok || e.Code != "RequestLimitExceeded" {
		t.Errorf("Tencent under the rule: %v", err)
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no action", []string{"add", "--cloud", "aliyun", "--code", "X"}, `required flag(s) "action" not set`},
		{"unknown cloud", []string{"add", "--cloud", "mars", "--action", "X", "--code", "X"}, `cloud: "mars" is not a cloud`},
		{"unknown action", []string{"add", "--cloud", "tencent", "--action", "DescribeInstance", "--code", "X"}, `tencent serves no action "DescribeInstance"`},
		{"unknown account", []string{"add", "--cloud", "aliyun", "--action", "DescribeInstances", "--account", "ci", "--code", "X"}, `no account is named "ci"`},
		{"probability 0", []string{"add", "--cloud", "aliyun", "--action", "DescribeInstances", "--code", "X", "--probability", "0"}, "0 is not a probability"},
		{"nothing to do", []string{"add", "--cloud", "aliyun", "--action", "DescribeInstances"}, "the rule does nothing"},
		{"bad latency", []string{"add", "--cloud", "aliyun", "--action", "DescribeInstances", "--latency", "soon"}, `"soon" is not a duration`},
		{"unknown rule", []string{"delete", "fault-99"}, `404 not_found: no fault rule has the ID "fault-99"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := ecsd(t, env, append([]string{"admin", "fault"}, tc.args...)...)
			if code == 0 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, %s; want a failure with %q", code, stderr, tc.want)
			}
		})
	}
}

// TestServeFaultsFile: serve --faults puts the rules of a file in force on
// start, the form `fault list` prints read back; a bad file stops the
// start with where and what.
func TestServeFaultsFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "faults.json")
	err := os.WriteFile(file, []byte(`{"faults": [
		{"id": "fault-9", "cloud": "aliyun", "action": "DescribeInstanceStatus", "code": "Throttling.User", "count": 1, "fired": 4},
		{"cloud": "aliyun", "action": "RunInstances", "account": "default", "launch_fails": true}]}`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, "--db", "memory://", "--access-key-id", "CIKEY", "--access-key-secret", "CISECRET", "--faults", file,
		"--admin-addr", "127.0.0.1:0", "--admin-token", "tok")
	if !strings.Contains(s.output.String(), "Loaded 2 fault rules from "+file) {
		t.Errorf("serve --faults printed:\n%s", s.output)
	}
	c := s.client(t, "CIKEY", "CISECRET")
	if _, err := c.DescribeInstanceStatus(classicecs.CreateDescribeInstanceStatusRequest()); !throttled(err, "Throttling.User") {
		t.Errorf("the first call: %v, want the file's Throttling.User", err)
	}
	stdout, _, _ := ecsd(t, []string{"ECSD_ADMIN_ADDR=" + s.adminAddr, "ECSD_ADMIN_TOKEN=tok"}, "admin", "fault", "list")
	var listed struct {
		Faults []rule `json:"faults"`
	}
	if err := json.Unmarshal([]byte(stdout), &listed); err != nil || len(listed.Faults) != 2 || listed.Faults[0].ID != "fault-1" || listed.Faults[0].Fired != 1 {
		t.Errorf("the rules in force: %s, want fault-1 fired once (the file's id and fired ignored) and fault-2", stdout)
	}

	for _, tc := range []struct{ name, doc, want string }{
		{"bad rule", `{"faults": [{"cloud": "aliyun", "action": "DescribeInstances", "code": "X"}, {"cloud": "aliyun", "action": "DescribeInstances", "count": -1, "drop": true}]}`,
			"faults[1].count: -1 is not a count"},
		{"unknown account", `{"faults": [{"cloud": "aliyun", "action": "DescribeInstances", "account": "ci", "drop": true}]}`,
			`faults[0].account: no account is named "ci"`},
		{"not JSON", "{\"faults\": [\n  {\"cloud\": aliyun}]}", "line 2, column 14: this is not JSON"},
		{"unknown field", `{"faults": [{"cloud": "aliyun", "when": "now"}]}`, `line 1, column 49: "when" is not a field of a fault rule`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := filepath.Join(dir, tc.name+".json")
			if err := os.WriteFile(bad, []byte(tc.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := ecsd(t, nil, "serve", "--addr", "127.0.0.1:0", "--db", "memory://", "--faults", bad)
			if code == 0 || !strings.Contains(stderr, bad+": "+tc.want) {
				t.Errorf("exit %d, %s; want a failure with %q", code, stderr, tc.want)
			}
		})
	}
}
