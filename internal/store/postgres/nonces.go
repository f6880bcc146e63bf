package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"sync"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

// useNoncesSQL records nonces ($1 keys, $2 nonces, $3 ends: arrays of one
// length, no key and nonce twice) unless recorded and unexpired at $4, and
// returns those it recorded: the fresh ones; a replay returns no row. Two
// nodes that record the same nonce at once cannot both return it: the
// second waits for the first's insert, then finds it unexpired.
const useNoncesSQL = `INSERT INTO nonces (key_id, nonce, expires_at)
	SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
	ON CONFLICT (key_id, nonce) DO UPDATE SET expires_at = excluded.expires_at
	WHERE nonces.expires_at <= $4
	RETURNING key_id, nonce`

// sweepNoncesSQL deletes up to $2 nonces expired before $1, through the
// index nonces_expires.
const sweepNoncesSQL = `DELETE FROM nonces WHERE (key_id, nonce) IN (
	SELECT key_id, nonce FROM nonces WHERE expires_at < $1 ORDER BY expires_at LIMIT $2)`

const (
	// sweepEvery is how often each node deletes expired nonces. Nodes do
	// not take turns: a sweep that finds nothing costs one index probe.
	sweepEvery = time.Minute
	// sweepBatch rows a statement, sweepBatches statements a sweep: the
	// bound on one sweep's work, 100,000 nonces a minute a node, far more
	// than a node signs.
	sweepBatch   = 1000
	sweepBatches = 100
	// sweepTimeout bounds one sweep.
	sweepTimeout = 30 * time.Second
)

// maxNonceLen is the longest nonce kept as it is; longer ones are kept as
// their SHA-256, since a client chooses them and an index entry is bounded.
const maxNonceLen = 128

// nonces is the nonce memory of every node on the database.
type nonces struct {
	s     *Store
	clock compute.Clock

	// The nonces waiting for the next statement, and whether one runs.
	mu      sync.Mutex
	pending []*nonceUse
	running bool
}

// nonceUse is one Use waiting for its nonce to be recorded.
type nonceUse struct {
	ctx        context.Context
	key, nonce string
	expires    int64
	done       chan struct{}
	fresh      bool
	err        error
}

// Nonces returns the nonce memory of every node on the database, so that a
// nonce used through one node is refused through every other. clock is
// the authenticator's: a nonce has expired when the clock is past the end
// it was recorded with. The first call starts deleting expired nonces in
// the background, by that clock, until Close.
//
// The nonces of requests that arrive together are recorded by one INSERT
// (see Use), which does not wait for the WAL to reach the disk
// (synchronous_commit=off); a crash of PostgreSQL may forget the nonces of
// its last moments.
func (s *Store) Nonces(clock compute.Clock) auth.Nonces {
	s.sweepOnce.Do(func() {
		s.background(func(ctx context.Context) { s.sweep(ctx, clock) })
	})
	return &nonces{s: s, clock: clock}
}

// nonceBatch bounds the nonces one statement records.
const nonceBatch = 256

// nonceTimeout bounds one statement, which the requests waiting for it
// share (each also gives up with its own context).
const nonceTimeout = 30 * time.Second

// Use implements auth.Nonces. Signed requests arrive many at a time, and
// one statement per nonce would cost PostgreSQL as much as the rest of a
// listing: a Use joins the nonces waiting for the next statement, which
// begins as soon as the one running ends (group commit), so that a round
// trip records as many as arrived during the last.
func (n *nonces) Use(ctx context.Context, keyID, nonce string, expires time.Time) (bool, error) {
	if len(nonce) > maxNonceLen {
		sum := sha256.Sum256([]byte(nonce))
		nonce = "sha256:" + hex.EncodeToString(sum[:])
	}
	u := &nonceUse{ctx: ctx, key: keyID, nonce: nonce, expires: expires.UnixNano(), done: make(chan struct{})}
	n.mu.Lock()
	n.pending = append(n.pending, u)
	if !n.running {
		n.running = true
		go n.record()
	}
	n.mu.Unlock()
	select {
	case <-u.done:
		return u.fresh, u.err
	case <-ctx.Done():
		return false, n.s.fail("use_nonce", ctx.Err())
	}
}

