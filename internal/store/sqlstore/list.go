package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// List implements compute.Store.
//
// Instances gone at now are never listed nor counted. A listing by scope or
// by filter also removes ("reaps") them: its first read tells, from one
// probe of a small partial index, whether the owner has any, and only then
// does the listing write. A listing by scope reads again after reaping,
// since its counts included them; the others leave them out by condition.
func (s *Store) List(ctx context.Context, q compute.Query, now time.Time) (compute.Page, error) {
	q.Offset, q.Limit = max(q.Offset, 0), max(q.Limit, 0)
	var (
		page compute.Page
		err  error
	)
	switch scope, ok := scopeKey(q); {
	case ok:
		page, err = s.listScope(ctx, q, scope, nanos(now))
	case len(q.IDs) > 0:
		page, err = s.listIDs(ctx, q, nanos(now))
	default:
		page, err = s.listScan(ctx, q, nanos(now))
	}
	if err != nil {
		return compute.Page{}, s.fail("list", err)
	}
	return page, nil
}

// listScope lists a scope from its counts: the total is one lookup, and a
// page at any depth starts in the bucket that holds its first instance.
func (s *Store) listScope(ctx context.Context, q compute.Query, scope string, now int64) (compute.Page, error) {
	for reaped := false; ; reaped = true {
		page, gone, err := s.readScope(ctx, q, scope, now)
		// After a reap, gone can only be an instance that went in the
		// meantime; the next listing takes it.
		if err != nil || !gone || reaped {
			return page, err
		}
		if err := s.reap(ctx, q.Owner, now); err != nil {
			return compute.Page{}, err
		}
	}
}

// readScope reads one page of a scope and its total, and whether the owner
// has gone instances; when it has, the page may count them.
func (s *Store) readScope(ctx context.Context, q compute.Query, scope string, now int64) (compute.Page, bool, error) {
	a, c := string(q.Account), string(q.Cloud)
	var (
		total int64
		gone  bool
	)
	kind, cols := scopeOf(q)
	args := scopeArgs(a, c, scope, now, q.Limit, q.Offset, cols...)
	// A shallow page skips its offset in the index; a deep one starts in
	// the bucket that holds its first instance (see pageSQL).
	deep := q.Offset >= bucketSize
	scan := scanInstances
	if q.Brief {
		scan = scanBrief
	}
	rows, err := s.pageStmt(kind, q.Brief, deep).QueryContext(ctx, args...)
	if err != nil {
		return compute.Page{}, false, err
	}
	found, err := scan(rows, q.Owner, nil, []any{&total, &gone})
	if err != nil {
		return compute.Page{}, false, err
	}
	if len(found) == 0 {
		return s.readCount(ctx, q, scope, now)
	}
	return compute.Page{Instances: plain(found), Total: int(total)}, gone, nil
}

// readCount reads a scope's total alone, for an empty page.
func (s *Store) readCount(ctx context.Context, q compute.Query, scope string, now int64) (compute.Page, bool, error) {
	a, c := string(q.Account), string(q.Cloud)
	var (
		total int64
		gone  bool
	)
	if err := s.countStmt.QueryRowContext(ctx, scopeArgs(a, c, scope, now, 0, 0)[:4]...).Scan(&total, &gone); err != nil {
		return compute.Page{}, false, err
	}
	return compute.Page{Total: int(total)}, gone, nil
}

// scopeOf tells which statement lists the scope of q, and its arguments.
// q has a scope key.
func scopeOf(q compute.Query) (scopeKind, []any) {
	switch {
	case q.ResourceGroup != "":
		return scopeGroup, []any{q.ResourceGroup}
	case q.Zone != "":
		return scopeZone, []any{string(q.Region), string(q.Zone)}
	case q.Region != "":
		return scopeRegion, []any{string(q.Region)}
	}
	return scopeAll, nil
}

// listIDs lists the named instances: at most a few hundred rows, read by ID
// and paged here.
func (s *Store) listIDs(ctx context.Context, q compute.Query, now int64) (compute.Page, error) {
	where, args := filter(q, now)
	cols, scan := instanceCols, scanInstances
	if q.Brief {
		cols, scan = briefCols, scanBrief
	}
	var found []seqInstance
	for chunk := range slices.Chunk(q.IDs, idChunk) {
		// The list is padded with its last ID to a size of idListSizes,
		// so that a few statements serve every length and stay prepared.
		n := paddedLen(len(chunk))
		a := slices.Grow(slices.Clone(args), n)
		for i := range n {
			a = append(a, string(chunk[min(i, len(chunk)-1)]))
		}
		rows, err := s.query(ctx, `SELECT `+cols+` FROM instances WHERE `+where+` AND id IN (`+placeholders(n)+`)`, a...)
		if err != nil {
			return compute.Page{}, err
		}
		if found, err = scan(rows, q.Owner, found, nil); err != nil {
			return compute.Page{}, err
		}
	}
	all := sortBySeq(found)
	page := compute.Page{Total: len(all)}
	if q.Offset < len(all) {
		page.Instances = all[q.Offset : q.Offset+min(len(all)-q.Offset, q.Limit)]
	}
	return page, nil
}

