package zenlayer_test

import (
	"context"
	"testing"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/dialect/zenlayer/zenlayertest"
)

// client is the test client of package zenlayertest, written from the
// reference alone, with this package's helpers added.
type client struct {
	*zenlayertest.Client
	// vpcID and subnets are the network the client's instances go in,
	// made on first use: one VPC, a subnet per region.
	vpcID   string
	subnets map[string]string
}

// env is a running ecsd the tests drive.
type env struct {
	baseURL, host string
	clock         *computetest.Clock
	app           *app.App
}

func start(t testing.TB, opts apptest.Options) *env {
	t.Helper()
	e := apptest.Start(t, opts)
	return &env{baseURL: e.URL, host: e.Host, clock: e.Clock, app: e.App}
}

// startRecycleBin starts ecsd with Zenlayer's recycle bin on.
func startRecycleBin(t testing.TB) *env {
	t.Helper()
	return start(t, apptest.Options{Configure: func(c *app.Config) { c.ZenlayerRecycleBin = true }})
}

func (e *env) newAccount(t testing.TB, name, keyID, secret string) auth.AccessKey {
	t.Helper()
	acct, key, err := auth.NewAccount(name, keyID, secret, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.Accounts.CreateAccount(context.Background(), acct, key); err != nil {
		t.Fatal(err)
	}
	return key
}

// client returns a client signing with the given key and the env's clock.
func (e *env) client(t testing.TB, keyID, password string) *client {
	c := zenlayertest.New(t, e.host, keyID, password)
	c.BaseURL, c.Now = e.baseURL, e.clock.Now
	return &client{Client: c, subnets: map[string]string{}}
}

// a1 is the client of the account every env starts with.
func (e *env) a1(t testing.TB) *client {
	return e.client(t, apptest.AccessKeyID, apptest.AccessKeySecret)
}
