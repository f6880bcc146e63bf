package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ecsd/ecsd/internal/compute"
)

// openError says why Open failed, for the person starting ecsd: which
// server (host and port), which database or user, and what went wrong, in
// words, as the Message of a domain error (Unavailable when the server
// cannot be reached or cannot take a connection now, Internal otherwise),
// which is what the ecsd command shows. It never holds the password:
// pgx's errors do not, and the DSN is not quoted. Open's errors go to the
// operator, never to an API client.
func openError(cfg *pgx.ConnConfig, err error) error {
	if e, ok := err.(*compute.Error); ok && e.Err != nil {
		err = e.Err
	}
	msg, code := describeOpenError(cfg, err)
	return &compute.Error{Code: code, Op: "open", Message: msg, Err: err}
}

// describeOpenError is openError's sentence and code.
func describeOpenError(cfg *pgx.ConnConfig, err error) (string, compute.Code) {
	where := net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	var (
		pe *pgconn.PgError
		ne *net.OpError
		de *net.DNSError
	)
	switch {
	case errors.As(err, &pe):
		switch pe.Code {
		case "3D000": // invalid_catalog_name
			return fmt.Sprintf("the database %q does not exist on the PostgreSQL server at %s (create it first, e.g. createdb -h %s -p %d %s)",
				cfg.Database, where, cfg.Host, cfg.Port, cfg.Database), compute.Internal
		case "28P01": // invalid_password
			return fmt.Sprintf("the PostgreSQL server at %s refused the password of user %q", where, cfg.User), compute.Internal
		case "28000": // invalid_authorization_specification
			return fmt.Sprintf("the PostgreSQL server at %s refused user %q: %s", where, cfg.User, pe.Message), compute.Internal
		case "3F000": // invalid_schema_name
			return fmt.Sprintf("the schema named by search_path does not exist in database %q at %s: %s", cfg.Database, where, pe.Message), compute.Internal
		case "42501": // insufficient_privilege
			return fmt.Sprintf("user %q may not create or change ecsd's tables in database %q at %s: %s", cfg.User, cfg.Database, where, pe.Message), compute.Internal
		case "53300": // too_many_connections
			return fmt.Sprintf("the PostgreSQL server at %s has no connection to spare (max_connections): %s", where, pe.Message), compute.Unavailable
		case "57P03": // cannot_connect_now
			return fmt.Sprintf("the PostgreSQL server at %s is starting or stopping: %s", where, pe.Message), compute.Unavailable
		}
		return fmt.Sprintf("the PostgreSQL server at %s (database %q, user %q) answered: %s (SQLSTATE %s)", where, cfg.Database, cfg.User, pe.Message, pe.Code), compute.Internal
	case errors.As(err, &de):
		return fmt.Sprintf("cannot reach PostgreSQL at %s: the host name does not resolve (%s)", where, de.Err), compute.Unavailable
	case errors.As(err, &ne):
		return fmt.Sprintf("cannot reach PostgreSQL at %s: %v", where, ne.Err), compute.Unavailable
	case errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err):
		return fmt.Sprintf("cannot reach PostgreSQL at %s: no answer within the connect timeout (%s; connect_timeout in the URL changes it)", where, cfg.ConnectTimeout), compute.Unavailable
	}
	return fmt.Sprintf("opening database %q at %s as user %q: %v", cfg.Database, where, cfg.User, err), compute.Internal
}
