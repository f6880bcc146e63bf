package indexed_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/store/indexed"
	"github.com/ecsd/ecsd/internal/store/memory"
	"github.com/ecsd/ecsd/internal/store/sqlite"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

func openSQLite(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func index(t testing.TB, plain indexed.Plain) *indexed.Store {
	t.Helper()
	s, err := indexed.New(context.Background(), plain, time.Time{})
	if err != nil {
		t.Fatalf("indexed.New: %v", err)
	}
	return s
}

// TestStoreOverSQLite runs the Store suite against the index over SQLite.
func TestStoreOverSQLite(t *testing.T) {
	storetest.TestStore(t, func(t *testing.T) storetest.Stores {
		plain := openSQLite(t, filepath.Join(t.TempDir(), "ecsd.db"))
		return storetest.Stores{Instances: index(t, plain), Accounts: plain, Secrets: plain}
	})
}

// TestStoreOverMemory runs the Store suite against the index over the
// memory store.
func TestStoreOverMemory(t *testing.T) {
	storetest.TestStore(t, func(t *testing.T) storetest.Stores {
		plain := memory.New()
		return storetest.Stores{Instances: index(t, plain), Accounts: plain, Secrets: plain}
	})
}

// modelSeeds are the seeds of the model check: fixed ones, so that CI
// replays the same sequences, and one drawn now, reported on failure;
// ECSD_MODEL_SEED replays one.
func modelSeeds(t *testing.T) []uint64 {
	if s := os.Getenv("ECSD_MODEL_SEED"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("ECSD_MODEL_SEED=%q: %v", s, err)
		}
		return []uint64{seed}
	}
	return []uint64{1, 2, 3, uint64(time.Now().UnixNano())}
}

// TestModelSQLite: the index over SQLite answers every listing of a random
// history as SQLite alone does.
func TestModelSQLite(t *testing.T) {
	for _, seed := range modelSeeds(t) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			dir := t.TempDir()
			under := openSQLite(t, filepath.Join(dir, "fast.db"))
			storetest.CheckAgainstPlain(t, seed, 600, storetest.Pair{
				Fast:   index(t, under),
				Plain:  openSQLite(t, filepath.Join(dir, "plain.db")),
				Reopen: func() compute.Store { return index(t, under) },
			})
		})
	}
}

// TestModelMemory: the same over the memory store.
func TestModelMemory(t *testing.T) {
	for _, seed := range modelSeeds(t) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			under := memory.New()
			storetest.CheckAgainstPlain(t, seed, 1500, storetest.Pair{
				Fast:   index(t, under),
				Plain:  memory.New(),
				Reopen: func() compute.Store { return index(t, under) },
			})
		})
	}
}

// TestListingsDuringWrites: brief and full listings running while other
// goroutines start and stop the same instances always see every instance
// once, in creation order, with a status it was given, and the total of
// each status listing matches its pages.
func TestListingsDuringWrites(t *testing.T) {
	s := index(t, openSQLite(t, filepath.Join(t.TempDir(), "ecsd.db")))
	owner := compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}
	storetest.CheckListingsDuringWrites(t, s, s, owner, 300, 2, 300)
}

// TestCountByStatus: the census's count from the index (settled instances
// by status, those in transition in brief) agrees with a listing of every
// instance at the same moment, for a store loaded from SQLite and then
// written through.
func TestCountByStatus(t *testing.T) {
	ctx := context.Background()
	plain := openSQLite(t, filepath.Join(t.TempDir(), "ecsd.db"))
	owner := compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}
	created := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	batch := make([]compute.Instance, 30)
	for i := range batch {
		batch[i] = storetest.NewInstance(owner, fmt.Sprintf("i-%03d", i), created)
		switch i % 3 {
		case 1:
			batch[i].Target = compute.StatusStopped
		case 2:
			// Still starting at the count below.
			batch[i].Stages = []compute.Stage{{Status: compute.StatusStarting, Until: created.Add(time.Hour)}}
		}
	}
	if _, err := storetest.Create(ctx, plain, owner, "", batch[:20]); err != nil {
		t.Fatal(err)
	}
	now := created.Add(time.Minute)
	s, err := indexed.New(ctx, plain, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storetest.Create(ctx, s, owner, "", batch[20:]); err != nil {
		t.Fatal(err)
	}
	settled, moving, ok, err := s.CountByStatus(ctx, owner, now)
	if err != nil || !ok {
		t.Fatalf("CountByStatus: ok %v, %v", ok, err)
	}
	page, err := plain.List(ctx, compute.Query{Owner: owner, Brief: true, Limit: 1000}, now)
	if err != nil {
		t.Fatal(err)
	}
	want, wantMoving := map[compute.Status]int{}, 0
	for _, inst := range page.Instances {
		if inst.SettlesAt().After(now) {
			wantMoving++
			continue
		}
		want[inst.Target]++
	}
	if fmt.Sprint(settled) != fmt.Sprint(want) || len(moving) != wantMoving {
		t.Errorf("CountByStatus = %v and %d in transition, want %v and %d (from %d listed)", settled, len(moving), want, wantMoving, len(page.Instances))
	}
	if want[compute.StatusStopped] == 0 || wantMoving == 0 {
		t.Errorf("the history should have stopped instances and some in transition: %v, %d", want, wantMoving)
	}
}
