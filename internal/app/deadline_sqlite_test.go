package app_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/app/apptest"
)

// TestDeadlineAgainstLockedSQLite: while another process holds the SQLite
// file's write lock (for longer than the store's 10 s busy timeout would
// wait), a launch is answered once --request-timeout (1 s here) has
// passed, with Tencent's unavailable error: the driver gives up its wait
// for the lock when the request's context ends.
func TestDeadlineAgainstLockedSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ecsd.db")
	env := apptest.Start(t, apptest.Options{DB: path, Configure: func(c *app.Config) { c.RequestTimeout = time.Second }})
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	c := tencentClient(t, env)
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- tencentRun(c, 1) }()
	select {
	case err := <-done:
		t.Logf("answered after %s", time.Since(start).Round(10*time.Millisecond))
		if code := tencentCode(t, err); code != "ServiceUnavailable" {
			t.Errorf("got %q, want ServiceUnavailable", code)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no answer within a minute")
	}
}
