package main_test

import (
	"maps"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

// tencentClient is the official Tencent SDK pointed at s; more adjusts
// its profile.
func tencentClient(t *testing.T, s *server, keyID, secret string, more ...func(*profile.ClientProfile)) *cvm.Client {
	t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = s.addr, "HTTP"
	for _, f := range more {
		f(cpf)
	}
	c, err := cvm.NewClient(common.NewCredential(keyID, secret), "ap-guangzhou", cpf)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tencentStatuses lists the Tencent instances of ap-guangzhou with their states.
func tencentStatuses(t *testing.T, c *cvm.Client) map[string]string {
	t.Helper()
	req := cvm.NewDescribeInstancesStatusRequest()
	limit := int64(100)
	req.Limit = &limit
	resp, err := c.DescribeInstancesStatus(req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, s := range resp.Response.InstanceStatusSet {
		out[*s.InstanceId] = *s.InstanceState
	}
	return out
}

// TestMigrateStore: an SQLite inventory moves to PostgreSQL with its
// accounts, keys, instance IDs and statuses, in every dialect.
func TestMigrateStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ecsd.db")
	for _, a := range [][3]string{{"a1", "AK", "SK"}, {"a2", "AK2", "SK2"}} {
		if _, stderr, code := ecsd(t, nil, "account", "create", a[0], "--access-key-id", a[1], "--access-key-secret", a[2], "--db", db); code != 0 {
			t.Fatalf("account create: %s", stderr)
		}
	}
	// a1 has a second key, disabled: it moves too, as it is.
	if _, stderr, code := ecsd(t, nil, "key", "create", "--account", "a1", "--access-key-id", "AKOLD", "--access-key-secret", "SKOLD", "--db", db); code != 0 {
		t.Fatalf("key create: %s", stderr)
	}
	if _, stderr, code := ecsd(t, nil, "key", "disable", "AKOLD", "--db", db); code != 0 {
		t.Fatalf("key disable: %s", stderr)
	}
	s := serve(t, "--db", db, "--transition-delay", "0")
	ids, err := runInstances(s.client(t, "AK", "SK"), 7)
	if err != nil {
		t.Fatal(err)
	}
	stop := classicecs.CreateStopInstanceRequest()
	stop.InstanceId = ids[3]
	if _, err := s.client(t, "AK", "SK").StopInstance(stop); err != nil {
		t.Fatal(err)
	}
	if _, err := runInstances(s.client(t, "AK2", "SK2"), 2); err != nil {
		t.Fatal(err)
	}
	run := cvm.NewRunInstancesRequest()
	zone, image := "ap-guangzhou-3", "img-eb30mz89"
	run.Placement, run.ImageId = &cvm.Placement{Zone: &zone}, &image
	if _, err := tencentClient(t, s, "AK", "SK").RunInstances(run); err != nil {
		t.Fatal(err)
	}
	wantA1, wantA2 := statuses(t, s.client(t, "AK", "SK")), statuses(t, s.client(t, "AK2", "SK2"))
	wantTencent := tencentStatuses(t, tencentClient(t, s, "AK", "SK"))
	if len(wantA1) != 7 || len(wantA2) != 2 || len(wantTencent) != 1 {
		t.Fatalf("before: %v %v %v", wantA1, wantA2, wantTencent)
	}
	s.stop(t, syscall.SIGTERM)

	dsn := postgresURL(t)
	out, stderr, code := ecsd(t, nil, "migrate-store", "--from", db, "--to", dsn)
	if code != 0 {
		t.Fatalf("migrate-store failed (%d): %s", code, stderr)
	}
	if !strings.Contains(out, "copied 2 accounts and 10 instances") {
		t.Errorf("migrate-store printed %q", out)
	}
	_, stderr, code = ecsd(t, nil, "migrate-store", "--from", db, "--to", dsn)
	if code == 0 || !strings.Contains(stderr, "has 2 accounts already") {
		t.Errorf("a second migrate-store into the same target: exit %d, %q", code, stderr)
	}

	keys, _, _ := ecsd(t, nil, "key", "list", "--account", "a1", "--db", dsn)
	if line := lineOf(keys, "AKOLD"); !strings.Contains(line, "disabled") {
		t.Errorf("a1's second key on PostgreSQL: %q, want it there, disabled", line)
	}
	pg := serve(t, "--db", dsn, "--transition-delay", "0")
	if got := statuses(t, pg.client(t, "AK", "SK")); !maps.Equal(got, wantA1) {
		t.Errorf("a1 on PostgreSQL: %v, want %v", got, wantA1)
	}
	if got := statuses(t, pg.client(t, "AK2", "SK2")); !maps.Equal(got, wantA2) {
		t.Errorf("a2 on PostgreSQL: %v, want %v", got, wantA2)
	}
	if got := tencentStatuses(t, tencentClient(t, pg, "AK", "SK")); !maps.Equal(got, wantTencent) {
		t.Errorf("Tencent instances on PostgreSQL: %v, want %v", got, wantTencent)
	}
}

func TestMigrateStoreErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"migrate-store", "--to", filepath.Join(dir, "b.db")}, "give both --from and --to"},
		{[]string{"migrate-store", "--from", filepath.Join(dir, "missing.db"), "--to", filepath.Join(dir, "b.db")}, "does not exist"},
	} {
		_, stderr, code := ecsd(t, nil, c.args...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, stderr, c.want)
		}
	}
}
