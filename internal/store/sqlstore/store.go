// Package sqlstore implements compute.Store and auth.Store in portable SQL
// over database/sql, for the SQLite and PostgreSQL stores. Each of those
// opens its databases, applies its own DDL and supplies a Flavor: what
// differs between the two. Everything else (the statements, the bookkeeping
// of listing counts, transactions and retries) lives here, once.
//
// The SQL runs on SQLite 3.35 or later and PostgreSQL 13 or later: ?
// placeholders (rebound by the Flavor), INSERT ... ON CONFLICT DO UPDATE,
// RETURNING, and no function of either vendor.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// Flavor is what differs between the databases a Store runs on.
type Flavor struct {
	// Rebind rewrites the ? placeholders of a statement into the
	// database's own ($1, $2, ...); nil leaves them alone.
	Rebind func(query string) string
	// ForUpdate ends the SELECT with which Modify loads the rows it may
	// change (" FOR UPDATE"); empty where a write transaction excludes
	// every other writer anyway (SQLite).
	ForUpdate string
	// LockOwner, when not empty, is run first in every write transaction
	// on an owner's instances, with the owner's account and cloud as its
	// two arguments, and must hold a lock on that owner until the
	// transaction ends. Listing counts depend on rows the transaction
	// does not change, so row locks alone cannot keep them right.
	LockOwner string
	// Classify tells what a driver error means.
	Classify func(error) Fault
	// OverrideIdentity, between the columns and the VALUES of an INSERT,
	// lets it give a value of its own to an identity column (PostgreSQL's
	// OVERRIDING SYSTEM VALUE); empty where a plain INSERT may (SQLite).
	OverrideIdentity string
	// BumpSerials, when set, returns the statement that moves the
	// database's counter of a table's seq past the highest value in the
	// table, after rows were inserted with seqs of their own. SQLite's
	// AUTOINCREMENT moves it by itself.
	BumpSerials func(table string) string
	// ScanIsolation, when not sql.LevelDefault, is the isolation of a
	// read-only transaction in which a listing that counts and reads its
	// page in two statements (a scan by status or name) runs both, so
	// that its total agrees with its page while others write: under
	// PostgreSQL's READ COMMITTED each statement sees its own snapshot.
	// Unset for SQLite, whose listings a server answers from the index
	// (package indexed), which sees every write itself.
	ScanIsolation sql.IsolationLevel
	// LogChanges, when set, is run last in every write transaction that
	// changed instances of an owner (created, changed, deleted or reaped
	// them: ids, each once; or all of them, when reset), with the owner's
	// lock held: it records the change where other nodes, whose memory
	// follows the database, read it (see package postgres).
	LogChanges func(ctx context.Context, tx *sql.Tx, owner compute.Owner, ids []string, all bool) error
}

// Fault is what a driver error means to a Store.
type Fault int

const (
	// FaultOther is any failure not listed below: an Internal error.
	FaultOther Fault = iota
	// FaultUnique is a violated unique or primary key constraint.
	FaultUnique
	// FaultUnavailable is a database that cannot be reached: refused,
	// closed or broken connections.
	FaultUnavailable
	// FaultRetry is a transaction that lost to a concurrent one (busy,
	// locked, serialization failure, deadlock) and may succeed again.
	FaultRetry
)

// Config configures a Store.
type Config struct {
	// Read serves reads outside transactions; Write serves every
	// transaction. They may be the same pool. The Store does not close
	// them.
	Read, Write *sql.DB
	Flavor      Flavor
	// Created, when set, is told how many instances each Update that
	// created some committed.
	Created func(n int)
}

