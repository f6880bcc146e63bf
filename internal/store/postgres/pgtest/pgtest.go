// Package pgtest gives each test a PostgreSQL database of its own: a fresh
// schema on the server named by the environment variable ECSD_TEST_POSTGRES,
// dropped when the test ends. Tests in several packages can so share one
// server at once.
//
// Without ECSD_TEST_POSTGRES a test skips, unless the environment variable
// CI is set: in CI a PostgreSQL test fails, never skips.
package pgtest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the environment variable with the DSN of the test server,
// e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable. Its user
// must be allowed to create schemas in its database.
const EnvDSN = "ECSD_TEST_POSTGRES"

// DSN returns the DSN of a new, empty schema, which is the search_path and
// the application_name of every connection opened with it; the schema and
// everything in it is dropped when t ends.
func DSN(t testing.TB) string {
	t.Helper()
	base := BaseDSN(t)
	schema := "ecsd_test_" + strings.ToLower(rand.Text()[:16])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connecting to $%s: %v", EnvDSN, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	dsn, err := withParams(base, map[string]string{"search_path": schema, "application_name": schema})
	if err != nil {
		t.Fatalf("pgtest: $%s: %v", EnvDSN, err)
	}
	t.Cleanup(func() { drop(t, base, schema) })
	return dsn
}

// BaseDSN returns the DSN of $ECSD_TEST_POSTGRES as it is, or skips t when
// it is unset outside CI, or fails t when it is unset in CI.
func BaseDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDSN)
	if base == "" {
		if ci := os.Getenv("CI"); ci != "" && ci != "false" && ci != "0" {
			t.Fatalf("CI is set and $%s is not: the PostgreSQL tests must run in CI", EnvDSN)
		}
		t.Skipf("PostgreSQL tests skipped: set $%s to a DSN to run them, e.g. %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
			EnvDSN, EnvDSN)
	}
	return base
}

// Addr is the host:port of the server dsn names, in either form of DSN.
func Addr(t testing.TB, dsn string) string {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
}

// WithAddr returns dsn pointed at addr, a host:port, instead of its server
// (a proxy in front of it, say), in either form of DSN.
func WithAddr(t testing.TB, dsn, addr string) string {
	t.Helper()
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	// A host and port given as parameters win over those of a URL.
	return WithParams(t, dsn, map[string]string{"host": host, "port": port})
}

// WithParams returns dsn with params added, in either form of DSN; they
// win over any of the same name.
func WithParams(t testing.TB, dsn string, params map[string]string) string {
	t.Helper()
	out, err := withParams(dsn, params)
	if err != nil {
		t.Fatalf("pgtest: $%s: %v", EnvDSN, err)
	}
	return out
}

// Terminate ends every server session opened with dsn, a DSN that DSN
// returned, as a restart of PostgreSQL would, and reports how many there
// were. Sessions are told apart by their application_name.
func Terminate(t testing.TB, dsn string) int {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	name := cfg.RuntimeParams["application_name"]
	if !strings.HasPrefix(name, "ecsd_test_") {
		t.Fatalf("pgtest: Terminate takes a DSN that DSN returned")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n, err := terminate(ctx, BaseDSN(t), name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return n
}

func terminate(ctx context.Context, base, name string) (int, error) {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE application_name = $1 AND pid <> pg_backend_pid()) t`, name).Scan(&n)
	return n, err
}

// drop ends the sessions of a schema, which may hold locks, and drops it.
func drop(t testing.TB, base, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := terminate(ctx, base, schema); err != nil {
		t.Errorf("pgtest: ending the sessions of schema %s: %v", schema, err)
		return
	}
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Errorf("pgtest: dropping schema %s: %v", schema, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		t.Errorf("pgtest: dropping schema %s: %v", schema, err)
	}
}

// withParams sets parameters of a DSN, a URL or key=value pairs.
func withParams(dsn string, params map[string]string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("not a valid URL")
		}
		q := u.Query()
		for k, v := range params {
			q.Set(k, v)
		}
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	// Later pairs win; the values are plain identifiers, with no quotes
	// to escape.
	for k, v := range params {
		dsn += " " + k + "=" + v
	}
	return strings.TrimSpace(dsn), nil
}
