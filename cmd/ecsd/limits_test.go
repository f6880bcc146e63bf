package main_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

// TestLimitFlagsRefused: a bad limit flag fails serve before it listens,
// with a message naming the flag.
func TestLimitFlagsRefused(t *testing.T) {
	for _, args := range [][]string{
		{"--max-conns", "0"},
		{"--request-timeout", "0s"},
		{"--body-budget", "1024"},
		{"--rate-limit", "fast"},
		{"--rate-limit", "20/s,burst=0"},
		{"--rate-limit-action", "RunInstances"},
		{"--rate-limit-action", "RunInstances=2/d"},
		{"--quota-instances-per-region", "-1"},
	} {
		_, stderr, code := ecsd(t, nil, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", "memory://"}, args...)...)
		if code == 0 || !strings.Contains(stderr, args[0]) {
			t.Errorf("serve %v: exit %d, stderr %q; want a failure naming %s", args, code, stderr, args[0])
		}
	}
}

// TestLimitFlagsServe: serve with a connection cap of 4, an action rate
// and a quota: with 4 connections held silent, /healthz still answers on
// a fifth and a vendor request there gets the plain 503; the SDK's second DescribeZones within the hour is
// RequestLimitExceeded, its second launch past a quota of 1
// LimitExceeded.InstanceQuota.
func TestLimitFlagsServe(t *testing.T) {
	s := serve(t, "--db", "memory://", "--max-conns", "4", "--rate-limit-action", "DescribeZones=1/h",
		"--quota-instances-per-region", "1", "--transition-delay", "0s")
	k := printedKey(t, s.output.String())
	c := tencentClient(t, s, k.id, k.secret)
	run := func() error {
		req := cvm.NewRunInstancesRequest()
		req.Placement = &cvm.Placement{Zone: common.StringPtr("ap-guangzhou-3")}
		req.ImageId, req.InstanceType = common.StringPtr("img-eb30mz89"), common.StringPtr("S5.MEDIUM4")
		_, err := c.RunInstances(req)
		return err
	}
	if err := run(); err != nil {
		t.Fatal(err)
	}
	if code := tencentCode(t, run()); code != "LimitExceeded.InstanceQuota" {
		t.Errorf("a second launch past a quota of 1: got %q, want LimitExceeded.InstanceQuota", code)
	}
	if _, err := c.DescribeZones(cvm.NewDescribeZonesRequest()); err != nil {
		t.Fatal(err)
	}
	_, err := c.DescribeZones(cvm.NewDescribeZonesRequest())
	if code := tencentCode(t, err); code != "RequestLimitExceeded" {
		t.Errorf("a second DescribeZones within the hour: got %q, want RequestLimitExceeded", code)
	}

	for range 4 {
		conn, err := net.Dial("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
	}
	// The SDK's keep-alive connection, idle, is closed to make room for
	// the fourth silent one; the silent ones are new, not idle: none of
	// them can be closed.
	get := func(method, path string) (int, string) {
		conn, err := net.Dial("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.WriteString(conn, method+" "+path+" HTTP/1.1\r\nHost: ecsd\r\nContent-Length: 0\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// Until the server has accepted the silent connections, a probe may
	// still find a free slot; the vendor request tells.
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, body := get(http.MethodPost, "/")
		if status == http.StatusServiceUnavailable && strings.Contains(body, "too many connections") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a vendor request at the cap: got %d %q, want 503 too many connections", status, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if status, body := get(http.MethodGet, "/healthz"); status != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz at the cap: got %d %q, want 200 ok", status, body)
	}
}
