package postgres

import (
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// refusingServer answers every connection as a PostgreSQL server that
// refuses the login with code and message, and returns its address.
func refusingServer(t *testing.T, code, message string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				backend := pgproto3.NewBackend(conn, conn)
				for {
					msg, err := backend.ReceiveStartupMessage()
					if err != nil {
						return
					}
					if _, ok := msg.(*pgproto3.SSLRequest); ok {
						if _, err := conn.Write([]byte("N")); err != nil {
							return
						}
						continue
					}
					break
				}
				backend.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: code, Message: message})
				_ = backend.Flush()
			}()
		}
	}()
	return ln.Addr().String()
}

// TestOpenErrorsSayWhy: a store that cannot be opened is described for
// the person starting ecsd, by what went wrong and where, never with the
// password and never as a bare "internal error".
func TestOpenErrorsSayWhy(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := closed.Addr().String()
	closed.Close()
	refusing := refusingServer(t, "28P01", `password authentication failed for user "ecsd"`)
	for _, c := range []struct {
		name string
		dsn  string
		code compute.Code
		want []string
	}{
		{"wrong password", "postgres://ecsd:s3cret@" + refusing + "/ecsd?sslmode=disable&connect_timeout=5", compute.Internal,
			[]string{refusing, `refused the password of user "ecsd"`}},
		{"server down", "postgres://ecsd:s3cret@" + down + "/ecsd?sslmode=disable&connect_timeout=5", compute.Unavailable,
			[]string{"cannot reach PostgreSQL at " + down, "connection refused"}},
		{"host unknown", "postgres://ecsd:s3cret@no-such-host.invalid:5432/ecsd?sslmode=disable&connect_timeout=5", compute.Unavailable,
			[]string{"cannot reach PostgreSQL at no-such-host.invalid:5432", "does not resolve"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(t.Context(), c.dsn)
			if err == nil {
				t.Fatal("Open succeeded")
			}
			// The command shows the domain error's message alone: it
			// must say it all.
			e, ok := compute.AsError(err)
			if !ok || e.Code != c.code {
				t.Fatalf("Open = %v, want a %s domain error", err, c.code)
			}
			for _, w := range c.want {
				if !strings.Contains(e.Message, w) {
					t.Errorf("message %q does not say %q", e.Message, w)
				}
			}
			if strings.Contains(err.Error(), "s3cret") || strings.Contains(e.Message, "s3cret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

// TestOpenErrorMissingDatabase: a URL naming a database the server lacks
// says so, with the host and port.
func TestOpenErrorMissingDatabase(t *testing.T) {
	u, err := url.Parse(pgtest.BaseDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/ecsd_no_such_database"
	_, err = Open(t.Context(), u.String())
	if err == nil {
		t.Fatal("Open of a missing database succeeded")
	}
	e, _ := compute.AsError(err)
	for _, w := range []string{`"ecsd_no_such_database" does not exist`, u.Host} {
		if e == nil || !strings.Contains(e.Message, w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}
