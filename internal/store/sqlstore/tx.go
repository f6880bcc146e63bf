package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// querier runs a read: a transaction, or the store's read pool through its
// cache of prepared statements.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readPool runs reads on the read pool, statements prepared once.
type readPool struct{ s *Store }

func (p readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.s.query(ctx, query, args...)
}

// txQuerier runs reads inside a transaction, placeholders rebound.
type txQuerier struct {
	s  *Store
	tx *sql.Tx
}

func (q txQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.s.txQuery(ctx, q.tx, query, args...)
}

// reader implements compute.Reader for one owner over a querier.
type reader struct {
	s     *Store
	q     querier
	owner compute.Owner
	// lock ends each SELECT of instances inside a transaction (FOR
	// UPDATE where the flavor needs it).
	lock string
}

// Read implements compute.Store.
func (s *Store) Read(owner compute.Owner) compute.Reader {
	return &failingReader{reader{s: s, q: readPool{s}, owner: owner}}
}

// failingReader turns the errors of reads outside a transaction into
// compute.Errors; inside one, Update does.
type failingReader struct{ r reader }

func (f *failingReader) Get(ctx context.Context, kind compute.Kind, ids ...string) ([]compute.Resource, error) {
	out, err := f.r.Get(ctx, kind, ids...)
	return out, f.r.s.fail("read", err)
}

func (f *failingReader) Find(ctx context.Context, filter compute.Filter) ([]compute.Resource, error) {
	out, err := f.r.Find(ctx, filter)
	return out, f.r.s.fail("read", err)
}

func (f *failingReader) Links(ctx context.Context, lf compute.LinkFilter) ([]compute.Link, error) {
	out, err := f.r.Links(ctx, lf)
	return out, f.r.s.fail("read", err)
}

// Get implements compute.Reader.
func (r reader) Get(ctx context.Context, kind compute.Kind, ids ...string) ([]compute.Resource, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return r.Find(ctx, compute.Filter{Kind: kind, IDs: ids})
}

// Find implements compute.Reader.
func (r reader) Find(ctx context.Context, f compute.Filter) ([]compute.Resource, error) {
	if _, ok := compute.New(f.Kind); !ok {
		return nil, fmt.Errorf("find: no resource of kind %q", f.Kind)
	}
	var out []compute.Resource
	if len(f.IDs) == 0 {
		return r.findChunk(ctx, f, nil, out)
	}
	ids := dedupeStrings(f.IDs)
	for chunk := range slices.Chunk(ids, idChunk) {
		var err error
		if out, err = r.findChunk(ctx, f, chunk, out); err != nil {
			return nil, err
		}
	}
	if len(ids) > idChunk {
		slices.SortStableFunc(out, func(a, b compute.Resource) int {
			return int(a.Metadata().Serial - b.Metadata().Serial)
		})
	}
	return out, nil
}

// findChunk appends to out the resources of f among ids (all, when ids is
// nil), in creation order.
func (r reader) findChunk(ctx context.Context, f compute.Filter, ids []string, out []compute.Resource) ([]compute.Resource, error) {
	query, args := findSQL(r.owner, f, ids)
	rows, err := r.q.QueryContext(ctx, query+r.lock, args...)
	if err != nil {
		return nil, err
	}
	if f.Kind == compute.KindInstance {
		found, err := scanInstances(rows, r.owner, nil, nil)
		if err != nil {
			return nil, err
		}
		for _, si := range found {
			inst := si.inst
			out = append(out, &inst)
		}
		return out, nil
	}
	return scanResources(rows, r.owner, out)
}

