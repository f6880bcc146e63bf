package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

// The nonce memory in the file: a nonce recorded before a restart is
// refused after it, and by every process that opens the file. The
// statements are PostgreSQL's (see package postgres), run on a connection
// of their own.

// useNonceSQL records a nonce (key, nonce) until the third argument, unless
// it is recorded and has not expired at the fourth: one row changes when
// the nonce is fresh, none when it is a replay.
const useNonceSQL = `INSERT INTO nonces (key_id, nonce, expires_at) VALUES (?, ?, ?)
	ON CONFLICT (key_id, nonce) DO UPDATE SET expires_at = excluded.expires_at
	WHERE nonces.expires_at <= ?`

// sweepNoncesSQL deletes up to the second argument's number of nonces
// expired before the first, through the index nonces_expires.
const sweepNoncesSQL = `DELETE FROM nonces WHERE (key_id, nonce) IN (
	SELECT key_id, nonce FROM nonces WHERE expires_at < ? ORDER BY expires_at LIMIT ?)`

const (
	// sweepEvery is how often expired nonces are deleted.
	sweepEvery = time.Minute
	// sweepBatch rows a statement, sweepBatches statements a sweep, so
	// that a sweep holds the write lock only briefly at a time.
	sweepBatch   = 1000
	sweepBatches = 100
)

// openNonces opens the nonce connection: one writer of its own that does
// not wait for the disk when it commits (synchronous=OFF). A nonce
// survives the process ending, killed or not; a power cut may forget
// those of the last moments, which expire with their window anyway.
// Waiting for the disk would make every signed read a slow write.
func (s *Store) openNonces(ctx context.Context, abs string) error {
	db, err := sql.Open(driverName, dsn(abs, false, "journal_mode(WAL)", "synchronous(OFF)"))
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s.nonceDB = db
	if s.nonceStmt, err = db.PrepareContext(ctx, useNonceSQL); err != nil {
		return err
	}
	return nil
}

// nonces is the nonce memory of the file.
type nonces struct {
	s     *Store
	clock compute.Clock
}

// Nonces returns the nonce memory kept in the file. clock is the
// authenticator's: a nonce has expired when the clock is past the end it
// was recorded with. The first call starts deleting expired nonces in the
// background, by that clock, until Close.
func (s *Store) Nonces(clock compute.Clock) auth.Nonces {
	s.sweepOnce.Do(func() {
		s.bg.Add(1)
		go func() {
			defer s.bg.Done()
			s.sweep(clock)
		}()
	})
	return &nonces{s: s, clock: clock}
}

// Use implements auth.Nonces. The authenticator keeps nonces short (it
// hashes long ones), so a row is bounded.
func (n *nonces) Use(ctx context.Context, keyID, nonce string, expires time.Time) (bool, error) {
	res, err := n.s.nonceStmt.ExecContext(ctx, keyID, nonce, expires.UnixNano(), n.clock.Now().UnixNano())
	if err != nil {
		return false, n.s.failNonce(err)
	}
	changed, err := res.RowsAffected()
	if err != nil {
		return false, n.s.failNonce(err)
	}
	return changed == 1, nil
}

func (s *Store) failNonce(err error) error {
	return &compute.Error{Code: compute.Unavailable, Op: "use_nonce", Message: "the store is unavailable", Err: err}
}

// sweep deletes expired nonces every sweepEvery until Close.
func (s *Store) sweep(clock compute.Clock) {
	tick := time.NewTicker(sweepEvery)
	defer tick.Stop()
	for {
		select {
		case <-s.closing:
			return
		case <-tick.C:
			// A failed sweep leaves the rows to the next: they only
			// take room.
			_, _ = s.SweepNonces(context.Background(), clock.Now())
		}
	}
}

// SweepNonces deletes nonces expired at now, at most sweepBatches
// batches, and reports how many.
func (s *Store) SweepNonces(ctx context.Context, now time.Time) (int64, error) {
	var total int64
	for range sweepBatches {
		res, err := s.nonceDB.ExecContext(ctx, sweepNoncesSQL, now.UnixNano(), sweepBatch)
		if err != nil {
			return total, fmt.Errorf("sqlite: sweep nonces: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("sqlite: sweep nonces: %w", err)
		}
		total += n
		if n < sweepBatch {
			break
		}
	}
	return total, nil
}
