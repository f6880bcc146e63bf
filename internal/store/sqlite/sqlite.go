// Package sqlite is ecsd's embedded store: instances, accounts and keys in
// one SQLite file, through the portable SQL of package sqlstore. Its schema
// migrations are embedded and applied on Open.
//
// The file is in WAL mode with synchronous=FULL, so a committed write
// survives a crash or a power loss. Reads go through a pool of read-only
// connections that never wait for the writer; writes through one
// connection whose transactions take the write lock when they begin
// (BEGIN IMMEDIATE), so they serialise instead of failing as busy halfway.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"

	"github.com/ecsd/ecsd/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite store. It implements compute.Store and auth.Store
// through the embedded *sqlstore.Store.
type Store struct {
	*sqlstore.Store
	read, write *sql.DB
}

// busyTimeoutMS is how long a connection waits for a lock before failing
// as busy: the writer for another process's writer, a reader for a
// checkpoint.
const busyTimeoutMS = 10000

// stmtCacheSize is how many statements each connection keeps parsed
// besides the ones sqlstore prepares: those it builds per call (lists of
// IDs, filters), which repeat.
const stmtCacheSize = 64

// Open opens the store in the file at path, creating it (mode 0600) when
// it does not exist, and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	// SQLite would create the file with the umask's mode; keys are in it.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}

	s := &Store{}
	fail := func(err error) (*Store, error) {
		s.closeDBs()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s.write = sql.OpenDB(newConnector(abs, url.Values{
		"_txlock":          {"immediate"},
		"_journal_mode":    {"WAL"},
		"_synchronous":     {"FULL"},
		"_busy_timeout":    {fmt.Sprint(busyTimeoutMS)},
		"_foreign_keys":    {"1"},
		"_cslike":          {"1"},
		"_stmt_cache_size": {fmt.Sprint(stmtCacheSize)},
	}))
	// One writer: SQLite has one write lock per file, and a second
	// connection would only wait for it.
	s.write.SetMaxOpenConns(1)
	s.write.SetMaxIdleConns(1)
	s.write.SetConnMaxLifetime(0)
	s.write.SetConnMaxIdleTime(0)
	if err := migrate(ctx, s.write); err != nil {
		return fail(err)
	}

	s.read = sql.OpenDB(newConnector(abs, url.Values{
		"_query_only":      {"1"},
		"_busy_timeout":    {fmt.Sprint(busyTimeoutMS)},
		"_foreign_keys":    {"1"},
		"_cslike":          {"1"},
		"_stmt_cache_size": {fmt.Sprint(stmtCacheSize)},
	}))
	readers := max(4, runtime.GOMAXPROCS(0))
	s.read.SetMaxOpenConns(readers)
	s.read.SetMaxIdleConns(readers)
	s.read.SetConnMaxLifetime(0)
	s.read.SetConnMaxIdleTime(0)

	s.Store, err = sqlstore.New(ctx, sqlstore.Config{Read: s.read, Write: s.write, Flavor: flavor})
	if err != nil {
		return fail(err)
	}
	return s, nil
}

// Close closes the store. The last connection to close checkpoints the
// WAL into the file.
func (s *Store) Close() error {
	err := s.Store.Close()
	return errors.Join(err, s.closeDBs())
}

func (s *Store) closeDBs() error {
	var errs []error
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	if s.write != nil {
		errs = append(errs, s.write.Close())
	}
	return errors.Join(errs...)
}

// Ping reports whether the file can be read.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema`).Scan(&n); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// migrate applies the embedded migrations that the file lacks.
func migrate(ctx context.Context, db *sql.DB) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// connector opens connections with a DSN, each set up by the driver's
// ConnectHook; it spares registering a driver name process-wide.
type connector struct {
	dsn    string
	driver *sqlite3.SQLiteDriver
}

func newConnector(path string, params url.Values) connector {
	u := url.URL{Scheme: "file", Path: path, RawQuery: params.Encode()}
	return connector{dsn: u.String(), driver: &sqlite3.SQLiteDriver{ConnectHook: setup}}
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.driver }

// setup sets what the DSN cannot.
func setup(conn *sqlite3.SQLiteConn) error {
	_, err := conn.Exec(`PRAGMA temp_store = MEMORY`, nil)
	return err
}

// flavor is what SQLite needs of sqlstore: ? placeholders are native, and
// the one writer excludes every other, so there is nothing to lock.
var flavor = sqlstore.Flavor{Classify: classify}

func classify(err error) sqlstore.Fault {
	var e sqlite3.Error
	if !errors.As(err, &e) {
		if errors.Is(err, driver.ErrBadConn) {
			return sqlstore.FaultUnavailable
		}
		return sqlstore.FaultOther
	}
	switch {
	case e.ExtendedCode == sqlite3.ErrConstraintUnique, e.ExtendedCode == sqlite3.ErrConstraintPrimaryKey:
		return sqlstore.FaultUnique
	case e.Code == sqlite3.ErrBusy, e.Code == sqlite3.ErrLocked:
		return sqlstore.FaultRetry
	case e.Code == sqlite3.ErrCantOpen:
		return sqlstore.FaultUnavailable
	}
	return sqlstore.FaultOther
}
