package postgres

import (
	"context"
	"database/sql"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// The change log: every write transaction that changes an owner's
// instances takes the owner's next version (under the owner's row lock,
// which it holds already, so versions commit in order) and names the
// instances it wrote. A node that keeps the listing index in memory
// (package indexed) follows it: before it answers a listing from memory,
// it reads the owner's version, and reads back the instances of the
// versions it has not seen.

// bumpVersionSQL takes the owner's next version; the owner's row exists
// and is locked (lockOwnerSQL ran first in the transaction).
const bumpVersionSQL = `UPDATE owners SET version = version + 1 WHERE account_id = $1 AND cloud = $2 RETURNING version`

// logChangesSQL names the instances ($4, an array) version $3 of the owner
// wrote, at $5.
const logChangesSQL = `INSERT INTO instance_changes (account_id, cloud, version, id, changed_at)
	SELECT $1, $2, $3, id, $5 FROM unnest($4::text[]) AS id`

const versionSQL = `SELECT version FROM owners WHERE account_id = $1 AND cloud = $2`

const versionsSQL = `SELECT account_id, cloud, version FROM owners WHERE version > 0`

// changesSQL lists the changes of the owner after version $3 up to $4.
const changesSQL = `SELECT version, id FROM instance_changes
	WHERE account_id = $1 AND cloud = $2 AND version > $3 AND version <= $4`

// pruneChangesSQL deletes the changes made before $1 of the versions of up
// to $2 of them, every change of each: a version must keep all its rows or
// none, since a follower takes a version with rows as whole.
const pruneChangesSQL = `DELETE FROM instance_changes WHERE (account_id, cloud, version) IN (
	SELECT account_id, cloud, version FROM instance_changes WHERE changed_at < $1 ORDER BY changed_at LIMIT $2)`

// changeRetention is how long the log keeps a change. A node whose index is
// further behind than that on some owner (down, or cut off from the
// database) loads that owner's index again whole, which the gap in the
// versions tells it to do.
const changeRetention = time.Hour

// logChanges is the flavor's LogChanges.
func logChanges(ctx context.Context, tx *sql.Tx, owner compute.Owner, ids []string, all bool) error {
	a, c := string(owner.Account), string(owner.Cloud)
	var version int64
	if err := tx.QueryRowContext(ctx, bumpVersionSQL, a, c).Scan(&version); err != nil {
		return err
	}
	if all {
		ids = []string{""}
	}
	_, err := tx.ExecContext(ctx, logChangesSQL, a, c, version, ids, time.Now().UnixNano())
	return err
}

// Version returns the owner's version: how many transactions changed its
// instances (0 before the first).
func (s *Store) Version(ctx context.Context, o compute.Owner) (int64, error) {
	var v int64
	err := s.versionStmt.QueryRowContext(ctx, string(o.Account), string(o.Cloud)).Scan(&v)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, s.fail("version", err)
	}
	return v, nil
}

// Versions returns the version of every owner whose instances changed.
func (s *Store) Versions(ctx context.Context) (map[compute.Owner]int64, error) {
	rows, err := s.db.QueryContext(ctx, versionsSQL)
	if err != nil {
		return nil, s.fail("versions", err)
	}
	defer rows.Close()
	out := map[compute.Owner]int64{}
	for rows.Next() {
		var (
			a, c string
			v    int64
		)
		if err := rows.Scan(&a, &c, &v); err != nil {
			return nil, s.fail("versions", err)
		}
		out[compute.Owner{Account: compute.AccountID(a), Cloud: compute.Cloud(c)}] = v
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("versions", err)
	}
	return out, nil
}

// Changes returns the instances the owner's versions after after, up to
// upTo, wrote, each once; or all, when one of them was a reset or the log
// no longer holds them all.
func (s *Store) Changes(ctx context.Context, o compute.Owner, after, upTo int64) (ids []compute.InstanceID, all bool, err error) {
	rows, err := s.db.QueryContext(ctx, changesSQL, string(o.Account), string(o.Cloud), after, upTo)
	if err != nil {
		return nil, false, s.fail("changes", err)
	}
	defer rows.Close()
	var (
		versions = map[int64]bool{}
		seen     = map[compute.InstanceID]bool{}
	)
	for rows.Next() {
		var (
			v  int64
			id string
		)
		if err := rows.Scan(&v, &id); err != nil {
			return nil, false, s.fail("changes", err)
		}
		versions[v] = true
		switch iid := compute.InstanceID(id); {
		case id == "":
			all = true
		case !seen[iid]:
			seen[iid] = true
			ids = append(ids, iid)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, s.fail("changes", err)
	}
	// Every version has rows until they are pruned: a version without
	// any means the log no longer covers the gap.
	if all || int64(len(versions)) != upTo-after {
		return nil, true, nil
	}
	return ids, false, nil
}

// pruneChanges deletes changes older than the retention at now, at most
// sweepBatches batches, and reports how many.
func (s *Store) pruneChanges(ctx context.Context, now time.Time) (int64, error) {
	return s.deleteInBatches(ctx, "prune_changes", s.db, pruneChangesSQL, now.Add(-changeRetention).UnixNano())
}

// pruneEvery is how often each node deletes changes past the retention.
const pruneEvery = time.Minute

// prune deletes old changes every pruneEvery until Close.
func (s *Store) prune(ctx context.Context) {
	// A failed prune leaves the rows to the next.
	s.every(ctx, pruneEvery, func() { _, _ = s.pruneChanges(ctx, time.Now()) })
}
