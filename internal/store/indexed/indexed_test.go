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
