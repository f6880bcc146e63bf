package main_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

// TestControls drives the controls of a test run from the command line
// and sees their effect through the Alibaba SDK: an in-memory store with a
// known key, a manual clock moved by `ecsd admin clock`, and a reset by
// `ecsd admin reset`.
func TestControls(t *testing.T) {
	const adminToken = "s3cr3t-admin-token"
	s := serve(t, "--db", "memory://", "--clock", "manual", "--transition-delay", "10s",
		"--access-key-id", "CIKEY", "--access-key-secret", "CISECRET",
		"--admin-addr", "127.0.0.1:0", "--admin-token", adminToken)
	admin := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := ecsd(t, []string{"ECSD_ADMIN_ADDR=" + s.adminAddr, "ECSD_ADMIN_TOKEN=" + adminToken}, append([]string{"admin"}, args...)...)
		if code != 0 {
			t.Fatalf("ecsd admin %v failed (%d): %s", args, code, stderr)
		}
		return stdout
	}
	c := s.client(t, "CIKEY", "CISECRET")
	ids, err := runInstances(c, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(t, c); got[ids[0]] != "Pending" {
		t.Fatalf("a new instance is %q on a manual clock, want Pending", got[ids[0]])
	}
	var clock struct {
		Now    time.Time `json:"now"`
		Manual bool      `json:"manual"`
	}
	if err := json.Unmarshal([]byte(admin("clock")), &clock); err != nil || !clock.Manual {
		t.Fatalf("admin clock: %+v %v", clock, err)
	}
	// Nothing moves while the clock stands still.
	time.Sleep(50 * time.Millisecond)
	if got := statuses(t, c); got[ids[0]] != "Pending" {
		t.Fatalf("the instance moved on to %q with the clock stopped", got[ids[0]])
	}
	var advanced struct {
		Now time.Time `json:"now"`
	}
	if err := json.Unmarshal([]byte(admin("clock", "advance", "10s")), &advanced); err != nil || !advanced.Now.Equal(clock.Now.Add(10*time.Second)) {
		t.Fatalf("advance: %+v %v; want %v", advanced, err, clock.Now.Add(10*time.Second))
	}
	if got := statuses(t, c); got[ids[0]] != "Starting" {
		t.Fatalf("after 10s the instance is %q, want Starting", got[ids[0]])
	}
	admin("clock", "advance", "10s")
	if got := statuses(t, c); got[ids[0]] != "Running" || got[ids[1]] != "Running" {
		t.Fatalf("after 20s: %v, want both Running", got)
	}

	out := admin("reset", "--cloud", "aliyun")
	var reset struct {
		Removed map[string]map[string]map[string]int `json:"removed"`
	}
	if err := json.Unmarshal([]byte(out), &reset); err != nil || reset.Removed["default"]["aliyun"]["instance"] != 2 {
		t.Fatalf("reset answered %s (%v); want 2 instances of the default account removed", out, err)
	}
	if got := statuses(t, c); len(got) != 0 {
		t.Fatalf("after the reset: %v, want nothing", got)
	}
	// The account and its key stay.
	req := classicecs.CreateDescribeInstanceStatusRequest()
	req.PageSize = requests.NewInteger(10)
	if _, err := c.DescribeInstanceStatus(req); err != nil {
		t.Fatalf("the key after a reset: %v", err)
	}

	t.Run("the admin API wants its token", func(t *testing.T) {
		for name, authz := range map[string]string{
			"no token":    "",
			"wrong token": "Bearer nope",
			"vendor key":  "Bearer CISECRET",
			"basic":       "Basic Q0lLRVk6Q0lTRUNSRVQ=",
		} {
			req, _ := http.NewRequest(http.MethodPost, "http://"+s.adminAddr+"/v1/reset", strings.NewReader(`{}`))
			if authz != "" {
				req.Header.Set("Authorization", authz)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var body map[string]string
			_ = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized || body["error"] != "unauthorized" || strings.Contains(body["message"], adminToken) {
				t.Errorf("%s: %d %v; want 401 unauthorized, nothing leaked", name, resp.StatusCode, body)
			}
		}
		_, stderr, code := ecsd(t, []string{"ECSD_ADMIN_ADDR=" + s.adminAddr, "ECSD_ADMIN_TOKEN=wrong"}, "admin", "reset")
		if code == 0 || !strings.Contains(stderr, "401") {
			t.Errorf("ecsd admin with a wrong token: exit %d, %s", code, stderr)
		}
	})
	t.Run("the vendor address serves no admin API", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, "http://"+s.addr+"/v1/reset", strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK || body["removed"] != nil {
			t.Errorf("the vendor address answered an admin call: %d %v", resp.StatusCode, body)
		}
	})
}

// TestAdminOffUnlessConfigured: without --admin-addr no admin listener
// starts, and the CLI says how to reach one.
func TestAdminOffUnlessConfigured(t *testing.T) {
	s := serve(t, "--db", "memory://")
	if strings.Contains(s.output.String(), "admin API") || strings.Contains(s.output.String(), "Admin token") {
		t.Errorf("serve without --admin-addr announced an admin API:\n%s", s.output)
	}
	_, stderr, code := ecsd(t, nil, "admin", "clock")
	if code == 0 || !strings.Contains(stderr, "--admin-addr") {
		t.Errorf("ecsd admin without an address: exit %d, %s", code, stderr)
	}
}

