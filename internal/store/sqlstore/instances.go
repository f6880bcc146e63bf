package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/ecsd/ecsd/internal/compute"
)

// Claimed implements compute.Tx.
func (t *txn) Claimed(ctx context.Context, token string) ([]compute.Instance, bool, error) {
	ids, err := t.s.tokenIDs(ctx, t.tx, t.owner, token)
	if err != nil || len(ids) == 0 {
		return nil, false, err
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = string(id)
	}
	found, err := t.Get(ctx, compute.KindInstance, keys...)
	if err != nil {
		return nil, false, err
	}
	out := make([]compute.Instance, len(found))
	for i, r := range found {
		out[i] = *r.(*compute.Instance)
	}
	return out, true, nil
}

// CreateInstances implements compute.Tx.
func (t *txn) CreateInstances(ctx context.Context, token string, instances []compute.Instance) ([]compute.Instance, error) {
	const op = "create"
	ctxTx, s, owner := t.tx, t.s, t.owner
	states := make([]stateCols, len(instances))
	attrs := make([]string, len(instances))
	for i := range instances {
		st, err := encodeState(instances[i])
		if err != nil {
			return nil, &compute.Error{Code: compute.Internal, Op: op, Message: "internal error", Err: err}
		}
		body, err := encodeBody(&instances[i])
		if err != nil {
			return nil, &compute.Error{Code: compute.Internal, Op: op, Message: "internal error", Err: err}
		}
		states[i], attrs[i] = st, string(body)
	}
	placed := make([]place, len(instances))
	rowArgs := func(i int) []any {
		inst, st := instances[i], states[i]
		placed[i].region, placed[i].zone, placed[i].group = inst.Region, inst.Zone, inst.ResourceGroup
		return []any{string(inst.ID), string(owner.Account), string(owner.Cloud),
			string(inst.Region), string(inst.Zone), inst.ResourceGroup, inst.Name, inst.ImageID,
			inst.InstanceType, string(inst.ChargeType), nanos(inst.CreatedAt),
			string(inst.Target), st.stage1, st.until1, st.stage2, st.until2, attrs[i]}
	}
	exists := func(err error, run []compute.Instance) error {
		e := &compute.Error{Code: compute.AlreadyExists, Op: op, Param: string(compute.KindInstance),
			Message: "an instance of the batch exists already", Err: err}
		if len(run) == 1 {
			e.Value, e.Instance, e.Message = string(run[0].ID), run[0].ID, fmt.Sprintf("instance %s exists already", run[0].ID)
		}
		return e
	}
	var err error
	if restoring(instances) {
		// Instances that keep the serials they had (a snapshot being
		// restored): one row at a time, each with its seq.
		for i := range instances {
			placed[i].seq = instances[i].Serial
			args := append([]any{instances[i].Serial}, rowArgs(i)...)
			if _, err = ctxTx.ExecContext(ctx, s.rebind(insertSerialSQL(s.flavor.OverrideIdentity)), args...); err != nil {
				if s.flavor.Classify(err) == FaultUnique {
					return nil, exists(err, instances[i:i+1])
				}
				return nil, err
			}
		}
		err = t.bumpSerials(ctx, "instances")
	} else {
		err = runs(len(instances), func(start, k int) error {
			run := instances[start : start+insertRows[k]]
			args := make([]any, 0, len(run)*insertCols)
			at := make(map[string]int, len(run)) // where each ID of the run is
			for i, inst := range run {
				args = append(args, rowArgs(start+i)...)
				at[string(inst.ID)] = start + i
			}
			rows, err := ctxTx.StmtContext(ctx, s.insertStmts[k]).QueryContext(ctx, args...)
			if err == nil {
				// The rows come back in no promised order.
				err = scanSeqs(rows, at, placed)
			}
			if err != nil && s.flavor.Classify(err) == FaultUnique {
				return exists(err, run)
			}
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	if err := s.addTallies(ctx, ctxTx, owner, placed); err != nil {
		return nil, err
	}
	if token != "" {
		err := runs(len(instances), func(start, k int) error {
			args := make([]any, 0, insertRows[k]*4)
			for _, inst := range instances[start : start+insertRows[k]] {
				args = append(args, string(owner.Account), string(owner.Cloud), token, string(inst.ID))
			}
			_, err := ctxTx.StmtContext(ctx, s.addTokens[k]).ExecContext(ctx, args...)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]compute.Instance, len(instances))
	linked := make([]compute.Resource, len(instances))
	for i, inst := range instances {
		inst.Owner = owner
		inst.Serial = placed[i].seq
		inst.Stages = slices.Clone(inst.Stages)
		out[i] = inst
		linked[i] = &out[i]
	}
	if err := t.insertLinks(ctx, linked); err != nil {
		return nil, err
	}
	t.created += len(out)
	for _, inst := range out {
		t.changed = append(t.changed, string(inst.ID))
	}
	return out, nil
}

// restoring reports whether instances keep serials they already have, as
// a restored snapshot's do: all or none of a batch.
func restoring(instances []compute.Instance) bool {
	return len(instances) > 0 && instances[0].Serial > 0
}

// bumpSerials makes the database's own serials of table continue past
// those a restore wrote.
func (t *txn) bumpSerials(ctx context.Context, table string) error {
	if t.s.flavor.BumpSerials == nil {
		return nil
	}
	_, err := t.exec(ctx, t.s.flavor.BumpSerials(table))
	return err
}

// SetLifecycles implements compute.Tx: it stores the lifecycle state of
// instances of the owner, in as few statements as runs cuts them into:
// one round trip for most batches.
func (t *txn) SetLifecycles(ctx context.Context, instances []compute.Instance) error {
	const op = "modify"
	for _, inst := range instances {
		t.changed = append(t.changed, string(inst.ID))
	}
	return runs(len(instances), func(start, k int) error {
		run := instances[start : start+insertRows[k]]
		args := make([]any, 0, len(run)*updateCols+2)
		for _, inst := range run {
			st, err := encodeState(inst)
			if err != nil {
				return &compute.Error{Code: compute.Internal, Op: op, Message: "internal error", Err: err}
			}
			args = append(args, string(inst.ID), string(inst.Target), st.stage1, st.until1, st.stage2, st.until2)
		}
		args = append(args, string(t.owner.Account), string(t.owner.Cloud))
		stmt := t.s.updateMany[k]
		if len(run) == 1 {
			// One instance: the plain UPDATE, with its arguments in
			// its order (updateSQL).
			stmt, args = t.s.updateStmt, append(args[1:], args[0])
		}
		res, err := t.tx.StmtContext(ctx, stmt).ExecContext(ctx, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != int64(len(run)) {
			return &compute.Error{Code: compute.Internal, Op: op, Message: "internal error",
				Err: fmt.Errorf("put of %d instances changed %d: the owner lacks some, or one is put twice", len(run), n)}
		}
		return nil
	})
}

// Reset implements compute.Store. It counts every stored instance of the
// owner, gone ones included: Reset has no time to tell them apart.
func (s *Store) Reset(ctx context.Context, owner compute.Owner) (map[compute.Kind]int, error) {
	var removed map[compute.Kind]int
	err := s.inTx(ctx, &owner, func(tx *sql.Tx) error {
		removed = make(map[compute.Kind]int)
		a, c := string(owner.Account), string(owner.Cloud)
		res, err := tx.ExecContext(ctx, s.rebind(resetSQL[0]), a, c)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n > 0 {
			removed[compute.KindInstance] = int(n)
		}
		rows, err := tx.QueryContext(ctx, s.rebind(resetSQL[1]), a, c)
		if err != nil {
			return err
		}
		for rows.Next() {
			var kind string
			if err := rows.Scan(&kind); err != nil {
				rows.Close()
				return err
			}
			removed[compute.Kind(kind)]++
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		for _, q := range resetSQL[2:] {
			if _, err := tx.ExecContext(ctx, s.rebind(q), a, c); err != nil {
				return err
			}
		}
		return s.logChanges(ctx, tx, owner, nil, true)
	})
	if err != nil {
		return nil, s.fail("reset", err)
	}
	return removed, nil
}

// tokenIDs returns the instances an earlier Create with token made.
func (s *Store) tokenIDs(ctx context.Context, tx *sql.Tx, owner compute.Owner, token string) ([]compute.InstanceID, error) {
	rows, err := tx.StmtContext(ctx, s.tokenStmt).QueryContext(ctx, string(owner.Account), string(owner.Cloud), token)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []compute.InstanceID
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, compute.InstanceID(id))
	}
	return ids, rows.Err()
}

// idChunk bounds the IDs one statement names, well below the limits on
// bound parameters of both databases.
const idChunk = 500

// idListSizes are the lengths to which a list of IDs is padded (see
// listIDs), up to idChunk.
var idListSizes = [...]int{1, 2, 4, 8, 16, 32, 64, 100, 128, 256, idChunk}

// paddedLen is the first of idListSizes that holds n IDs.
func paddedLen(n int) int {
	for _, size := range idListSizes {
		if n <= size {
			return size
		}
	}
	return n
}

// scanSeqs reads the rows of an insert (id, seq) into the places of their
// IDs, and closes r.
func scanSeqs(r *sql.Rows, at map[string]int, placed []place) error {
	defer r.Close()
	n := 0
	for r.Next() {
		var (
			id  string
			seq int64
		)
		if err := r.Scan(&id, &seq); err != nil {
			return err
		}
		i, ok := at[id]
		if !ok {
			return fmt.Errorf("insert returned instance %s, which it was not given", id)
		}
		placed[i].seq = seq
		n++
	}
	if err := r.Err(); err != nil {
		return err
	}
	if n != len(at) {
		return fmt.Errorf("insert returned %d rows of %d", n, len(at))
	}
	return nil
}

// seqInstance is an instance with its creation order.
type seqInstance struct {
	seq  int64
	inst compute.Instance
}

func sortBySeq(rows []seqInstance) []compute.Instance {
	slices.SortFunc(rows, func(a, b seqInstance) int { return cmp.Compare(a.seq, b.seq) })
	return plain(rows)
}

// scanInstances appends the rows of r, which read instanceCols and then
// the columns extra points to, and closes r. extra is scanned on every row,
// so it holds the last row's values.
func scanInstances(r *sql.Rows, owner compute.Owner, out []seqInstance, extra []any) ([]seqInstance, error) {
	defer r.Close()
	var (
		seq, created, until1, until2                                                 int64
		id, region, zone, group, name, image, itype, charge, target, st1, st2, attrs string
	)
	dest := append([]any{&seq, &id, &region, &zone, &group, &name, &image, &itype, &charge,
		&created, &target, &st1, &until1, &st2, &until2, &attrs}, extra...)
	for r.Next() {
		if err := r.Scan(dest...); err != nil {
			return nil, err
		}
		res, err := decodeBody(compute.KindInstance, attrs)
		if err != nil {
			return nil, err
		}
		inst := res.(*compute.Instance)
		inst.ID, inst.Owner, inst.Region, inst.Zone = compute.InstanceID(id), owner, compute.RegionID(region), compute.ZoneID(zone)
		inst.Name, inst.ImageID, inst.InstanceType, inst.ResourceGroup = name, image, itype, group
		inst.ChargeType, inst.CreatedAt, inst.Serial = compute.ChargeType(charge), fromNanos(created), seq
		inst.Target, inst.Stages = compute.Status(target), decodeStages(st1, until1, st2, until2)
		out = append(out, seqInstance{seq: seq, inst: *inst})
	}
	return out, r.Err()
}

// scanBrief reads rows of briefCols, then extra, as scanInstances does.
func scanBrief(r *sql.Rows, owner compute.Owner, out []seqInstance, extra []any) ([]seqInstance, error) {
	defer r.Close()
	var (
		seq, until1, until2  int64
		id, target, st1, st2 string
	)
	dest := append([]any{&seq, &id, &target, &st1, &until1, &st2, &until2}, extra...)
	for r.Next() {
		if err := r.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, seqInstance{seq: seq, inst: compute.Instance{
			ID: compute.InstanceID(id), Meta: compute.Meta{Owner: owner, Serial: seq},
			Target: compute.Status(target), Stages: decodeStages(st1, until1, st2, until2),
		}})
	}
	return out, r.Err()
}

// stateCols are the stage columns of an instance.
type stateCols struct {
	stage1, stage2 string
	until1, until2 int64
}

// encodeState lays out the stages of inst in the columns. Without stages,
// both stage columns are empty and both untils 0; with one, stage2 is empty
// and until2 = until1. So until2 is always when the instance settles.
func encodeState(inst compute.Instance) (stateCols, error) {
	var c stateCols
	switch len(inst.Stages) {
	case 0:
	case 1:
		c.stage1, c.until1 = string(inst.Stages[0].Status), nanos(inst.Stages[0].Until)
		c.until2 = c.until1
	case 2:
		c.stage1, c.until1 = string(inst.Stages[0].Status), nanos(inst.Stages[0].Until)
		c.stage2, c.until2 = string(inst.Stages[1].Status), nanos(inst.Stages[1].Until)
	default:
		return c, fmt.Errorf("instance %s has %d stages, more than %d", inst.ID, len(inst.Stages), compute.MaxStages)
	}
	return c, nil
}

func decodeStages(st1 string, until1 int64, st2 string, until2 int64) []compute.Stage {
	switch {
	case st1 == "":
		return nil
	case st2 == "":
		return []compute.Stage{{Status: compute.Status(st1), Until: fromNanos(until1)}}
	}
	return []compute.Stage{{Status: compute.Status(st1), Until: fromNanos(until1)}, {Status: compute.Status(st2), Until: fromNanos(until2)}}
}
