package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

// useNonceSQL records a nonce ($1 key, $2 nonce) until $3, unless it is
// recorded and has not expired at $4: one row changes when the nonce is
// fresh, none when it is a replay. Two nodes that record the same nonce at
// once cannot both change the row: the second waits for the first's
// insert, then finds it unexpired.
const useNonceSQL = `INSERT INTO nonces (key_id, nonce, expires_at) VALUES ($1, $2, $3)
	ON CONFLICT (key_id, nonce) DO UPDATE SET expires_at = excluded.expires_at
	WHERE nonces.expires_at <= $4`

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
}

// Nonces returns the nonce memory of every node on the database, so that a
// nonce used through one node is refused through every other. clock is
// the authenticator's: a nonce has expired when the clock is past the end
// it was recorded with. The first call starts deleting expired nonces in
// the background, by that clock, until Close.
//
// A nonce costs each signed request one INSERT that does not wait for the
// WAL to reach the disk (synchronous_commit=off); a crash of PostgreSQL may
// forget the nonces of its last moments.
func (s *Store) Nonces(clock compute.Clock) auth.Nonces {
	s.sweepOnce.Do(func() {
		s.background(func(ctx context.Context) { s.sweep(ctx, clock) })
	})
	return &nonces{s: s, clock: clock}
}

// Use implements auth.Nonces.
func (n *nonces) Use(ctx context.Context, keyID, nonce string, expires time.Time) (bool, error) {
	if len(nonce) > maxNonceLen {
		sum := sha256.Sum256([]byte(nonce))
		nonce = "sha256:" + hex.EncodeToString(sum[:])
	}
	res, err := n.s.nonceStmt.ExecContext(ctx, keyID, nonce, expires.UnixNano(), n.clock.Now().UnixNano())
	if err != nil {
		return false, n.s.fail("use_nonce", err)
	}
	changed, err := res.RowsAffected()
	if err != nil {
		return false, n.s.fail("use_nonce", err)
	}
	return changed == 1, nil
}

// sweep deletes expired nonces every sweepEvery until Close.
func (s *Store) sweep(ctx context.Context, clock compute.Clock) {
	tick := time.NewTicker(sweepEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			// A failed sweep leaves the rows to the next: they only
			// take room.
			_, _ = s.sweepNonces(ctx, clock.Now())
		}
	}
}

// sweepNonces deletes nonces expired at now, at most sweepBatches batches,
// and reports how many.
func (s *Store) sweepNonces(ctx context.Context, now time.Time) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, sweepTimeout)
	defer cancel()
	var total int64
	for range sweepBatches {
		res, err := s.nonceDB.ExecContext(ctx, sweepNoncesSQL, now.UnixNano(), sweepBatch)
		if err != nil {
			return total, s.fail("sweep_nonces", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, s.fail("sweep_nonces", err)
		}
		total += n
		if n < sweepBatch {
			break
		}
	}
	return total, nil
}
