package app_test

import (
	"errors"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// blackhole is a TCP proxy to PostgreSQL that, once dropping, forwards
// nothing more in either direction on any connection, old or new, and
// closes none: a database behind a network that silently drops packets.
type blackhole struct {
	ln       net.Listener
	target   string
	dropping atomic.Bool
	mu       sync.Mutex
	conns    []net.Conn
}

func newBlackhole(t *testing.T, target string) *blackhole {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &blackhole{ln: ln, target: target}
	go b.accept()
	t.Cleanup(func() {
		ln.Close()
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, c := range b.conns {
			c.Close()
		}
	})
	return b
}

func (b *blackhole) accept() {
	for {
		client, err := b.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", b.target)
		if err != nil {
			client.Close()
			continue
		}
		b.mu.Lock()
		b.conns = append(b.conns, client, server)
		b.mu.Unlock()
		go b.pipe(server, client)
		go b.pipe(client, server)
	}
}

// pipe copies from src to dst while not dropping, and swallows what src
// sends after.
func (b *blackhole) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !b.dropping.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// TestDeadlineAgainstBlackholedPostgres: with PostgreSQL silently
// dropping everything on the pooled connections, a request is answered
// once --request-timeout (2 s here) has passed, with each vendor's
// unavailable error, through each vendor's client. The outer guard of
// each call is generous (60 s); before the deadline existed, calls hung
// for minutes.
func TestDeadlineAgainstBlackholedPostgres(t *testing.T) {
	dsn, err := url.Parse(pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	hole := newBlackhole(t, dsn.Host)
	dsn.Host = hole.ln.Addr().String()
	env := apptest.Start(t, apptest.Options{DB: dsn.String(), Configure: func(c *app.Config) { c.RequestTimeout = 2 * time.Second }})
	// Closing the store needs its connections back.
	t.Cleanup(func() { hole.dropping.Store(false) })

	classic, err := classicecs.NewClientWithAccessKey("cn-hangzhou", apptest.AccessKeyID, apptest.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	classic.Domain = env.Host
	tencent := tencentClient(t, env)
	zen := zenlayertest.New(t, env.Host, apptest.AccessKeyID, apptest.AccessKeySecret)

	calls := []struct {
		vendor string
		call   func() error
		code   func(error) (int, string)
		status int
		want   string
	}{
		{"aliyun classic", func() error {
			_, err := classic.DescribeInstances(classicecs.CreateDescribeInstancesRequest())
			return err
		}, func(err error) (int, string) {
			var se *sdkerrors.ServerError
			if !errors.As(err, &se) {
				t.Fatalf("not the classic SDK's ServerError: %T %v", err, err)
			}
			return se.HttpStatus(), se.ErrorCode()
		}, 503, "ServiceUnavailable"},
		{"tencent", func() error {
			_, err := tencent.DescribeInstances(cvm.NewDescribeInstancesRequest())
			return err
		}, func(err error) (int, string) { return 200, tencentCode(t, err) }, 200, "ServiceUnavailable"},
		{"zenlayer", func() error {
			_, err := zen.DescribeInstances(&zenlayertest.DescribeInstancesRequest{})
			return err
		}, func(err error) (int, string) { return zenlayerCode(t, err) }, 503, "SERVICE_TEMPORARY_UNAVAILABLE"},
	}
	// Each client works, and the store's pool holds connections.
	for _, c := range calls {
		if err := c.call(); err != nil {
			t.Fatalf("%s before the black hole: %v", c.vendor, err)
		}
	}
	hole.dropping.Store(true)
	for _, c := range calls {
		done := make(chan error, 1)
		go func() { done <- c.call() }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s: answered without its store", c.vendor)
				continue
			}
			if status, code := c.code(err); status != c.status || code != c.want {
				t.Errorf("%s: got %d %s, want %d %s", c.vendor, status, code, c.status, c.want)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("%s: no answer within a minute", c.vendor)
		}
	}
}
