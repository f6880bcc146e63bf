// Package postgres is ecsd's scale-out store: instances, accounts, keys and
// the nonces of signed requests in one PostgreSQL database, which any
// number of ecsd nodes share, through the portable SQL of package sqlstore.
// Its schema migrations are embedded and applied on Open, by one node at a
// time.
//
// # What it relies on
//
// The SQL keeps to what PostgreSQL 13 or later and the PostgreSQL-compatible
// distributed databases share, so that CockroachDB or YugabyteDB can serve it
// with as few changes as possible. It relies on:
//
//   - READ COMMITTED, PostgreSQL's default: each statement of a transaction
//     sees what committed before it began. Under SERIALIZABLE (CockroachDB's
//     default) the same transactions are correct too, and lose more often
//     with SQLSTATE 40001, which sqlstore retries.
//   - A row lock taken by INSERT ... ON CONFLICT DO UPDATE, held until the
//     transaction ends: every write of an owner's instances locks the
//     owner's row in table owners first (lockOwnerSQL). A row rather than
//     an advisory lock, because CockroachDB has no advisory locks and
//     YugabyteDB only recent ones.
//   - INSERT ... ON CONFLICT (columns) DO UPDATE ... WHERE, and RETURNING,
//     for counts, nonces and new instances; unnest of several arrays at
//     once, for the nonces of many requests in one statement.
//   - The owner's row lock, again, for the change log (changes.go): each
//     write of an owner's instances takes the owner's next version under
//     it, so that versions commit in order, and each node's listing index
//     follows them.
//   - REPEATABLE READ for the read-only transaction of a listing that
//     counts and pages in two statements.
//   - A BIGINT GENERATED ALWAYS AS IDENTITY column for the creation order.
//     Within one owner, identities are drawn under the owner's lock, so in
//     order; a database that caches ranges of a sequence per connection
//     (YugabyteDB by default) still keeps the counts right but lists an
//     owner's instances out of creation order unless its cache is 1.
//   - A partial index (WHERE target = 'terminated').
//   - Row-value IN with a LIMITed subquery, to delete expired nonces in
//     bounded batches.
//   - The session parameters search_path, application_name and
//     synchronous_commit, set when a connection opens (see Open).
//   - SQLSTATEs: 23505 unique violation; 40001 and 40P01 lost to another
//     transaction; 08xxx, 53300, 57P01, 57P02, 57P03 unavailable.
//
// Migrations are the one place that takes an advisory lock (a session-level
// pg_try_advisory_lock, through goose), so that nodes starting together
// apply them once. On a database without advisory locks, apply them from
// one node first.
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// The connection pool of a node. A node holds at most maxConns connections
// for instances and accounts and nonceConns(maxConns) for nonces, so three
// nodes with the defaults take 60 of PostgreSQL's default 100.
const (
	// defaultMaxConns bounds the connections of the main pool; the DSN
	// parameter pool_max_conns overrides it (the name pgxpool uses).
	defaultMaxConns = 16
	// maxIdleTime closes connections unused this long, so that a node
	// after a burst gives back what it took; the pool keeps every
	// connection that is used more often than that, since opening one
	// costs PostgreSQL a process.
	maxIdleTime = 5 * time.Minute
	// maxLifetime renews every connection now and then, so that a node
	// follows a failover or a rebalanced proxy without a restart.
	maxLifetime = 30 * time.Minute
	// connectTimeout bounds one attempt to connect, DNS and TLS included,
	// unless the DSN sets connect_timeout: a request fails as unavailable
	// after it, instead of hanging while the server is down.
	connectTimeout = 5 * time.Second
	// migrateLockTimeout bounds how long Open waits for another node's
	// migrations, polling once a second.
	migrateLockTimeout = 5 * time.Minute
)

// nonceConns is the size of the nonce pool: each signed request writes one
// nonce, a statement much shorter than most.
func nonceConns(maxConns int) int { return max(2, maxConns/4) }

// Store is the PostgreSQL store. It implements compute.Store and
// auth.Store through the embedded *sqlstore.Store, and keeps the nonces of
// every node on the database (see Nonces).
type Store struct {
	*sqlstore.Store
	// db serves instances and accounts; nonceDB, whose connections do not
	// wait for the WAL to reach the disk when they commit, nonces.
	db, nonceDB *sql.DB
	maxConns    int

	// dropped is when the idle connections were last dropped, in unix
	// nanoseconds (see dropIdle).
	dropped atomic.Int64

	nonceStmt   *sql.Stmt
	versionStmt *sql.Stmt
	sweepOnce   sync.Once // starts the sweeper of expired nonces

	// Statistics of the instances (see stats.go).
	createdN atomic.Int64
	checking atomic.Bool

	// Work in the background, which Close stops and waits for.
	bgMu     sync.Mutex
	bgClosed bool
	bgCtx    context.Context
	bgStop   context.CancelFunc
	bg       sync.WaitGroup
}

