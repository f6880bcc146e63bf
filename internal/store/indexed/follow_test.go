package indexed_test

// The index over PostgreSQL, which follows the database's change log. These
// tests need a PostgreSQL server: set ECSD_TEST_POSTGRES (see package
// pgtest); in CI they fail without one.

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/store/indexed"
	"github.com/ecsd/ecsd/internal/store/postgres"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

func openPostgres(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("postgres.Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// TestStoreOverPostgres runs the Store suite against the index over
// PostgreSQL.
func TestStoreOverPostgres(t *testing.T) {
	storetest.TestStore(t, func(t *testing.T) storetest.Stores {
		plain := openPostgres(t, pgtest.DSN(t))
		return storetest.Stores{Instances: index(t, plain), Accounts: plain, Secrets: plain}
	})
}

// TestModelPostgres: the index over PostgreSQL answers every listing of a
// random history as PostgreSQL alone does (another schema of the same
// server).
func TestModelPostgres(t *testing.T) {
	for _, seed := range modelSeeds(t) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			under := openPostgres(t, pgtest.DSN(t))
			storetest.CheckAgainstPlain(t, seed, 300, storetest.Pair{
				Fast:   index(t, under),
				Plain:  openPostgres(t, pgtest.DSN(t)),
				Reopen: func() compute.Store { return index(t, under) },
			})
		})
	}
}

// twoNodes are two indexes over two handles on one database, as two
// nodes hold them.
func twoNodes(t *testing.T) (dsn string, a, b *indexed.Store) {
	dsn = pgtest.DSN(t)
	return dsn, index(t, openPostgres(t, dsn)), index(t, openPostgres(t, dsn))
}

func briefIDs(t *testing.T, s *indexed.Store, q compute.Query, now time.Time) ([]compute.InstanceID, int) {
	t.Helper()
	q.Limit = max(q.Limit, 100)
	p, err := s.List(context.Background(), q, now)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]compute.InstanceID, len(p.Instances))
	for i, inst := range p.Instances {
		out[i] = inst.ID
	}
	return out, p.Total
}

// TestIndexesFollowEachOther: every write acknowledged through one node's
// index is what the very next listing through the other's answers, brief
// (from memory) and full, by status and by ID: creates, stops, resource
// group changes, deletes, a reset; and after the log lost the versions a
// node missed, that node loads the owner again.
func TestIndexesFollowEachOther(t *testing.T) {
	dsn, a, b := twoNodes(t)
	ctx := context.Background()
	owner := compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}
	now := computetest.Epoch
	var made []compute.InstanceID
	for round := range 6 {
		from, to := a, b
		if round%2 == 1 {
			from, to = b, a
		}
		inst := storetest.NewInstance(owner, fmt.Sprintf("i-%02d", round), now)
		inst.Stages = nil
		if round == 5 {
			// A region the other node has never seen.
			inst.Region, inst.Zone = "far-1", "far-1a"
		}
		if _, err := storetest.Create(ctx, from, owner, "", []compute.Instance{inst}); err != nil {
			t.Fatal(err)
		}
		made = append(made, inst.ID)
		for _, brief := range []bool{true, false} {
			if got, total := briefIDs(t, to, compute.Query{Owner: owner, Brief: brief}, now); total != len(made) || !slices.Equal(got, made) {
				t.Fatalf("round %d (brief %v): the other node lists %v (total %d) right after the create, want %v", round, brief, got, total, made)
			}
		}
		if got, _ := briefIDs(t, to, compute.Query{Owner: owner, Region: inst.Region, Zone: inst.Zone, Brief: true}, now); !slices.Contains(got, inst.ID) {
			t.Fatalf("round %d: the other node does not list %s in its zone: %v", round, inst.ID, got)
		}
		err := storetest.Modify(ctx, from, owner, now, []compute.InstanceID{inst.ID}, func(found []compute.Instance) (storetest.Change, error) {
			for i := range found {
				found[i].Target = compute.StatusStopped
			}
			return storetest.Change{Put: found}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		err = from.Update(ctx, owner, now, func(tx compute.Tx) error {
			rs, err := tx.Get(ctx, compute.KindInstance, string(inst.ID))
			if err != nil || len(rs) != 1 {
				return fmt.Errorf("get %s: %d found, %v", inst.ID, len(rs), err)
			}
			moved := rs[0].(*compute.Instance)
			moved.ResourceGroup = "rg-moved"
			return tx.Put(ctx, moved)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, brief := range []bool{true, false} {
			got, _ := briefIDs(t, to, compute.Query{Owner: owner, Statuses: []compute.Status{compute.StatusStopped}, Brief: brief}, now)
			if !slices.Contains(got, inst.ID) {
				t.Fatalf("round %d (brief %v): the other node does not list %s as stopped right after the stop: %v", round, brief, inst.ID, got)
			}
			got, _ = briefIDs(t, to, compute.Query{Owner: owner, Statuses: []compute.Status{compute.StatusRunning}, Brief: brief}, now)
			if slices.Contains(got, inst.ID) {
				t.Fatalf("round %d (brief %v): the other node lists %s as running after the stop", round, brief, inst.ID)
			}
			got, _ = briefIDs(t, to, compute.Query{Owner: owner, ResourceGroup: "rg-moved", Brief: brief}, now)
			if !slices.Contains(got, inst.ID) {
				t.Fatalf("round %d (brief %v): the other node does not list %s in its new resource group: %v", round, brief, inst.ID, got)
			}
		}
		now = now.Add(2 * time.Second)
	}
	err := storetest.Modify(ctx, a, owner, now, made[:2], func([]compute.Instance) (storetest.Change, error) {
		return storetest.Change{Delete: made[:2]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, total := briefIDs(t, b, compute.Query{Owner: owner, IDs: made, Brief: true}, now); total != 4 || !slices.Equal(got, made[2:]) {
		t.Fatalf("after a delete through one node, the other lists %v (total %d), want %v", got, total, made[2:])
	}

	// The log loses what b has not read yet: b loads the owner again.
	late := storetest.NewInstance(owner, "i-late", now)
	late.Stages = nil
	if _, err := storetest.Create(ctx, a, owner, "", []compute.Instance{late}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `DELETE FROM instance_changes`); err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(made[2:]), late.ID)
	if got, total := briefIDs(t, b, compute.Query{Owner: owner, Brief: true}, now); total != len(want) || !slices.Equal(got, want) {
		t.Fatalf("after the log lost a version, the other node lists %v (total %d), want %v", got, total, want)
	}

	// A reset through one empties the owner on the other.
	if _, err := a.Reset(ctx, owner); err != nil {
		t.Fatal(err)
	}
	if got, total := briefIDs(t, b, compute.Query{Owner: owner, Brief: true}, now); total != 0 {
		t.Fatalf("after a reset through one node, the other lists %v (total %d)", got, total)
	}
}

// TestFollowedListingsDuringWrites: listings through one node while the
// other starts and stops the same instances hold what listings during
// writes must (see storetest.CheckListingsDuringWrites); a full listing
// whose rows another node changed is listed again.
func TestFollowedListingsDuringWrites(t *testing.T) {
	_, writer, reader := twoNodes(t)
	owner := compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}
	storetest.CheckListingsDuringWrites(t, writer, reader, owner, 120, 1, 150)
}

// TestFollowSharesVersionReads: listings that ask at once share reads of
// the owner's version (fewer reads than listings), and each listing's read
// began after the listing asked: a write acknowledged before a listing
// began is always in its answer.
func TestFollowSharesVersionReads(t *testing.T) {
	dsn := pgtest.DSN(t)
	counted := &countingFollower{Store: openPostgres(t, dsn)}
	reader := index(t, counted)
	writer := index(t, openPostgres(t, dsn))
	ctx := context.Background()
	owner := compute.Owner{Account: "1000000000000001", Cloud: compute.CloudTencent}
	now := computetest.Epoch
	var (
		wg      sync.WaitGroup
		listed  atomic.Int64
		failure atomic.Value
	)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				inst := storetest.NewInstance(owner, fmt.Sprintf("i-%d-%02d", w, i), now)
				inst.Stages = nil
				if _, err := storetest.Create(ctx, writer, owner, "", []compute.Instance{inst}); err != nil {
					failure.Store(err.Error())
					return
				}
				// Acknowledged: every listing that begins now sees it.
				p, err := reader.List(ctx, compute.Query{Owner: owner, IDs: []compute.InstanceID{inst.ID}, Brief: true, Limit: 1}, now)
				listed.Add(1)
				if err != nil || p.Total != 1 {
					failure.Store(fmt.Sprintf("listing %s right after its create: total %d, %v", inst.ID, p.Total, err))
					return
				}
			}
		}()
	}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if _, err := reader.List(ctx, compute.Query{Owner: owner, Brief: true, Limit: 10}, now); err != nil {
					failure.Store(err.Error())
					return
				}
				listed.Add(1)
			}
		}()
	}
	wg.Wait()
	if f := failure.Load(); f != nil {
		t.Fatal(f)
	}
	if reads := counted.reads.Load(); reads >= listed.Load() {
		t.Errorf("%d listings read the version %d times: concurrent listings should share reads", listed.Load(), reads)
	}
}