// Store implements compute.Store and auth.Store. It is safe for concurrent
// use.
type Store struct {
	read, write *sql.DB
	flavor      Flavor
	created     func(n int)
	stmts       []*sql.Stmt
	closed      atomic.Bool

	// Statements built per call (by the conditions of a query), prepared
	// on the read pool the first time each is run (see query).
	builtMu sync.Mutex
	built   map[string]*sql.Stmt

	// Statements run inside write transactions, prepared on the write
	// pool (see txStmt). A transaction holds SQLite's one write
	// connection, so a statement first seen inside one is prepared after
	// it ends.
	txMu     sync.Mutex
	txBuilt  map[string]*sql.Stmt
	txWanted map[string]bool

	// Prepared statements, read pool.
	pageStmts [scopeKinds][2][2]*sql.Stmt // by scope kind, brief, deep
	countStmt *sql.Stmt
	keyStmt   *sql.Stmt

	// Prepared statements, write pool.
	insertStmts [len(insertRows)]*sql.Stmt
	updateStmt  *sql.Stmt
	updateMany  [len(insertRows)]*sql.Stmt // by size as insertStmts; the last, of one row, is nil
	deleteStmt  *sql.Stmt
	reapStmt    *sql.Stmt
	tokenStmt   *sql.Stmt
	addTokens   [len(insertRows)]*sql.Stmt
	upsertTally *sql.Stmt
	shiftTally  *sql.Stmt
	decTally    *sql.Stmt
	dropTally   *sql.Stmt
}

var _ compute.Store = (*Store)(nil)

// pageStmt is the statement that reads a page of a scope of kind k.
func (s *Store) pageStmt(k scopeKind, brief, deep bool) *sql.Stmt {
	return s.pageStmts[k][b2i(brief)][b2i(deep)]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// New returns a Store over databases whose schema is in place. It prepares
// the statements it runs most, once per pool.
func New(ctx context.Context, cfg Config) (*Store, error) {
	s := &Store{read: cfg.Read, write: cfg.Write, flavor: cfg.Flavor, created: cfg.Created}
	if s.flavor.Classify == nil {
		s.flavor.Classify = func(error) Fault { return FaultOther }
	}
	type prep struct {
		dst   **sql.Stmt
		db    *sql.DB
		query string
	}
	preps := []prep{
		{&s.countStmt, s.read, countSQL},
		{&s.keyStmt, s.read, accessKeySQL},
		{&s.updateStmt, s.write, updateSQL},
		{&s.deleteStmt, s.write, deleteSQL},
		{&s.reapStmt, s.write, reapSQL},
		{&s.tokenStmt, s.write, tokenSQL},
		{&s.upsertTally, s.write, upsertTallySQL},
		{&s.shiftTally, s.write, shiftTallySQL},
		{&s.decTally, s.write, decTallySQL},
		{&s.dropTally, s.write, dropTallySQL},
	}
	for k, rows := range insertRows {
		preps = append(preps, prep{&s.insertStmts[k], s.write, insertSQL(rows)},
			prep{&s.addTokens[k], s.write, addTokenSQL(rows)})
		if rows > 1 {
			preps = append(preps, prep{&s.updateMany[k], s.write, updateManySQL(rows)})
		}
	}
	for k := range scopeKinds {
		for _, brief := range []bool{false, true} {
			for _, deep := range []bool{false, true} {
				preps = append(preps, prep{&s.pageStmts[k][b2i(brief)][b2i(deep)], s.read, pageSQL(scopeKind(k), brief, deep)})
			}
		}
	}
	for _, p := range preps {
		st, err := p.db.PrepareContext(ctx, s.rebind(p.query))
		if err != nil {
			s.Close()
			return nil, s.fail("open", err)
		}
		*p.dst = st
		s.stmts = append(s.stmts, st)
	}
	return s, nil
}

// Close releases the prepared statements. It does not close the pools.
// After Close every call fails as Unavailable.
func (s *Store) Close() error {
	s.closed.Store(true)
	var errs []error
	for _, st := range s.stmts {
		errs = append(errs, st.Close())
	}
	s.stmts = nil
	s.builtMu.Lock()
	for _, st := range s.built {
		errs = append(errs, st.Close())
	}
	s.built = nil
	s.builtMu.Unlock()
	s.txMu.Lock()
	for _, st := range s.txBuilt {
		errs = append(errs, st.Close())
	}
	s.txBuilt, s.txWanted = nil, nil
	s.txMu.Unlock()
	return errors.Join(errs...)
}

// maxBuilt bounds the statements query keeps prepared. The conditions of
// a listing combine into a few dozen shapes; past the bound, a statement
// is parsed on every call, as it would be without the cache.
const maxBuilt = 256

// query runs a read built per call, with ? placeholders, through a
// statement prepared the first time the same text is run: parsing and
// planning cost SQLite more than running a short listing does.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s.builtMu.Lock()
	st, ok := s.built[query]
	room := len(s.built) < maxBuilt
	s.builtMu.Unlock()
	if ok {
		return st.QueryContext(ctx, args...)
	}
	if !room || s.closed.Load() {
		return s.read.QueryContext(ctx, s.rebind(query), args...)
	}
	// Prepared outside the lock, so that a database slow to answer holds
	// up no other query; of two that race, the first is kept.
	st, err := s.read.PrepareContext(ctx, s.rebind(query))
	if err != nil {
		return nil, err
	}
	s.builtMu.Lock()
	if kept, ok := s.built[query]; ok || s.closed.Load() {
		s.builtMu.Unlock()
		_ = st.Close()
		if !ok {
			return s.read.QueryContext(ctx, s.rebind(query), args...)
		}
		return kept.QueryContext(ctx, args...)
	}
	if s.built == nil {
		s.built = make(map[string]*sql.Stmt)
	}
	s.built[query] = st
	s.builtMu.Unlock()
	return st.QueryContext(ctx, args...)
}