// Open connects to the database named by dsn (a postgres:// URL or a
// key=value string, as libpq takes them), and brings its schema up to date.
// The schema is the first of the DSN's search_path (default public).
//
// Besides libpq's parameters, the DSN may set pool_max_conns (default 16),
// and any PostgreSQL session parameter, such as search_path. Open sets
// application_name to ecsd unless the DSN sets it.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// The parse error quotes the DSN, and may not hide its password.
		return nil, errors.New("postgres: the DSN is not valid")
	}
	maxConns := defaultMaxConns
	if v, ok := cfg.RuntimeParams["pool_max_conns"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("postgres: pool_max_conns=%q is not a positive number", v)
		}
		maxConns = n
		delete(cfg.RuntimeParams, "pool_max_conns")
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "ecsd"
	}
	if _, ok := cfg.RuntimeParams["plan_cache_mode"]; !ok {
		// Every statement is prepared once per connection, and each is
		// bound to one owner's key: the same plan suits every argument.
		// Left to choose, PostgreSQL plans LIMIT ? afresh on each call,
		// since a generic plan's estimate for an unknown limit looks far
		// worse than it runs; planning then costs more than executing.
		cfg.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	}
	nonceCfg := cfg.Copy()
	// A nonce lost in a crash of PostgreSQL lets one replay through, at
	// worst; waiting for the disk would make every signed read a slow
	// write.
	nonceCfg.RuntimeParams["synchronous_commit"] = "off"

	s := &Store{maxConns: maxConns}
	s.bgCtx, s.bgStop = context.WithCancel(context.Background())
	s.db = stdlib.OpenDB(*cfg)
	s.nonceDB = stdlib.OpenDB(*nonceCfg)
	s.setIdle()
	for _, db := range []*sql.DB{s.db, s.nonceDB} {
		db.SetConnMaxIdleTime(maxIdleTime)
		db.SetConnMaxLifetime(maxLifetime)
	}
	s.db.SetMaxOpenConns(maxConns)
	s.nonceDB.SetMaxOpenConns(nonceConns(maxConns))

	fail := func(err error) (*Store, error) {
		s.bgStop()
		s.closeDBs()
		return nil, openError(cfg, err)
	}
	if err := migrate(ctx, s.db); err != nil {
		return fail(err)
	}
	s.Store, err = sqlstore.New(ctx, sqlstore.Config{Read: s.db, Write: s.db, Flavor: sqlstore.Flavor{
		Rebind: sqlstore.RebindDollar,
		// No FOR UPDATE: every write of an owner's inventory holds the
		// owner's lock, so what an Update loads stays as it is until it
		// commits, and locking each row would only cost time.
		LockOwner:        lockOwnerSQL,
		Classify:         s.classify,
		OverrideIdentity: "OVERRIDING SYSTEM VALUE",
		BumpSerials:      bumpSerialsSQL,
		LogChanges:       logChanges,
		ScanIsolation:    sql.LevelRepeatableRead,
	}, Created: s.created})
	if err != nil {
		return fail(err)
	}
	if s.nonceStmt, err = s.nonceDB.PrepareContext(ctx, useNoncesSQL); err != nil {
		s.Store.Close()
		return fail(err)
	}
	if s.versionStmt, err = s.db.PrepareContext(ctx, versionSQL); err != nil {
		s.Store.Close()
		return fail(err)
	}
	s.background(s.prune)
	s.checkStats()
	return s, nil
}

// bumpSerialsSQL moves the identity of a table's seq past its highest
// value, after rows were inserted with seqs of their own; it never moves it
// back. The table name is one of this package's, never a client's.
func bumpSerialsSQL(table string) string {
	return `SELECT setval(pg_get_serial_sequence('` + table + `', 'seq'), GREATEST(
		(SELECT COALESCE(MAX(seq), 1) FROM ` + table + `),
		COALESCE(pg_sequence_last_value(pg_get_serial_sequence('` + table + `', 'seq')::regclass), 1)))`
}

// lockOwnerSQL locks the owner ($1 account, $2 cloud) until the transaction
// ends: ON CONFLICT DO UPDATE locks the conflicting row, and inserts it the
// first time. A real update, rather than DO UPDATE ... WHERE false (which
// PostgreSQL documents to lock as well), is what every database agrees
// makes two such transactions conflict.
const lockOwnerSQL = `INSERT INTO owners (account_id, cloud) VALUES (?, ?)
	ON CONFLICT (account_id, cloud) DO UPDATE SET cloud = excluded.cloud`

