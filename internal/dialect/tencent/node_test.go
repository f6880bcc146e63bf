package tencent_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// nodeDir holds Tencent Cloud's Node.js SDK, pinned by package-lock.json;
// .ci/run installs it (npm ci), and so does this test when it is missing.
const nodeDir = "testdata/node"

// nodeSDK returns the node binary with the SDK installed beside drive.js.
// Without node or npm the test fails: Tencent's other SDKs are judges of
// compatibility too, and CI has both.
func nodeSDK(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not installed; the Node.js SDK test needs it (.ci/run installs the SDK with npm ci --prefix %s)", nodeDir)
	}
	if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", "tencentcloud-sdk-nodejs-cvm")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Fatalf("npm is not installed and %s has no node_modules", nodeDir)
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--prefix", nodeDir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", nodeDir, err, out)
		}
	}
	return node
}

// nodeAnswer is what drive.js prints.
type nodeAnswer struct {
	Run struct {
		Ok struct{ InstanceIdSet []string }
	}
	Status struct {
		Ok struct {
			TotalCount        int
			InstanceStatusSet []struct{ InstanceId, InstanceState string }
		}
	}
	Describe struct {
		Ok struct {
			InstanceSet []struct {
				InstanceName, InstanceState string
				Placement                   struct{ Zone string }
			}
		}
	}
	WrongSecret struct{ Code, RequestId string }
	CreateVpc   struct {
		Ok struct {
			Vpc struct{ VpcId, CidrBlock string }
		}
		Code string
	}
	DescribeVpcs struct {
		Ok struct {
			TotalCount int
			VpcSet     []struct{ VpcId, VpcName string }
		}
		Code string
	}
}

// TestNodeSDK drives ecsd with the Node.js SDK (tencentcloud-sdk-nodejs-cvm
// 4.1.316, -common 4.1.220), pointed at ecsd as its documentation says:
// at 127.0.0.1:PORT, where it signs for service "127" and a host without
// its port, and at a host name with a port, where it signs for "cvm" and
// "vpc". CVM's RunInstances, DescribeInstancesStatus and DescribeInstances,
// and VPC's CreateVpc and DescribeVpcs through the common client.
func TestNodeSDK(t *testing.T) {
	node := nodeSDK(t)
	env := apptest.Start(t, apptest.Options{})
	port := env.Host[strings.LastIndex(env.Host, ":")+1:]
	for _, tt := range []struct{ name, cvm, vpc string }{
		{"127.0.0.1:PORT", env.Host, env.Host},
		{"localhost:PORT", "localhost:" + port, "localhost:" + port},
		{"host names with a port", "cvm.ecsd.test:" + port, "vpc.ecsd.test:" + port},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(node, "drive.js")
			cmd.Dir = nodeDir
			cmd.Env = append(os.Environ(), "ECSD_ENDPOINT="+tt.cvm, "ECSD_VPC_ENDPOINT="+tt.vpc,
				"ECSD_SECRET_ID="+apptest.AccessKeyID, "ECSD_SECRET_KEY="+apptest.AccessKeySecret)
			out, err := cmd.Output()
			if err != nil {
				stderr := ""
				if ee, ok := err.(*exec.ExitError); ok {
					stderr = string(ee.Stderr)
				}
				t.Fatalf("drive.js: %v\n%s%s", err, out, stderr)
			}
			var a nodeAnswer
			if err := json.Unmarshal(out, &a); err != nil {
				t.Fatalf("drive.js printed %s: %v", out, err)
			}
			ids := a.Run.Ok.InstanceIdSet
			if len(ids) != 2 || !instanceIDPattern.MatchString(ids[0]) {
				t.Fatalf("RunInstances through Node: %s", out)
			}
			var states []string
			for _, s := range a.Status.Ok.InstanceStatusSet {
				if slices.Contains(ids, s.InstanceId) {
					states = append(states, s.InstanceState)
				}
			}
			if a.Status.Ok.TotalCount != 2 || !slices.Equal(states, []string{"PENDING", "PENDING"}) {
				t.Errorf("DescribeInstancesStatus through Node: %s", out)
			}
			if d := a.Describe.Ok.InstanceSet; len(d) != 1 || d[0].InstanceName != "node1" || d[0].Placement.Zone != zone3 {
				t.Errorf("DescribeInstances through Node: %+v", d)
			}
			if a.WrongSecret.Code != "AuthFailure.SignatureFailure" || !uuidPattern.MatchString(a.WrongSecret.RequestId) {
				t.Errorf("a wrong secret through Node: %+v", a.WrongSecret)
			}
			v := a.CreateVpc.Ok.Vpc
			if a.CreateVpc.Code != "" || !strings.HasPrefix(v.VpcId, "vpc-") || v.CidrBlock != "10.8.0.0/16" {
				t.Fatalf("CreateVpc through Node: %s", out)
			}
			if set := a.DescribeVpcs.Ok.VpcSet; len(set) != 1 || set[0].VpcId != v.VpcId || set[0].VpcName != "node" {
				t.Errorf("DescribeVpcs through Node: %s", out)
			}
		})
	}
}
