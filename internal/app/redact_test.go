package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/app"
)

func TestRedactDSN(t *testing.T) {
	for _, c := range []struct{ dsn, want string }{
		{"ecsd.db", "ecsd.db"},
		{"/var/lib/ecsd/ecsd.db", "/var/lib/ecsd/ecsd.db"},
		{"postgres://ecsd@db:5432/ecsd", "postgres://ecsd@db:5432/ecsd"},
		{"postgres://ecsd:s3cret@db:5432/ecsd?sslmode=disable", "postgres://ecsd:xxxxx@db:5432/ecsd?sslmode=disable"},
		{"postgresql://ecsd@db/ecsd?password=s3cret&sslmode=require", "postgresql://ecsd@db/ecsd?password=xxxxx&sslmode=require"},
		{"postgres://ecsd:s3cret@db:bad port/ecsd", "postgres://(unparsable URL)"},
	} {
		if got := app.RedactDSN(c.dsn); got != c.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", c.dsn, got, c.want)
		}
	}
}

// A store that cannot be opened is named in the error without its password.
func TestOpenErrorHidesPassword(t *testing.T) {
	// Port 1 on loopback refuses at once.
	_, err := app.Open(context.Background(), app.Config{DB: "postgres://ecsd:s3cret@127.0.0.1:1/ecsd?connect_timeout=2"})
	if err == nil {
		t.Fatal("Open of an unreachable PostgreSQL succeeded")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("the error shows the password: %v", err)
	}
	if !strings.Contains(err.Error(), "xxxxx") {
		t.Fatalf("the error does not name the store: %v", err)
	}
}