// countingFollower counts the reads of versions and of changes.
type countingFollower struct {
	*postgres.Store
	reads, changes atomic.Int64
}

func (c *countingFollower) Version(ctx context.Context, o compute.Owner) (int64, error) {
	c.reads.Add(1)
	return c.Store.Version(ctx, o)
}

// Changes counts the reads of changes that succeeded.
func (c *countingFollower) Changes(ctx context.Context, o compute.Owner, after, upTo int64) ([]compute.InstanceID, bool, error) {
	ids, all, err := c.Store.Changes(ctx, o, after, upTo)
	if err == nil {
		c.changes.Add(1)
	}
	return ids, all, err
}

// TestFollowInBackground: a node that lists nothing still takes the other
// nodes' writes (Follow), so that a later listing finds nothing to read
// back, even after the log has dropped those writes.
func TestFollowInBackground(t *testing.T) {
	dsn := pgtest.DSN(t)
	writer := index(t, openPostgres(t, dsn))
	counted := &countingFollower{Store: openPostgres(t, dsn)}
	follower := index(t, counted)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go follower.Follow(ctx, 10*time.Millisecond)

	owner := compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}
	inst := storetest.NewInstance(owner, "i-quiet", computetest.Epoch)
	inst.Stages = nil
	if _, err := storetest.Create(context.Background(), writer, owner, "", []compute.Instance{inst}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for counted.changes.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the follower did not read the other node's write in 30s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Follow goes on: a listing now waits for the round that read the
	// changes to end, if it has not, and finds the index up to date.
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), `DELETE FROM instance_changes`); err != nil {
		t.Fatal(err)
	}
	read := counted.changes.Load()
	if got, total := briefIDs(t, follower, compute.Query{Owner: owner, Brief: true}, computetest.Epoch); total != 1 || got[0] != inst.ID {
		t.Fatalf("the follower lists %v (total %d), want %s", got, total, inst.ID)
	}
	if n := counted.changes.Load(); n != read {
		t.Errorf("the listing read changes again (%d reads, %d before): Follow had not taken the write", n, read)
	}
}
