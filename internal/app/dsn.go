package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/ecsd/ecsd/internal/store/memory"
	"github.com/ecsd/ecsd/internal/store/postgres"
	"github.com/ecsd/ecsd/internal/store/sqlite"
)

// MemoryDSN names the store in memory: everything it holds is gone when
// the process ends.
const MemoryDSN = "memory://"

// SupportedDSNs says which stores --db names, for messages.
const SupportedDSNs = "an SQLite file path, a postgres:// (or postgresql://) URL, or memory://"

// schemeRE finds a URL scheme: what comes before "://", with no '/' in it.
var schemeRE = regexp.MustCompile(`^([^/]*)://`)

// libpqRE finds the first key of a libpq key=value string; libpqKeys are
// the keys that make it one rather than an odd file name.
var libpqRE = regexp.MustCompile(`^\s*([A-Za-z_]+)\s*=`)

var libpqKeys = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "password": true,
	"passfile": true, "sslmode": true, "sslrootcert": true, "sslcert": true, "sslkey": true,
	"connect_timeout": true, "application_name": true, "options": true, "service": true,
	"target_session_attrs": true, "search_path": true,
}

// CheckDSN refuses a DSN that names no store ecsd supports: a URL of
// another scheme (mysql://, sqlite://, ...), which would otherwise be taken
// for a file name, and the libpq key=value form, which ecsd does not take
// (a postgres:// URL says the same). The message names the supported
// forms and never shows a password.
func CheckDSN(dsn string) error {
	if strings.TrimSpace(dsn) == "" {
		return errors.New("no database given: --db (or ECSD_DB) takes " + SupportedDSNs)
	}
	if dsn == MemoryDSN || IsPostgres(dsn) {
		return nil
	}
	if m := schemeRE.FindStringSubmatch(dsn); m != nil {
		return fmt.Errorf("the database %s has the scheme %q, which ecsd does not support: --db takes %s",
			RedactDSN(dsn), m[1], SupportedDSNs)
	}
	if m := libpqRE.FindStringSubmatch(dsn); m != nil && libpqKeys[strings.ToLower(m[1])] {
		return fmt.Errorf("the database %s is a libpq key=value string, which ecsd does not take: give it as a URL, "+
			"postgres://USER:PASSWORD@HOST:PORT/DBNAME?sslmode=MODE (--db takes %s)", RedactDSN(dsn), SupportedDSNs)
	}
	return nil
}

// RedactDSN returns dsn fit for logs and messages: a URL without its
// password (in the user info or a password parameter), a libpq key=value
// string with its password hidden, an SQLite path as it is.
func RedactDSN(dsn string) string {
	if m := schemeRE.FindStringSubmatch(dsn); m != nil {
		u, err := url.Parse(dsn)
		if err != nil {
			// An unparsable URL may hold a password anywhere.
			return m[1] + "://(unparsable URL)"
		}
		q, hidden := u.Query(), false
		for name := range q {
			// password, and sslpassword (the client key's) too.
			if strings.Contains(strings.ToLower(name), "password") {
				q.Set(name, "xxxxx")
				hidden = true
			}
		}
		if hidden {
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	if m := libpqRE.FindStringSubmatch(dsn); m != nil && libpqKeys[strings.ToLower(m[1])] {
		return libpqPasswordRE.ReplaceAllString(dsn, "${1}xxxxx")
	}
	return dsn
}

// libpqPasswordRE finds the value of a password key (password,
// sslpassword): quoted (with \' escapes) or up to the next space.
var libpqPasswordRE = regexp.MustCompile(`(?i)(\b\w*password\s*=\s*)('(?:\\.|[^'\\])*'?|\S*)`)

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// OpenStore opens the store named by dsn: memory://, a postgres:// URL,
// or an SQLite file path, created when missing. Any other DSN is refused
// (see CheckDSN).
func OpenStore(ctx context.Context, dsn string) (Store, error) {
	if err := CheckDSN(dsn); err != nil {
		return nil, err
	}
	if dsn == MemoryDSN {
		return memory.New(), nil
	}
	if IsPostgres(dsn) {
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	s, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// OpenExistingStore is OpenStore for commands that only read or change
// what a store holds already: an SQLite file that does not exist is an
// error, not a new empty store left behind.
func OpenExistingStore(ctx context.Context, dsn string) (Store, error) {
	if err := CheckDSN(dsn); err != nil {
		return nil, err
	}
	if dsn != MemoryDSN && !IsPostgres(dsn) {
		if _, err := os.Stat(dsn); errors.Is(err, os.ErrNotExist) {
			return nil, errors.New("it does not exist (ecsd serve and ecsd account create make a store; a command that only reads or changes one does not)")
		} else if err != nil {
			return nil, err
		}
	}
	return OpenStore(ctx, dsn)
}