// findSQL is the read of the owner's resources of f among ids (all, when
// ids is nil), in creation order: instanceCols from instances for
// instances, resourceCols from resources for the other kinds.
func findSQL(owner compute.Owner, f compute.Filter, ids []string) (string, []any) {
	var b strings.Builder
	args := []any{string(owner.Account), string(owner.Cloud)}
	if f.Kind == compute.KindInstance {
		b.WriteString(`SELECT ` + instanceCols + ` FROM instances WHERE ` + ownerSQL)
	} else {
		b.WriteString(`SELECT ` + resourceCols + ` FROM resources WHERE ` + ownerSQL + ` AND kind = ?`)
		args = append(args, string(f.Kind))
	}
	if f.Region != "" {
		b.WriteString(` AND region = ?`)
		args = append(args, string(f.Region))
	}
	if ids != nil {
		b.WriteString(` AND id IN (` + placeholders(len(ids)) + `)`)
		for _, id := range ids {
			args = append(args, id)
		}
	}
	for _, lf := range f.Links {
		lf.Kind = f.Kind
		where, largs := linkWhere(owner, lf)
		b.WriteString(` AND id IN (SELECT l.id FROM links l WHERE ` + where + `)`)
		args = append(args, largs...)
	}
	b.WriteString(` ORDER BY seq`)
	return b.String(), args
}

// linkWhere is the condition, on table links as l, of links of owner that
// meet lf.
func linkWhere(owner compute.Owner, lf compute.LinkFilter) (string, []any) {
	var b strings.Builder
	args := []any{string(owner.Account), string(owner.Cloud)}
	b.WriteString(`l.account_id = ? AND l.cloud = ?`)
	if lf.Prefix {
		// A range rather than LIKE, which an index serves on either
		// database whatever its collation.
		b.WriteString(` AND l.attr >= ? AND l.attr < ?`)
		args = append(args, lf.Attr, lf.Attr+"\U0010FFFF")
	} else {
		b.WriteString(` AND l.attr = ?`)
		args = append(args, lf.Attr)
	}
	if len(lf.Values) > 0 {
		b.WriteString(` AND l.value IN (` + placeholders(len(lf.Values)) + `)`)
		for _, v := range lf.Values {
			args = append(args, v)
		}
	}
	if lf.Kind != "" {
		b.WriteString(` AND l.kind = ?`)
		args = append(args, string(lf.Kind))
	}
	return b.String(), args
}

// linksSQL reads the owner's links that meet lf.
func linksSQL(owner compute.Owner, lf compute.LinkFilter) (string, []any) {
	where, args := linkWhere(owner, lf)
	return `SELECT l.attr, l.value, l.kind, l.id FROM links l WHERE ` + where + ` ORDER BY l.attr, l.value, l.kind, l.id`, args
}

// Links implements compute.Reader.
func (r reader) Links(ctx context.Context, lf compute.LinkFilter) ([]compute.Link, error) {
	query, args := linksSQL(r.owner, lf)
	rows, err := r.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []compute.Link
	for rows.Next() {
		var l compute.Link
		var kind string
		if err := rows.Scan(&l.Attr, &l.Value, &kind, &l.From.ID); err != nil {
			return nil, err
		}
		l.From.Kind = compute.Kind(kind)
		out = append(out, l)
	}
	return out, rows.Err()
}

// scanResources appends the rows of r (resourceCols) and closes r.
func scanResources(rows *sql.Rows, owner compute.Owner, out []compute.Resource) ([]compute.Resource, error) {
	defer rows.Close()
	for rows.Next() {
		var (
			seq, created           int64
			kind, id, region, body string
		)
		if err := rows.Scan(&seq, &kind, &id, &region, &created, &body); err != nil {
			return nil, err
		}
		res, err := decodeBody(compute.Kind(kind), body)
		if err != nil {
			return nil, err
		}
		if err := setID(res, id); err != nil {
			return nil, err
		}
		m := res.Metadata()
		m.Owner, m.Region, m.CreatedAt, m.Serial = owner, compute.RegionID(region), fromNanos(created), seq
		out = append(out, res)
	}
	return out, rows.Err()
}

// setID sets the ID of a resource decoded from a body, which holds none.
func setID(r compute.Resource, id string) error {
	switch v := r.(type) {
	case *compute.Network:
		v.ID = compute.NetworkID(id)
	case *compute.Subnet:
		v.ID = compute.SubnetID(id)
	case *compute.SecurityGroup:
		v.ID = compute.SecurityGroupID(id)
	case *compute.Disk:
		v.ID = compute.DiskID(id)
	case *compute.KeyPair:
		v.ID = compute.KeyPairID(id)
	default:
		return fmt.Errorf("no ID to set on a %T", r)
	}
	return nil
}

