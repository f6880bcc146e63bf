package main_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

// TestServeMetricsAndAudit: `serve --admin-addr` serves /metrics to the
// admin token only, counting the requests the binary answered, and
// --audit-log appends a line per mutating call to a file only its owner
// can read. The clock is manual, so that the instance stays pending.
func TestServeMetricsAndAudit(t *testing.T) {
	auditPath := filepath.Join(t.TempDir(), "audit.log")
	s := serve(t, "--db", "memory://", "--access-key-id", "K", "--access-key-secret", "S",
		"--clock", "manual", "--admin-addr", "127.0.0.1:0", "--admin-token", "tok", "--audit-log", auditPath)
	ali := s.client(t, "K", "S")
	run := classicecs.CreateRunInstancesRequest()
	run.ImageId, run.InstanceType, run.Amount = aliyunImage, "ecs.g7.large", requests.NewInteger(1)
	resp, err := ali.RunInstances(run)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ali.DescribeInstanceStatus(classicecs.CreateDescribeInstanceStatusRequest()); err != nil {
		t.Fatal(err)
	}

	get := func(token string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, "http://"+s.adminAddr+"/metrics", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		body, _ := io.ReadAll(r.Body)
		return r.StatusCode, string(body)
	}
	if status, _ := get(""); status != http.StatusUnauthorized {
		t.Errorf("/metrics without the token: %d, want 401", status)
	}
	status, body := get("tok")
	if status != http.StatusOK {
		t.Fatalf("/metrics with the token: %d %s", status, body)
	}
	for _, want := range []string{
		`ecsd_requests_total{action="RunInstances",cloud="aliyun",code="OK"} 1`,
		`ecsd_requests_total{action="DescribeInstanceStatus",cloud="aliyun",code="OK"} 1`,
		`ecsd_instances{cloud="aliyun",status="pending"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	info, err := os.Stat(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("the audit log's mode is %v, want 0600", mode)
	}
	data, err := os.ReadFile(auditPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d audit lines, want 1 for the one RunInstances:\n%s", len(lines), data)
	}
	var line struct {
		Action, Outcome, KeyID, RequestID string
		Resources                         []string
	}
	if err := json.Unmarshal([]byte(strings.ReplaceAll(strings.ReplaceAll(lines[0], `"key_id"`, `"KeyID"`), `"request_id"`, `"RequestID"`)), &line); err != nil {
		t.Fatal(err)
	}
	id := resp.InstanceIdSets.InstanceIdSet[0]
	if line.Action != "RunInstances" || line.Outcome != "success" || line.KeyID != "K" || line.RequestID != resp.RequestId || !strings.Contains(lines[0], `"`+id+`"`) {
		t.Errorf("audit line %s, want RunInstances, success, key K, request ID %s, instance %s", lines[0], resp.RequestId, id)
	}
}