// TestAdminTokenMadeOnce: without --admin-token, serve makes a token on the
// first start, shows it once, and keeps it in the store.
func TestAdminTokenMadeOnce(t *testing.T) {
	db := t.TempDir() + "/ecsd.db"
	s := serve(t, "--db", db, "--admin-addr", "127.0.0.1:0")
	_, rest, ok := strings.Cut(s.output.String(), "Admin token: ")
	if !ok {
		t.Fatalf("the first start showed no admin token:\n%s", s.output)
	}
	token := strings.Fields(rest)[0]
	stdout, stderr, code := ecsd(t, []string{"ECSD_ADMIN_ADDR=" + s.adminAddr, "ECSD_ADMIN_TOKEN=" + token}, "admin", "clock")
	if code != 0 || !strings.Contains(stdout, `"manual": false`) {
		t.Fatalf("admin clock with the shown token: %d %s %s", code, stdout, stderr)
	}
	_, _, code = ecsd(t, []string{"ECSD_ADMIN_ADDR=" + s.adminAddr, "ECSD_ADMIN_TOKEN=" + token}, "admin", "clock", "advance", "1s")
	if code == 0 {
		t.Errorf("advancing the system clock succeeded")
	}
	s.stop(t, syscall.SIGTERM)
	again := serve(t, "--db", db, "--admin-addr", "127.0.0.1:0")
	if strings.Contains(again.output.String(), "Admin token") {
		t.Errorf("the second start showed the token again:\n%s", again.output)
	}
	if _, stderr, code := ecsd(t, []string{"ECSD_ADMIN_ADDR=" + again.adminAddr, "ECSD_ADMIN_TOKEN=" + token}, "admin", "clock"); code != 0 {
		t.Errorf("the kept token after a restart: %s", stderr)
	}
}

// TestFixturesAndSnapshots: serve --fixtures loads a fixture of a few
// lines on start; `ecsd admin snapshot export`, a reset and `ecsd admin
// snapshot import` bring the inventory back as it was.
func TestFixturesAndSnapshots(t *testing.T) {
	dir := t.TempDir()
	fixture := filepath.Join(dir, "fixture.json")
	err := os.WriteFile(fixture, []byte(`{"ecsd_snapshot": 1, "accounts": [{"name": "ci",
		"keys": [{"id": "FIXKEY", "secret": "FIXSECRET"}],
		"aliyun": {"instances": [{"region": "cn-hangzhou", "count": 3, "image_id": "`+aliyunImage+`", "instance_type": "ecs.g7.large"}]}}]}`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, "--db", "memory://", "--fixtures", fixture, "--admin-addr", "127.0.0.1:0", "--admin-token", "tok")
	if !strings.Contains(s.output.String(), "Loaded "+fixture) || strings.Contains(s.output.String(), "AccessKeySecret") {
		t.Errorf("serve --fixtures printed:\n%s", s.output)
	}
	c := s.client(t, "FIXKEY", "FIXSECRET")
	before := statuses(t, c)
	if len(before) != 3 {
		t.Fatalf("after the fixture: %v, want 3 instances", before)
	}
	for id, st := range before {
		if st != "Running" {
			t.Errorf("%s is %s, want Running", id, st)
		}
	}
	env := []string{"ECSD_ADMIN_ADDR=" + s.adminAddr, "ECSD_ADMIN_TOKEN=tok"}
	snap := filepath.Join(dir, "snap.json")
	if _, stderr, code := ecsd(t, env, "admin", "snapshot", "export", snap); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	if _, stderr, code := ecsd(t, env, "admin", "reset"); code != 0 {
		t.Fatalf("reset: %s", stderr)
	}
	if got := statuses(t, c); len(got) != 0 {
		t.Fatalf("after the reset: %v", got)
	}
	if stdout, stderr, code := ecsd(t, env, "admin", "snapshot", "import", snap); code != 0 || !strings.Contains(stdout, `"instance": 3`) {
		t.Fatalf("import: %d %s %s", code, stdout, stderr)
	}
	if after := statuses(t, c); !maps.Equal(after, before) {
		t.Errorf("after the import: %v, want %v", after, before)
	}
	_, stderr, code := ecsd(t, env, "admin", "snapshot", "import", fixture+".missing")
	if code == 0 || !strings.Contains(stderr, "no such file") {
		t.Errorf("importing a missing file: %d %s", code, stderr)
	}
	broken := filepath.Join(dir, "broken.json")
	_ = os.WriteFile(broken, []byte("{\"ecsd_snapshot\": 1,\n \"accounts\": [{\"name\": \"x\", \"aliyun\": {\"disk\": []}}]}"), 0o600)
	if _, stderr, code := ecsd(t, env, "admin", "snapshot", "import", broken); code == 0 || !strings.Contains(stderr, "line 2") {
		t.Errorf("importing a broken file: %d %s", code, stderr)
	}
}
