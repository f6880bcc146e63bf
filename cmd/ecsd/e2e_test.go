package main_test

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
)

// TestRestartKeepsEverything: instances and their statuses survive a
// graceful restart, and so does the account created from the command line.
func TestRestartKeepsEverything(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ecsd.db")
	if _, stderr, code := ecsd(t, nil, "account", "create", "a1", "--access-key-id", "AK", "--access-key-secret", "SK", "--db", db); code != 0 {
		t.Fatalf("account create failed (%d): %s", code, stderr)
	}
	s := serve(t, "--db", db, "--transition-delay", "0")
	c := s.client(t, "AK", "SK")
	ids, err := runInstances(c, 5)
	if err != nil {
		t.Fatal(err)
	}
	stop := classicecs.CreateStopInstanceRequest()
	stop.InstanceId = ids[2]
	if _, err := c.StopInstance(stop); err != nil {
		t.Fatal(err)
	}
	before := statuses(t, c)
	if len(before) != 5 || before[ids[2]] != "Stopped" || before[ids[0]] != "Running" {
		t.Fatalf("before the restart: %v", before)
	}
	s.stop(t, syscall.SIGTERM)

	s = serve(t, "--db", db, "--transition-delay", "0")
	if strings.Contains(s.output.String(), "AccessKeySecret") {
		t.Errorf("a restart on a store with accounts printed a key:\n%s", s.output)
	}
	after := statuses(t, s.client(t, "AK", "SK"))
	if !maps.Equal(before, after) {
		t.Fatalf("after the restart:\n got %v\nwant %v", after, before)
	}
}

// TestCrashLosesNoAcknowledgedWrite: kill -9 during a burst of
// RunInstances; every instance whose call succeeded is there afterwards.
func TestCrashLosesNoAcknowledgedWrite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ecsd.db")
	if _, stderr, code := ecsd(t, nil, "account", "create", "a1", "--access-key-id", "AK", "--access-key-secret", "SK", "--db", db); code != 0 {
		t.Fatalf("account create failed (%d): %s", code, stderr)
	}
	s := serve(t, "--db", db)
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := s.client(t, "AK", "SK")
			for i := 0; ; i++ {
				ids, err := runInstances(c, 1+(w+i)%3)
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				acked = append(acked, ids...)
				mu.Unlock()
			}
		}()
	}
	// Let the burst run, then kill without warning.
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = s.cmd.Process.Wait()
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("no RunInstances call succeeded before the kill")
	}

	s = serve(t, "--db", db)
	found := statuses(t, s.client(t, "AK", "SK"))
	if lost := missing(acked, found); len(lost) > 0 {
		t.Fatalf("%d of %d acknowledged instances are gone after kill -9: %v", len(lost), len(acked), lost)
	}
	t.Logf("%d acknowledged instances, all present after kill -9 (%d in the store)", len(acked), len(found))
}

// TestFirstServePrintsDefaultKey: on an empty store, serve creates an
// account and prints its key once; the key works.
func TestFirstServePrintsDefaultKey(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fresh.db")
	s := serve(t, "--db", db)
	out := s.output.String()
	var keyID, secret string
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "AccessKeyId:"); ok {
			keyID = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "AccessKeySecret:"); ok {
			secret = strings.TrimSpace(v)
		}
	}
	if keyID == "" || secret == "" {
		t.Fatalf("serve on an empty store printed no key:\n%s", out)
	}
	if got := statuses(t, s.client(t, keyID, secret)); len(got) != 0 {
		t.Fatalf("a fresh store lists %v", got)
	}
	if info, err := os.Stat(db); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the store file: %v, mode %v; want 0600", err, info.Mode().Perm())
	}
}

// TestEnvironment: ECSD_DB and ECSD_ADDR stand in for the flags.
func TestEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	if _, stderr, code := ecsd(t, []string{"ECSD_DB=" + db}, "account", "create", "envtest"); code != 0 {
		t.Fatalf("account create with ECSD_DB failed: %s", stderr)
	}
	out, _, code := ecsd(t, []string{"ECSD_DB=" + db}, "account", "list")
	if code != 0 || !strings.Contains(out, "envtest") {
		t.Fatalf("account list with ECSD_DB: %d %q", code, out)
	}
	_, stderr, code := ecsd(t, []string{"ECSD_DB=" + db, "ECSD_ADDR=not-an-address"}, "serve")
	if code == 0 || !strings.Contains(stderr, "not-an-address") {
		t.Fatalf("serve with a bad ECSD_ADDR: exit %d, %q", code, stderr)
	}
}

// TestCommandLineErrors: mistakes get one clear sentence and a non-zero exit.
func TestCommandLineErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.db")
	if _, _, code := ecsd(t, nil, "account", "create", "dup", "--db", db); code != 0 {
		t.Fatal("first account create failed")
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"launch"}, `unknown command "launch"`},
		{"unknown flag", []string{"serve", "--port", "1"}, "unknown flag: --port"},
		{"account create without a name", []string{"account", "create", "--db", db}, "expected an account NAME"},
		{"half a key pair", []string{"account", "create", "x", "--access-key-id", "AK", "--db", db}, "give both --access-key-id and --access-key-secret"},
		{"duplicate account", []string{"account", "create", "dup", "--db", db}, `an account named "dup"`},
		{"bad account name", []string{"account", "create", "no spaces", "--db", db}, "account name"},
		{"negative delay", []string{"serve", "--transition-delay", "-1s", "--db", db}, "must not be negative"},
		{"bad delay", []string{"serve", "--transition-delay", "soon", "--db", db}, "invalid argument"},
		{"bad log format", []string{"serve", "--log-format", "xml", "--db", db}, "--log-format must be text or json"},
		{"missing catalog file", []string{"serve", "--catalog", "/nonexistent.json", "--db", db}, "reading catalog file"},
		{"store in a missing directory", []string{"account", "list", "--db", "/nonexistent/dir/ecsd.db"}, "opening store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := ecsd(t, nil, tt.args...)
			if code == 0 {
				t.Fatalf("exit code 0, want failure")
			}
			if !strings.Contains(stderr, tt.want) || !strings.HasPrefix(stderr, "ecsd: ") {
				t.Fatalf("stderr %q, want one line starting with \"ecsd: \" and containing %q", stderr, tt.want)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("stderr has several lines: %q", stderr)
			}
		})
	}
	out, _, code := ecsd(t, nil, "serve", "--help")
	if code != 0 || !strings.Contains(out, "--transition-delay") || !strings.Contains(out, "--addr") {
		t.Errorf("serve --help: %d %q", code, out)
	}
}

// missing lists the IDs of want that found lacks.
func missing(want []string, found map[string]string) []string {
	var out []string
	for _, id := range want {
		if _, ok := found[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}
