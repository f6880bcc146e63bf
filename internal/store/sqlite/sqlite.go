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
	"sync"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ecsd/ecsd/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite store. It implements compute.Store and auth.Store
// through the embedded *sqlstore.Store.
type Store struct {
	*sqlstore.Store
	read, write *sql.DB

	// nonceDB writes nonces (see nonces.go).
	nonceDB   *sql.DB
	nonceStmt *sql.Stmt
	sweepOnce sync.Once
	closing   chan struct{} // closed by Close, to stop the sweeper
	closeOnce sync.Once
	bg        sync.WaitGroup

	path      string
	serveLock *os.File // held while served exclusively (see ServeExclusively)
}

// busyTimeoutMS is how long a connection waits for a lock before failing
// as busy: the writer for another process's writer, a reader for a
// checkpoint.
const busyTimeoutMS = 10000

// Open opens the store in the file at path, creating it when it does not
// exist, and brings its schema up to date. The file, and the WAL and
// shared-memory files beside it, are made readable by their owner alone
// (mode 0600) on every open: they hold the access keys.
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
	if err := restrict(abs); err != nil {
		return nil, err
	}

	s := &Store{closing: make(chan struct{}), path: abs}
	fail := func(err error) (*Store, error) {
		s.closeDBs()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s.write, err = sql.Open(driverName, dsn(abs, true, "journal_mode(WAL)", "synchronous(FULL)"))
	if err != nil {
		return fail(err)
	}
	// One writer: SQLite has one write lock per file, and a second
	// connection would only wait for it.
	s.write.SetMaxOpenConns(1)
	s.write.SetMaxIdleConns(1)
	s.write.SetConnMaxLifetime(0)
	s.write.SetConnMaxIdleTime(0)
	if err := migrate(ctx, s.write); err != nil {
		return fail(err)
	}

	if s.read, err = sql.Open(driverName, dsn(abs, false, "query_only(1)")); err != nil {
		return fail(err)
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	s.read.SetMaxOpenConns(readers)
	s.read.SetMaxIdleConns(readers)
	s.read.SetConnMaxLifetime(0)
	s.read.SetConnMaxIdleTime(0)

	s.Store, err = sqlstore.New(ctx, sqlstore.Config{Read: s.read, Write: s.write, Flavor: flavor})
	if err != nil {
		return fail(err)
	}
	if err := s.openNonces(ctx, abs); err != nil {
		s.Store.Close()
		return fail(err)
	}
	// The WAL and shared-memory files exist now; SQLite gives them the
	// file's mode, but ones left by an older ecsd may be wider.
	if err := restrict(abs); err != nil {
		s.Store.Close()
		s.closeDBs()
		return nil, err
	}
	return s, nil
}

// restrict makes the file at abs, and the journal, WAL and shared-memory
// files beside it that exist, readable and writable by their owner alone.
func restrict(abs string) error {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		name := abs + suffix
		fi, err := os.Stat(name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		if fi.Mode().Perm() == 0o600 {
			continue
		}
		if err := os.Chmod(name, 0o600); err != nil {
			return fmt.Errorf("sqlite: %s holds access keys and is mode %#o; making it 0600: %w", name, fi.Mode().Perm(), err)
		}
	}
	return nil
}

// Close closes the store. The last connection to close checkpoints the
// WAL into the file.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.bg.Wait()
	err := s.Store.Close()
	err = errors.Join(err, s.closeDBs())
	if s.serveLock != nil {
		// Closing the descriptor releases the lock.
		err = errors.Join(err, s.serveLock.Close())
	}
	return err
}

func (s *Store) closeDBs() error {
	var errs []error
	if s.nonceStmt != nil {
		errs = append(errs, s.nonceStmt.Close())
	}
	if s.nonceDB != nil {
		errs = append(errs, s.nonceDB.Close())
	}
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

// driverName is modernc.org/sqlite's: SQLite translated to Go. It needs no
// C compiler, and on the machines measured it answered a page of instances
// about twice as fast as the cgo driver, whose per-column calls cross into C.
const driverName = "sqlite"

// dsn is the URI of the file with the pragmas every connection runs when
// it opens, plus those given. Immediate transactions take the write lock
// when they begin.
func dsn(path string, immediate bool, pragmas ...string) string {
	q := url.Values{}
	for _, p := range append([]string{
		fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS),
		"foreign_keys(1)",
		// LIKE matches case-sensitively, as on PostgreSQL.
		"case_sensitive_like(1)",
		"temp_store(MEMORY)",
	}, pragmas...) {
		q.Add("_pragma", p)
	}
	if immediate {
		q.Set("_txlock", "immediate")
	}
	u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
	return u.String()
}

// flavor is what SQLite needs of sqlstore: ? placeholders are native, and
// the one writer excludes every other, so there is nothing to lock.
var flavor = sqlstore.Flavor{Classify: classify}

func classify(err error) sqlstore.Fault {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) {
			return sqlstore.FaultUnavailable
		}
		return sqlstore.FaultOther
	}
	switch code := e.Code(); {
	case code == sqlite3.SQLITE_CONSTRAINT_UNIQUE, code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return sqlstore.FaultUnique
	case code&0xff == sqlite3.SQLITE_BUSY, code&0xff == sqlite3.SQLITE_LOCKED:
		return sqlstore.FaultRetry
	case code&0xff == sqlite3.SQLITE_CANTOPEN:
		return sqlstore.FaultUnavailable
	}
	return sqlstore.FaultOther
}
