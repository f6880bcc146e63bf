package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/ecsd/ecsd/internal/compute"
)

// Create implements compute.Store.
func (s *Store) Create(ctx context.Context, owner compute.Owner, token string, instances []compute.Instance) ([]compute.Instance, error) {
	const op = "create"
	states := make([]stateCols, len(instances))
	for i, inst := range instances {
		st, err := encodeState(inst)
		if err != nil {
			return nil, &compute.Error{Code: compute.Internal, Op: op, Message: "internal error", Err: err}
		}
		states[i] = st
	}
	var out []compute.Instance
	err := s.inTx(ctx, &owner, func(tx *sql.Tx) error {
		out = nil
		if token != "" {
			ids, err := s.tokenIDs(ctx, tx, owner, token)
			if err != nil {
				return err
			}
			if len(ids) > 0 {
				found, err := s.load(ctx, tx, owner, ids, "")
				out = found
				return err
			}
		}
		placed := make([]place, len(instances))
		err := runs(len(instances), func(start, k int) error {
			run := instances[start : start+insertRows[k]]
			args := make([]any, 0, len(run)*insertCols)
			at := make(map[string]int, len(run)) // where each ID of the run is
			for i, inst := range run {
				st := states[start+i]
				args = append(args, string(inst.ID), string(owner.Account), string(owner.Cloud),
					string(inst.Region), string(inst.Zone), inst.ResourceGroup, inst.Name, inst.ImageID,
					inst.InstanceType, string(inst.ChargeType), nanos(inst.CreatedAt),
					string(inst.Target), st.stage1, st.until1, st.stage2, st.until2)
				at[string(inst.ID)] = start + i
				placed[start+i].region, placed[start+i].zone, placed[start+i].group = inst.Region, inst.Zone, inst.ResourceGroup
			}
			rows, err := tx.StmtContext(ctx, s.insertStmts[k]).QueryContext(ctx, args...)
			if err == nil {
				// The rows come back in no promised order.
				err = scanSeqs(rows, at, placed)
			}
			if err != nil && s.flavor.Classify(err) == FaultUnique {
				e := &compute.Error{Code: compute.AlreadyExists, Op: op, Param: "instance",
					Message: "an instance of the batch exists already", Err: err}
				if len(run) == 1 {
					e.Value, e.Instance, e.Message = string(run[0].ID), run[0].ID, fmt.Sprintf("instance %s exists already", run[0].ID)
				}
				return e
			}
			return err
		})
		if err != nil {
			return err
		}
		if err := s.addTallies(ctx, tx, owner, placed); err != nil {
			return err
		}
		if token != "" {
			err := runs(len(instances), func(start, k int) error {
				args := make([]any, 0, insertRows[k]*4)
				for _, inst := range instances[start : start+insertRows[k]] {
					args = append(args, string(owner.Account), string(owner.Cloud), token, string(inst.ID))
				}
				_, err := tx.StmtContext(ctx, s.addTokens[k]).ExecContext(ctx, args...)
				return err
			})
			if err != nil {
				return err
			}
		}
		out = make([]compute.Instance, len(instances))
		for i, inst := range instances {
			inst.Owner = owner
			inst.Stages = slices.Clone(inst.Stages)
			out[i] = inst
		}
		return nil
	})
	if err != nil {
		return nil, s.fail(op, err)
	}
	return out, nil
}

// Modify implements compute.Store.
func (s *Store) Modify(ctx context.Context, owner compute.Owner, ids []compute.InstanceID, decide func(found []compute.Instance) (compute.Change, error)) error {
	const op = "modify"
	err := s.inTx(ctx, &owner, func(tx *sql.Tx) error {
		found, err := s.load(ctx, tx, owner, ids, s.flavor.ForUpdate)
		if err != nil {
			return err
		}
		change, err := decide(found)
		if err != nil {
			return &decided{err}
		}
		if len(change.Put) > 0 {
			if err := s.put(ctx, tx, owner, change.Put); err != nil {
				return err
			}
		}
		if len(change.Delete) > 0 {
			del := tx.StmtContext(ctx, s.deleteStmt)
			var removed []place
			for _, id := range change.Delete {
				rows, err := del.QueryContext(ctx, string(owner.Account), string(owner.Cloud), string(id))
				if err != nil {
					return err
				}
				if removed, err = scanPlaces(rows, removed); err != nil {
					return err
				}
			}
			return s.removeTallies(ctx, tx, owner, removed)
		}
		return nil
	})
	return s.fail(op, err)
}

// put stores the lifecycle state of instances of owner, in as few
// statements as runs cuts them into: one round trip for most batches.
func (s *Store) put(ctx context.Context, tx *sql.Tx, owner compute.Owner, instances []compute.Instance) error {
	const op = "modify"
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
		args = append(args, string(owner.Account), string(owner.Cloud))
		stmt := s.updateMany[k]
		if len(run) == 1 {
			// One instance: the plain UPDATE, with its arguments in
			// its order (updateSQL).
			stmt, args = s.updateStmt, append(args[1:], args[0])
		}
		res, err := tx.StmtContext(ctx, stmt).ExecContext(ctx, args...)
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
func (s *Store) Reset(ctx context.Context, owner compute.Owner) (int, error) {
	var n int64
	err := s.inTx(ctx, &owner, func(tx *sql.Tx) error {
		for i, q := range resetSQL {
			res, err := tx.ExecContext(ctx, s.rebind(q), string(owner.Account), string(owner.Cloud))
			if err != nil {
				return err
			}
			if i == 0 {
				if n, err = res.RowsAffected(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, s.fail("reset", err)
	}
	return int(n), nil
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

// load reads the owner's instances among ids, in creation order, with
// suffix (a locking clause) after each SELECT.
func (s *Store) load(ctx context.Context, tx *sql.Tx, owner compute.Owner, ids []compute.InstanceID, suffix string) ([]compute.Instance, error) {
	var rows []seqInstance
	for chunk := range slices.Chunk(ids, idChunk) {
		q := `SELECT ` + instanceCols + ` FROM instances WHERE ` + ownerSQL +
			` AND id IN (` + placeholders(len(chunk)) + `)` + suffix
		args := make([]any, 0, 2+len(chunk))
		args = append(args, string(owner.Account), string(owner.Cloud))
		for _, id := range chunk {
			args = append(args, string(id))
		}
		r, err := tx.QueryContext(ctx, s.rebind(q), args...)
		if err != nil {
			return nil, err
		}
		if rows, err = scanInstances(r, owner, rows, nil); err != nil {
			return nil, err
		}
	}
	return sortBySeq(rows), nil
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
		seq, created, until1, until2                                          int64
		id, region, zone, group, name, image, itype, charge, target, st1, st2 string
	)
	dest := append([]any{&seq, &id, &region, &zone, &group, &name, &image, &itype, &charge,
		&created, &target, &st1, &until1, &st2, &until2}, extra...)
	for r.Next() {
		if err := r.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, seqInstance{seq: seq, inst: compute.Instance{
			ID: compute.InstanceID(id), Owner: owner, Region: compute.RegionID(region), Zone: compute.ZoneID(zone),
			Name: name, ImageID: image, InstanceType: itype, ResourceGroup: group,
			ChargeType: compute.ChargeType(charge), CreatedAt: fromNanos(created),
			Target: compute.Status(target), Stages: decodeStages(st1, until1, st2, until2),
		}})
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
			ID: compute.InstanceID(id), Owner: owner,
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