// txn implements compute.Tx over one database transaction.
type txn struct {
	reader
	tx *sql.Tx
	// created counts the instances the transaction created.
	created int
	// changed are the instances the transaction wrote, for
	// Flavor.LogChanges; an ID may repeat.
	changed []string
}

// Update implements compute.Store.
func (s *Store) Update(ctx context.Context, owner compute.Owner, now time.Time, fn func(tx compute.Tx) error) error {
	var t *txn
	err := s.inTx(ctx, &owner, func(tx *sql.Tx) error {
		reaped, err := s.reapTx(ctx, tx, owner, nanos(now))
		if err != nil {
			return err
		}
		t = &txn{reader: reader{s: s, q: txQuerier{s, tx}, owner: owner, lock: s.flavor.ForUpdate}, tx: tx, changed: reaped}
		if err := fn(t); err != nil {
			if _, ok := err.(*decided); ok {
				return err
			}
			if _, ok := compute.AsError(err); ok {
				// The core's own refusal, or one this store made:
				// neither retried nor classified again.
				return &decided{err}
			}
			return err // a driver's error: retried when it says so
		}
		return s.logChanges(ctx, tx, owner, t.changed, false)
	})
	if err == nil && t.created > 0 && s.created != nil {
		s.created(t.created)
	}
	return s.fail("update", err)
}

func (t *txn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.s.txExec(ctx, t.tx, query, args...)
}

// Put implements compute.Tx.
func (t *txn) Put(ctx context.Context, r compute.Resource) error {
	body, err := encodeBody(r)
	if err != nil {
		return &compute.Error{Code: compute.Internal, Op: "put", Message: "internal error", Err: err}
	}
	k := r.Key()
	a, c := string(t.owner.Account), string(t.owner.Cloud)
	if k.Kind == compute.KindInstance {
		if err := t.replaceInstance(ctx, r.(*compute.Instance), string(body)); err != nil {
			return err
		}
	} else {
		res, err := t.exec(ctx, updateResourceSQL, string(body), a, c, string(k.Kind), k.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			m := r.Metadata()
			var err error
			if m.Serial > 0 {
				// A resource restored from a snapshot keeps its serial.
				_, err = t.exec(ctx, insertResourceSerialSQL(t.s.flavor.OverrideIdentity), m.Serial, string(k.Kind), k.ID, a, c,
					string(m.Region), nanos(m.CreatedAt), string(body))
				if err == nil {
					err = t.bumpSerials(ctx, "resources")
				}
			} else {
				err = t.tx.QueryRowContext(ctx, t.s.rebind(insertResourceSQL), string(k.Kind), k.ID, a, c,
					string(m.Region), nanos(m.CreatedAt), string(body)).Scan(&m.Serial)
			}
			if err != nil {
				if t.s.flavor.Classify(err) == FaultUnique {
					return &compute.Error{Code: compute.AlreadyExists, Op: "put", Param: string(k.Kind), Value: k.ID,
						Message: fmt.Sprintf("%s %s exists already", k.Kind, k.ID), Err: err}
				}
				return err
			}
		}
	}
	if _, err := t.exec(ctx, deleteLinksSQL, a, c, string(k.Kind), k.ID); err != nil {
		return err
	}
	return t.insertLinks(ctx, []compute.Resource{r})
}

// replaceInstance rewrites an existing instance whole, and moves it in the
// listing counts when its resource group changed.
func (t *txn) replaceInstance(ctx context.Context, inst *compute.Instance, attrs string) error {
	const op = "put"
	a, c := string(t.owner.Account), string(t.owner.Cloud)
	rows, err := t.s.txQuery(ctx, t.tx, placeSQL, a, c, string(inst.ID))
	if err != nil {
		return err
	}
	old, err := scanPlaces(rows, nil)
	if err != nil {
		return err
	}
	if len(old) == 0 {
		return &compute.Error{Code: compute.Internal, Op: op, Message: "internal error",
			Err: fmt.Errorf("put of instance %s, which the owner lacks", inst.ID)}
	}
	_, err = t.exec(ctx, replaceSQL, inst.ResourceGroup, inst.Name, inst.ImageID, inst.InstanceType,
		string(inst.ChargeType), attrs, a, c, string(inst.ID))
	if err != nil {
		return err
	}
	if err := t.SetLifecycles(ctx, []compute.Instance{*inst}); err != nil {
		return err
	}
	if old[0].group != inst.ResourceGroup {
		moved := old[0]
		moved.group = inst.ResourceGroup
		if err := t.s.removeTallies(ctx, t.tx, t.owner, old); err != nil {
			return err
		}
		return t.s.addTallies(ctx, t.tx, t.owner, []place{moved})
	}
	return nil
}