// listScan lists instances by a condition that no count covers (a status,
// part of a name, or a region and a resource group together). This is the
// slow path: counting and skipping to the page walk every instance of the
// owner that matches the index-backed part of the condition.
func (s *Store) listScan(ctx context.Context, q compute.Query, now int64) (compute.Page, error) {
	var (
		page compute.Page
		gone bool
		err  error
	)
	if s.flavor.ScanIsolation == sql.LevelDefault {
		page, gone, err = s.readScan(ctx, readPool{s}, q, now)
	} else {
		// The count and the page in one snapshot, so that the total
		// agrees with the page while other transactions write.
		var tx *sql.Tx
		if tx, err = s.read.BeginTx(ctx, &sql.TxOptions{Isolation: s.flavor.ScanIsolation, ReadOnly: true}); err != nil {
			return compute.Page{}, err
		}
		page, gone, err = s.readScan(ctx, txQuerier{s, tx}, q, now)
		if err == nil {
			err = tx.Commit()
		} else {
			_ = tx.Rollback()
		}
	}
	if err != nil {
		return compute.Page{}, err
	}
	if gone {
		// The filter leaves gone instances out already; reaping is
		// housekeeping.
		if err := s.reap(ctx, q.Owner, now); err != nil {
			return compute.Page{}, err
		}
	}
	return page, nil
}

// readScan counts what listScan lists and reads its page, through qr, and
// tells whether the owner has gone instances.
func (s *Store) readScan(ctx context.Context, qr querier, q compute.Query, now int64) (compute.Page, bool, error) {
	where, args := filter(q, now)
	a, c := string(q.Account), string(q.Cloud)
	var (
		total int64
		gone  bool
	)
	countArgs := append(append([]any{}, a, c, now), args...)
	countRows, err := qr.QueryContext(ctx, `SELECT `+hasGoneSQL+`, COUNT(*) FROM instances WHERE `+where, countArgs...)
	if err != nil {
		return compute.Page{}, false, err
	}
	if err := scanOne(countRows, &gone, &total); err != nil {
		return compute.Page{}, false, err
	}
	page := compute.Page{Total: int(total)}
	if int64(q.Offset) >= total || q.Limit == 0 {
		return page, gone, nil
	}
	rows, err := qr.QueryContext(ctx, `SELECT `+instanceCols+` FROM instances WHERE `+where+
		` ORDER BY seq LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil {
		return compute.Page{}, false, err
	}
	found, err := scanInstances(rows, q.Owner, nil, nil)
	if err != nil {
		return compute.Page{}, false, err
	}
	page.Instances = plain(found)
	return page, gone, nil
}

// filter is the condition of q but its IDs, gone instances left out.
func filter(q compute.Query, now int64) (string, []any) {
	var b strings.Builder
	args := []any{string(q.Account), string(q.Cloud)}
	b.WriteString(ownerSQL)
	if q.Region != "" {
		b.WriteString(` AND region = ?`)
		args = append(args, string(q.Region))
	}
	if q.Zone != "" {
		b.WriteString(` AND zone = ?`)
		args = append(args, string(q.Zone))
	}
	if q.ResourceGroup != "" {
		b.WriteString(` AND resource_group = ?`)
		args = append(args, q.ResourceGroup)
	}
	if len(q.Statuses) > 0 {
		b.WriteString(` AND ` + statusSQL + ` IN (` + placeholders(len(q.Statuses)) + `)`)
		args = append(args, now, now)
		for _, st := range q.Statuses {
			args = append(args, string(st))
		}
	}
	if q.NameContains != "" {
		// LIKE, unlike a vendor's substring function, runs on both
		// databases; SQLite's is made case-sensitive like PostgreSQL's
		// by its Open.
		b.WriteString(` AND name LIKE '%' || CAST(? AS TEXT) || '%' ESCAPE '\'`)
		args = append(args, escapeLike(q.NameContains))
	}
	for _, lf := range q.Links {
		lf.Kind = compute.KindInstance
		where, largs := linkWhere(q.Owner, lf)
		b.WriteString(` AND id IN (SELECT l.id FROM links l WHERE ` + where + `)`)
		args = append(args, largs...)
	}
	b.WriteString(` AND NOT (` + goneSQL + `)`)
	args = append(args, now)
	return b.String(), args
}