// txStmt returns the statement of query (? placeholders) prepared on the
// write pool, for tx.StmtContext, or nil when it is not prepared yet; then
// it is prepared once the transaction ends. Parsing the statements of a
// write cost SQLite more than running them (issue 13's profile: StopInstances
// of 100 instances ran 1,000 statements, each parsed anew).
func (s *Store) txStmt(query string) *sql.Stmt {
	s.txMu.Lock()
	defer s.txMu.Unlock()
	if st, ok := s.txBuilt[query]; ok {
		return st
	}
	if len(s.txBuilt)+len(s.txWanted) < maxBuilt {
		if s.txWanted == nil {
			s.txWanted = make(map[string]bool)
		}
		s.txWanted[query] = true
	}
	return nil
}

// prepareWanted prepares the statements txStmt was asked for and lacked.
// A statement that fails to prepare is left to be parsed on every call.
func (s *Store) prepareWanted(ctx context.Context) {
	s.txMu.Lock()
	var wanted []string
	for q := range s.txWanted {
		wanted = append(wanted, q)
	}
	s.txWanted = nil
	s.txMu.Unlock()
	for _, q := range wanted {
		if s.closed.Load() {
			return
		}
		st, err := s.write.PrepareContext(ctx, s.rebind(q))
		if err != nil {
			continue
		}
		s.txMu.Lock()
		if _, ok := s.txBuilt[q]; ok || s.closed.Load() {
			s.txMu.Unlock()
			_ = st.Close()
			continue
		}
		if s.txBuilt == nil {
			s.txBuilt = make(map[string]*sql.Stmt)
		}
		s.txBuilt[q] = st
		s.txMu.Unlock()
	}
}

// txQuery runs a read of query inside tx, through its prepared statement
// when there is one.
func (s *Store) txQuery(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	if st := s.txStmt(query); st != nil {
		return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, s.rebind(query), args...)
}

// txExec runs query inside tx, through its prepared statement when there
// is one.
func (s *Store) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st := s.txStmt(query); st != nil {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, s.rebind(query), args...)
}

