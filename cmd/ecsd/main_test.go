package main_test

// End-to-end tests of the ecsd binary: real processes on loopback ports,
// real signals, the official classic Alibaba SDK as the client.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ecsd-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "ecsd")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building ecsd:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// ecsd runs the binary to completion and returns its output and exit code.
func ecsd(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return out.String(), errOut.String(), exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), 0
}

// server is a running `ecsd serve`.
type server struct {
	cmd       *exec.Cmd
	addr      string
	adminAddr string      // when serve was given --admin-addr
	output    *syncBuffer // stdout, for what serve prints
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve starts `ecsd serve` on a free loopback port and waits until it
// listens.
func serve(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, output: &syncBuffer{}}
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		_, _ = s.cmd.Process.Wait()
	})
	lines := bufio.NewScanner(stdout)
	deadline := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	wantAdmin := slices.Contains(args, "--admin-addr")
	for lines.Scan() {
		line := lines.Text()
		fmt.Fprintln(s.output, line)
		if rest, ok := strings.CutPrefix(line, "ecsd is serving on "); ok {
			_, s.addr, _ = strings.Cut(strings.Fields(rest)[0], "://")
		}
		if rest, ok := strings.CutPrefix(line, "The admin API is on "); ok {
			_, s.adminAddr, _ = strings.Cut(strings.Fields(rest)[0], "://")
		}
		if s.addr != "" && (!wantAdmin || s.adminAddr != "") {
			go func() { _, _ = io.Copy(s.output, stdout) }()
			return s
		}
	}
	t.Fatalf("ecsd serve exited before listening; it printed:\n%s", s.output)
	return nil
}

// stop sends sig and waits for the process to end.
func (s *server) stop(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("ecsd did not stop within 20s of %v", sig)
	}
}

func (s *server) client(t *testing.T, keyID, secret string) *classicecs.Client {
	t.Helper()
	c, err := classicecs.NewClientWithAccessKey("cn-hangzhou", keyID, secret)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = s.addr
	return c
}

// statuses lists every instance of the region with its status.
func statuses(t *testing.T, c *classicecs.Client) map[string]string {
	t.Helper()
	out := map[string]string{}
	for page := 1; ; page++ {
		req := classicecs.CreateDescribeInstanceStatusRequest()
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(50)
		resp, err := c.DescribeInstanceStatus(req)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range resp.InstanceStatuses.InstanceStatus {
			out[s.InstanceId] = s.Status
		}
		if page*50 >= resp.TotalCount {
			return out
		}
	}
}

// aliyunImage is an image of the Alibaba catalog the tests launch from.
const aliyunImage = "aliyun_3_x64_20G_alibase_20240819.vhd"

func runInstances(c *classicecs.Client, amount int) ([]string, error) {
	req := classicecs.CreateRunInstancesRequest()
	req.ImageId, req.InstanceType, req.Amount = aliyunImage, "ecs.g7.large", requests.NewInteger(amount)
	resp, err := c.RunInstances(req)
	if err != nil {
		return nil, err
	}
	return resp.InstanceIdSets.InstanceIdSet, nil
}
