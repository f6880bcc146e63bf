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
// words. It never holds the password: pgx's errors do not, and the DSN is
// not quoted.
func openError(cfg *pgx.ConnConfig, err error) error {
	if e, ok := err.(*compute.Error); ok && e.Err != nil {
		err = e.Err
	}
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
			return fmt.Errorf("the database %q does not exist on the PostgreSQL server at %s (create it first, e.g. createdb -h %s -p %d %s)",
				cfg.Database, where, cfg.Host, cfg.Port, cfg.Database)
		case "28P01": // invalid_password
			return fmt.Errorf("the PostgreSQL server at %s refused the password of user %q", where, cfg.User)
		case "28000": // invalid_authorization_specification
			return fmt.Errorf("the PostgreSQL server at %s refused user %q: %s", where, cfg.User, pe.Message)
		case "3F000": // invalid_schema_name
			return fmt.Errorf("the schema named by search_path does not exist in database %q at %s: %s", cfg.Database, where, pe.Message)
		case "42501": // insufficient_privilege
			return fmt.Errorf("user %q may not create or change ecsd's tables in database %q at %s: %s", cfg.User, cfg.Database, where, pe.Message)
		case "53300": // too_many_connections
			return fmt.Errorf("the PostgreSQL server at %s has no connection to spare (max_connections): %s", where, pe.Message)
		case "57P03": // cannot_connect_now
			return fmt.Errorf("the PostgreSQL server at %s is starting or stopping: %s", where, pe.Message)
		}
		return fmt.Errorf("the PostgreSQL server at %s (database %q, user %q) answered: %s (SQLSTATE %s)", where, cfg.Database, cfg.User, pe.Message, pe.Code)
	case errors.As(err, &de):
		return fmt.Errorf("cannot reach PostgreSQL at %s: the host name does not resolve (%s)", where, de.Err)
	case errors.As(err, &ne):
		return fmt.Errorf("cannot reach PostgreSQL at %s: %v", where, ne.Err)
	case errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err):
		return fmt.Errorf("cannot reach PostgreSQL at %s: no answer within the connect timeout (%s; connect_timeout in the URL changes it)", where, cfg.ConnectTimeout)
	}
	return fmt.Errorf("opening database %q at %s as user %q: %w", cfg.Database, where, cfg.User, err)
}