// reap removes the owner's gone instances.
func (s *Store) reap(ctx context.Context, owner compute.Owner, now int64) error {
	return s.inTx(ctx, &owner, func(tx *sql.Tx) error {
		reaped, err := s.reapTx(ctx, tx, owner, now)
		if err != nil {
			return err
		}
		return s.logChanges(ctx, tx, owner, reaped, false)
	})
}

func plain(rows []seqInstance) []compute.Instance {
	out := make([]compute.Instance, len(rows))
	for i, r := range rows {
		out[i] = r.inst
	}
	return out
}

// EachListing calls fn with the listing fields of every instance of every
// owner (ID, Owner, Region, Zone, ResourceGroup, Serial, Target, Stages), in
// ascending Serial: what an index of the listings loads on start. The
// values many instances share (owner, region, zone, group, statuses) are
// read without a copy and shared, so that a million rows cost about one
// allocation each, their ID.
func (s *Store) EachListing(ctx context.Context, fn func(compute.Instance) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT account_id, cloud, region, zone, resource_group, target, stage1, stage2,
		seq, id, until1, until2 FROM instances ORDER BY seq`)
	if err != nil {
		return s.fail("load listings", err)
	}
	defer rows.Close()
	var (
		shared              [8]sql.RawBytes
		id                  string
		seq, until1, until2 int64
	)
	dest := []any{&shared[0], &shared[1], &shared[2], &shared[3], &shared[4], &shared[5], &shared[6], &shared[7], &seq, &id, &until1, &until2}
	str := interner{}.of
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return s.fail("load listings", err)
		}
		inst := compute.Instance{ID: compute.InstanceID(id), Meta: compute.Meta{
			Owner:  compute.Owner{Account: compute.AccountID(str(shared[0])), Cloud: compute.Cloud(str(shared[1]))},
			Region: compute.RegionID(str(shared[2])), Zone: compute.ZoneID(str(shared[3])), ResourceGroup: str(shared[4]), Serial: seq,
		}, Target: compute.Status(str(shared[5])), Stages: decodeStages(str(shared[6]), until1, str(shared[7]), until2)}
		if err := fn(inst); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail("load listings", err)
	}
	return nil
}

// InstanceCounts counts the instances of every owner, gone ones included
// (as EachListing lists them): what an index loading them pre-sizes its
// tables by, so that a million rows are not copied as the tables grow. The
// count reads the owner index alone, not the rows.
func (s *Store) InstanceCounts(ctx context.Context) (map[compute.Owner]int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT account_id, cloud, COUNT(*) FROM instances GROUP BY account_id, cloud`)
	if err != nil {
		return nil, s.fail("count instances", err)
	}
	defer rows.Close()
	counts := map[compute.Owner]int{}
	for rows.Next() {
		var (
			account, cloud string
			n              int
		)
		if err := rows.Scan(&account, &cloud, &n); err != nil {
			return nil, s.fail("count instances", err)
		}
		counts[compute.Owner{Account: compute.AccountID(account), Cloud: compute.Cloud(cloud)}] = n
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("count instances", err)
	}
	return counts, nil
}

// EachListingOf calls fn with the listing fields of owner's instances, as
// EachListing does for every owner, in ascending Serial: an index loads
// owners apart, and so several at once.
func (s *Store) EachListingOf(ctx context.Context, owner compute.Owner, fn func(compute.Instance) error) error {
	rows, err := s.read.QueryContext(ctx, s.rebind(`SELECT region, zone, resource_group, target, stage1, stage2,
		seq, id, until1, until2 FROM instances WHERE `+ownerSQL+` ORDER BY seq`), string(owner.Account), string(owner.Cloud))
	if err != nil {
		return s.fail("load listings", err)
	}
	defer rows.Close()
	var (
		shared              [6]sql.RawBytes
		id                  string
		seq, until1, until2 int64
	)
	dest := []any{&shared[0], &shared[1], &shared[2], &shared[3], &shared[4], &shared[5], &seq, &id, &until1, &until2}
	str := interner{}.of
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return s.fail("load listings", err)
		}
		inst := compute.Instance{ID: compute.InstanceID(id), Meta: compute.Meta{
			Owner:  owner,
			Region: compute.RegionID(str(shared[0])), Zone: compute.ZoneID(str(shared[1])), ResourceGroup: str(shared[2]), Serial: seq,
		}, Target: compute.Status(str(shared[3])), Stages: decodeStages(str(shared[4]), until1, str(shared[5]), until2)}
		if err := fn(inst); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.fail("load listings", err)
	}
	return nil
}

// interner shares the strings many rows hold alike (owners, regions,
// zones, statuses): each distinct value is copied out of the driver's
// buffer once.
type interner map[string]string

func (in interner) of(b []byte) string {
	if v, ok := in[string(b)]; ok {
		return v
	}
	v := string(b)
	in[v] = v
	return v
}