// record runs statements for the waiting nonces until none waits.
func (n *nonces) record() {
	for {
		n.mu.Lock()
		batch := n.pending[:min(len(n.pending), nonceBatch)]
		n.pending = n.pending[len(batch):]
		if len(batch) == 0 {
			n.pending, n.running = nil, false
			n.mu.Unlock()
			return
		}
		n.mu.Unlock()
		n.recordBatch(batch)
	}
}

// recordBatch records the nonces of batch in one statement and tells each
// Use its outcome. A nonce twice in the batch is recorded once: its first
// use is the one that may be fresh.
func (n *nonces) recordBatch(batch []*nonceUse) {
	type nonceKey struct{ key, nonce string }
	first := make(map[nonceKey]*nonceUse, len(batch))
	keys, values, ends := make([]string, 0, len(batch)), make([]string, 0, len(batch)), make([]int64, 0, len(batch))
	for _, u := range batch {
		k := nonceKey{u.key, u.nonce}
		if _, seen := first[k]; seen || u.ctx.Err() != nil {
			// A Use that gave up while waiting has answered already:
			// its nonce is not recorded, so that what waits stays
			// bounded by the requests in flight while PostgreSQL is
			// slow.
			continue
		}
		first[k] = u
		keys, values, ends = append(keys, u.key), append(values, u.nonce), append(ends, u.expires)
	}
	if len(keys) == 0 {
		for _, u := range batch {
			close(u.done)
		}
		return
	}
	err := func() error {
		ctx, cancel := context.WithTimeout(n.s.bgCtx, nonceTimeout)
		defer cancel()
		rows, err := n.s.nonceStmt.QueryContext(ctx, keys, values, ends, n.clock.Now().UnixNano())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k nonceKey
			if err := rows.Scan(&k.key, &k.nonce); err != nil {
				return err
			}
			if u := first[k]; u != nil {
				u.fresh = true
			}
		}
		return rows.Err()
	}()
	for _, u := range batch {
		if err != nil {
			u.fresh, u.err = false, n.s.fail("use_nonce", err)
		}
		close(u.done)
	}
}

// sweep deletes expired nonces every sweepEvery until Close.
func (s *Store) sweep(ctx context.Context, clock compute.Clock) {
	// A failed sweep leaves the rows to the next: they only take room.
	s.every(ctx, sweepEvery, func() { _, _ = s.sweepNonces(ctx, clock.Now()) })
}

// sweepNonces deletes nonces expired at now, at most sweepBatches batches,
// and reports how many.
func (s *Store) sweepNonces(ctx context.Context, now time.Time) (int64, error) {
	return s.deleteInBatches(ctx, "sweep_nonces", s.nonceDB, sweepNoncesSQL, now.UnixNano())
}

// every runs f every period until ctx ends.
func (s *Store) every(ctx context.Context, period time.Duration, f func()) {
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			f()
		}
	}
}

// deleteInBatches runs query, a DELETE of at most $2 rows older than $1
// (before), until it deletes fewer than a batch, at most sweepBatches times
// and for sweepTimeout, and reports how many rows it deleted.
func (s *Store) deleteInBatches(ctx context.Context, op string, db *sql.DB, query string, before int64) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, sweepTimeout)
	defer cancel()
	var total int64
	for range sweepBatches {
		res, err := db.ExecContext(ctx, query, before, sweepBatch)
		if err != nil {
			return total, s.fail(op, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, s.fail(op, err)
		}
		total += n
		if n < sweepBatch {
			break
		}
	}
	return total, nil
}
