package app_test

import (
	"context"
	"os"
	"path/filepath"
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
		{"mysql://root:s3cret@db:3306/ecsd", "mysql://root:xxxxx@db:3306/ecsd"},
		{"mysql://root:s3cret@db:bad port/ecsd", "mysql://(unparsable URL)"},
		{"host=db user=ecsd password=s3cret dbname=ecsd", "host=db user=ecsd password=xxxxx dbname=ecsd"},
		{"host=db password = 's3 cr\\'et' dbname=ecsd", "host=db password = xxxxx dbname=ecsd"},
		{"user=ecsd PASSWORD=s3cret", "user=ecsd PASSWORD=xxxxx"},
		{"host=db sslpassword=s3cret sslkey=k.pem", "host=db sslpassword=xxxxx sslkey=k.pem"},
		{"postgres://db/ecsd?sslpassword=s3cret&sslkey=k.pem", "postgres://db/ecsd?sslkey=k.pem&sslpassword=xxxxx"},
	} {
		got := app.RedactDSN(c.dsn)
		if got != c.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", c.dsn, got, c.want)
		}
		if strings.Contains(got, "s3") {
			t.Errorf("RedactDSN(%q) = %q shows the password", c.dsn, got)
		}
	}
}

// TestCheckDSN: --db takes an SQLite path, a postgres:// URL or memory://;
// another scheme and the libpq key=value form are refused with a message
// naming what is supported, never with the password.
func TestCheckDSN(t *testing.T) {
	for _, c := range []struct {
		name, dsn string
		refused   string // what the message says, "" when accepted
	}{
		{"sqlite file", "ecsd.db", ""},
		{"sqlite path", "/var/lib/ecsd/ecsd.db", ""},
		{"a file name with an equals sign", "data=1.db", ""},
		{"postgres", "postgres://ecsd:s3cret@db/ecsd", ""},
		{"postgresql", "postgresql://db/ecsd", ""},
		{"memory", "memory://", ""},
		{"empty", "", "no database given"},
		{"mysql", "mysql://root:s3cret@db/ecsd", `scheme "mysql"`},
		{"sqlite URL", "sqlite:///var/lib/ecsd.db", `scheme "sqlite"`},
		{"jdbc", "jdbc:postgresql://db/ecsd", `scheme "jdbc:postgresql"`},
		{"libpq", "host=db user=ecsd password=s3cret dbname=ecsd", "libpq key=value"},
		{"libpq with spaces", "  dbname = ecsd", "libpq key=value"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := app.CheckDSN(c.dsn)
			if c.refused == "" {
				if err != nil {
					t.Fatalf("CheckDSN = %v, want accepted", err)
				}
				return
			}
			if err == nil {
				t.Fatal("CheckDSN accepted it")
			}
			msg := err.Error()
			if !strings.Contains(msg, c.refused) || !strings.Contains(msg, "postgres://") || !strings.Contains(msg, "SQLite") {
				t.Errorf("message %q does not say %q and name the supported forms", msg, c.refused)
			}
			if strings.Contains(msg, "s3cret") {
				t.Errorf("message %q shows the password", msg)
			}
		})
	}
}

// TestOpenRefusesUnsupportedWithoutAFile: a DSN of another form is
// refused, and no file named after it (password and all) is created.
func TestOpenRefusesUnsupportedWithoutAFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, dsn := range []string{"mysql://root:s3cret@db/ecsd", "host=db password=s3cret dbname=ecsd"} {
		if _, err := app.OpenStore(context.Background(), dsn); err == nil {
			t.Errorf("OpenStore(%q) succeeded", app.RedactDSN(dsn))
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files were made: %v", entries)
	}
}

// TestOpenExistingStore: a command that only reads does not leave a new
// empty store behind.
func TestOpenExistingStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	_, err := app.OpenExistingStore(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("OpenExistingStore of a missing file = %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the file was made: %v", err)
	}
	s, err := app.OpenStore(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = app.OpenExistingStore(context.Background(), path)
	if err != nil {
		t.Fatalf("OpenExistingStore of an existing store: %v", err)
	}
	s.Close()
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
	if !strings.Contains(err.Error(), "xxxxx") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Fatalf("the error does not name the store and where it is: %v", err)
	}
}