// scanOne scans the one row of r into dest and closes r.
func scanOne(r *sql.Rows, dest ...any) error {
	defer r.Close()
	if !r.Next() {
		if err := r.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := r.Scan(dest...); err != nil {
		return err
	}
	return r.Close()
}

func (s *Store) rebind(query string) string {
	if s.flavor.Rebind == nil {
		return query
	}
	return s.flavor.Rebind(query)
}

// RebindDollar rewrites ? placeholders as $1, $2, ... (PostgreSQL), and a
// numbered one, ?N, as $N. A statement uses one kind or the other. The
// statements of this package hold no ? inside string literals.
func RebindDollar(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			b.WriteByte(query[i])
			continue
		}
		b.WriteByte('$')
		// ?N, a parameter bound by number, keeps its number.
		j := i + 1
		for j < len(query) && query[j] >= '0' && query[j] <= '9' {
			j++
		}
		if j > i+1 {
			b.WriteString(query[i+1 : j])
			i = j - 1
			continue
		}
		n++
		b.WriteString(itoa(n))
	}
	return b.String()
}

func itoa(n int) string {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(buf[i:])
		}
	}
}

// maxAttempts bounds how often a write transaction is tried when the
// database asks for a retry.
const maxAttempts = 5

// decided carries the error of a Modify's decide out of the transaction, so
// that it is neither retried nor classified.
type decided struct{ err error }

func (d *decided) Error() string { return d.err.Error() }

// inTx runs fn in a write transaction, and again when the database asks for
// a retry. lock, when not nil, is the owner whose changes the transaction
// serialises (see Flavor.LockOwner).
func (s *Store) inTx(ctx context.Context, lock *compute.Owner, fn func(tx *sql.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.tryTx(ctx, lock, fn)
		s.prepareWanted(ctx)
		if err == nil {
			return nil
		}
		if _, ok := err.(*decided); ok || attempt == maxAttempts || s.flavor.Classify(err) != FaultRetry {
			return err
		}
		// Back off a little, with jitter, so the competitors spread out.
		d := time.Duration(attempt) * time.Millisecond
		d += rand.N(d)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

func (s *Store) tryTx(ctx context.Context, lock *compute.Owner, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	// Also when fn panics: the connection must go back to the pool. After
	// Commit this does nothing.
	defer tx.Rollback()
	if lock != nil && s.flavor.LockOwner != "" {
		if _, err := tx.ExecContext(ctx, s.rebind(s.flavor.LockOwner), string(lock.Account), string(lock.Cloud)); err != nil {
			return err
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// fail turns an error of the database into a compute.Error whose Message is
// safe to show; the driver's text stays in Err. A *compute.Error made here
// already passes through.
func (s *Store) fail(op string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*compute.Error); ok {
		return e
	}
	if d, ok := err.(*decided); ok {
		return d.err
	}
	switch {
	case s.closed.Load(), errors.Is(err, sql.ErrConnDone), errors.Is(err, context.Canceled),
		errors.Is(err, context.DeadlineExceeded):
		return unavailable(op, err)
	}
	switch s.flavor.Classify(err) {
	case FaultUnavailable:
		return unavailable(op, err)
	case FaultRetry:
		return &compute.Error{Code: compute.Conflict, Op: op, Message: "a concurrent change won; try again", Err: err}
	case FaultUnique:
		return &compute.Error{Code: compute.AlreadyExists, Op: op, Message: "the resource exists already", Err: err}
	}
	return &compute.Error{Code: compute.Internal, Op: op, Message: "internal error", Err: err}
}

func unavailable(op string, err error) error {
	return &compute.Error{Code: compute.Unavailable, Op: op, Message: "the store is unavailable", Err: err}
}

// nanos and fromNanos keep times as int64 unix nanoseconds, the zero time
// as 0.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// ParamCount is how many arguments a statement of this package takes: one
// per ? placeholder, or the highest N of its numbered ones (?N).
func ParamCount(query string) int {
	n, highest := 0, 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			continue
		}
		j, num := i+1, 0
		for j < len(query) && query[j] >= '0' && query[j] <= '9' {
			num = num*10 + int(query[j]-'0')
			j++
		}
		if j == i+1 {
			n++
		} else {
			highest = max(highest, num)
		}
	}
	return max(n, highest)
}