// Close stops the work in the background and closes the store.
func (s *Store) Close() error {
	s.bgMu.Lock()
	s.bgClosed = true
	s.bgMu.Unlock()
	s.bgStop()
	s.bg.Wait()
	errs := []error{s.Store.Close()}
	for _, st := range []*sql.Stmt{s.nonceStmt, s.versionStmt} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	errs = append(errs, s.closeDBs())
	return errors.Join(errs...)
}

// background runs f in a goroutine until it returns or Close cancels its
// context; after Close it does nothing.
func (s *Store) background(f func(ctx context.Context)) {
	s.bgMu.Lock()
	defer s.bgMu.Unlock()
	if s.bgClosed {
		return
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		f(s.bgCtx)
	}()
}

func (s *Store) closeDBs() error {
	return errors.Join(s.db.Close(), s.nonceDB.Close())
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", s.fail("ping", err))
	}
	return nil
}

// migrate applies the embedded migrations that the schema lacks, holding a
// lock of the schema that other nodes wait for.
func migrate(ctx context.Context, db *sql.DB) error {
	var schema sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return err
	}
	if !schema.Valid {
		return errors.New("migrate: no schema of the search_path exists")
	}
	// One lock per schema, so that nodes of different schemas on one
	// database (tests, tenants) do not wait for one another.
	h := fnv.New64a()
	h.Write([]byte("ecsd migrate " + schema.String))
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(int64(h.Sum64())),
		lock.WithLockTimeout(1, uint64(migrateLockTimeout/time.Second)),
	)
	if err != nil {
		return err
	}
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, fsys,
		goose.WithDisableGlobalRegistry(true), goose.WithSessionLocker(locker))
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// fail turns an error into a compute.Error whose Message is safe to show,
// for the methods of this package; sqlstore's own do the same.
func (s *Store) fail(op string, err error) error {
	if e, ok := compute.AsError(err); ok {
		return e
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, sql.ErrConnDone) || s.classify(err) == sqlstore.FaultUnavailable {
		return &compute.Error{Code: compute.Unavailable, Op: op, Message: "the store is unavailable", Err: err}
	}
	return &compute.Error{Code: compute.Internal, Op: op, Message: "internal error", Err: err}
}

// classify is the flavor's Classify. When the database is out of reach, it
// also drops the idle connections; not when a caller gave up waiting,
// which says nothing of them.
func (s *Store) classify(err error) sqlstore.Fault {
	f := classify(err)
	if f == sqlstore.FaultUnavailable &&
		!errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		s.dropIdle()
	}
	return f
}

// dropIdle closes the idle connections of both pools, at most once a
// second. A restart of PostgreSQL breaks every connection at once, and a
// connection used in the last second goes back to work unchecked (pgx
// pings only those idle longer): without this, each would fail one more
// request before the pool learnt it was dead.
func (s *Store) dropIdle() {
	now := time.Now().UnixNano()
	last := s.dropped.Load()
	if now-last < int64(time.Second) || !s.dropped.CompareAndSwap(last, now) {
		return
	}
	s.db.SetMaxIdleConns(-1)
	s.nonceDB.SetMaxIdleConns(-1)
	s.setIdle()
}

// setIdle lets each pool keep all its connections idle.
func (s *Store) setIdle() {
	s.db.SetMaxIdleConns(s.maxConns)
	s.nonceDB.SetMaxIdleConns(nonceConns(s.maxConns))
}

// classify tells what an error of pgx means.
func classify(err error) sqlstore.Fault {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch code := pe.Code; {
		case code == "23505": // unique_violation
			return sqlstore.FaultUnique
		case code == "40001", code == "40P01": // serialization_failure, deadlock_detected
			return sqlstore.FaultRetry
		case strings.HasPrefix(code, "08"), // connection_exception
			code == "53300", // too_many_connections
			code == "57P01", // admin_shutdown
			code == "57P02", // crash_shutdown
			code == "57P03": // cannot_connect_now
			return sqlstore.FaultUnavailable
		}
		return sqlstore.FaultOther
	}
	var (
		connectErr *pgconn.ConnectError
		netErr     net.Error
	)
	switch {
	case errors.As(err, &connectErr), errors.As(err, &netErr),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, net.ErrClosed),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		pgconn.Timeout(err), pgconn.SafeToRetry(err):
		return sqlstore.FaultUnavailable
	}
	return sqlstore.FaultOther
}