// linkBatch is how many links one INSERT adds at most.
const linkBatch = 100

// insertLinks adds the links of new or rewritten resources.
func (t *txn) insertLinks(ctx context.Context, rs []compute.Resource) error {
	a, c := string(t.owner.Account), string(t.owner.Cloud)
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := t.exec(ctx, insertLinksSQL(len(args)/linkCols), args...)
		args = args[:0]
		return err
	}
	for _, r := range rs {
		k := r.Key()
		seen := make(map[compute.Link]bool)
		for _, l := range compute.LinksOf(r) {
			if seen[l] {
				continue
			}
			seen[l] = true
			args = append(args, a, c, l.Attr, l.Value, string(k.Kind), k.ID)
			if len(args) == linkBatch*linkCols {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// Delete implements compute.Tx.
func (t *txn) Delete(ctx context.Context, k compute.Key) error {
	a, c := string(t.owner.Account), string(t.owner.Cloud)
	if k.Kind == compute.KindInstance {
		rows, err := t.tx.StmtContext(ctx, t.s.deleteStmt).QueryContext(ctx, a, c, k.ID)
		if err != nil {
			return err
		}
		t.changed = append(t.changed, k.ID)
		removed, err := scanPlaces(rows, nil)
		if err != nil {
			return err
		}
		if err := t.s.removeTallies(ctx, t.tx, t.owner, removed); err != nil {
			return err
		}
	} else if _, err := t.exec(ctx, deleteResourceSQL, a, c, string(k.Kind), k.ID); err != nil {
		return err
	}
	_, err := t.exec(ctx, deleteLinksSQL, a, c, string(k.Kind), k.ID)
	return err
}

// logChanges runs Flavor.LogChanges, when there is one and something
// changed.
func (s *Store) logChanges(ctx context.Context, tx *sql.Tx, owner compute.Owner, ids []string, all bool) error {
	if s.flavor.LogChanges == nil || len(ids) == 0 && !all {
		return nil
	}
	return s.flavor.LogChanges(ctx, tx, owner, dedupeStrings(ids), all)
}

// reapTx removes the owner's instances gone at now, and their links, and
// returns their IDs.
func (s *Store) reapTx(ctx context.Context, tx *sql.Tx, owner compute.Owner, now int64) ([]string, error) {
	var gone bool
	a, c := string(owner.Account), string(owner.Cloud)
	rows, err := s.txQuery(ctx, tx, `SELECT `+hasGoneSQL, a, c, now)
	if err != nil {
		return nil, err
	}
	if err := scanOne(rows, &gone); err != nil || !gone {
		return nil, err
	}
	rows, err = tx.StmtContext(ctx, s.reapStmt).QueryContext(ctx, a, c, now)
	if err != nil {
		return nil, err
	}
	var (
		removed []place
		ids     []string
	)
	defer rows.Close()
	for rows.Next() {
		var (
			id                  string
			p                   place
			region, zone, group string
		)
		if err := rows.Scan(&id, &p.seq, &region, &zone, &group); err != nil {
			return nil, err
		}
		p.region, p.zone, p.group = compute.RegionID(region), compute.ZoneID(zone), group
		removed = append(removed, p)
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := s.txExec(ctx, tx, deleteLinksSQL, a, c, string(compute.KindInstance), id); err != nil {
			return nil, err
		}
	}
	return ids, s.removeTallies(ctx, tx, owner, removed)
}

func dedupeStrings(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
