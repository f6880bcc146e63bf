package sqlite

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/store/sqlstore"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

func open(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestStore(t *testing.T) {
	storetest.TestStore(t, func(t *testing.T) storetest.Stores {
		s := open(t, filepath.Join(t.TempDir(), "ecsd.db"))
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return storetest.Stores{Instances: s, Accounts: s, Secrets: s}
	})
}

var owner = compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}

func instance(id string, now time.Time) compute.Instance {
	return storetest.NewInstance(owner, id, now)
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "ecsd.db")
	now := computetest.Epoch
	a, k, err := auth.NewAccount("acme", "KEYID", "", now)
	if err != nil {
		t.Fatal(err)
	}

	s := open(t, path)
	if err := s.CreateAccount(ctx, a, k); err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}
	if _, err := storetest.Create(ctx, s, owner, "tok", []compute.Instance{instance("i-1", now), instance("i-2", now)}); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = open(t, path)
	defer s.Close()
	t.Run("instances", func(t *testing.T) {
		p, err := s.List(ctx, compute.Query{Owner: owner, Limit: 10}, now)
		if err != nil || p.Total != 2 || len(p.Instances) != 2 || p.Instances[1].ID != "i-2" {
			t.Errorf("List = %+v, %v; want i-1, i-2 of 2", p, err)
		}
	})
	t.Run("client tokens", func(t *testing.T) {
		got, err := storetest.Create(ctx, s, owner, "tok", []compute.Instance{instance("i-3", now)})
		if err != nil || len(got) != 2 || got[0].ID != "i-1" {
			t.Errorf("Create with the token again = %v, %v; want i-1, i-2", got, err)
		}
	})
	t.Run("keys", func(t *testing.T) {
		got, err := s.AccessKey(ctx, "KEYID")
		if err != nil || got.Secret != k.Secret || got.Account != a.ID {
			t.Errorf("AccessKey = %+v, %v; want %+v", got, err, k)
		}
	})
}

func TestFileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ecsd.db")
	s := open(t, path)
	defer s.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("mode = %v, want %v", got, os.FileMode(0o600))
	}
	// SQLite gives the WAL the mode of the database.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Mode().Perm() != 0o600 {
		t.Errorf("WAL mode = %v, want %v", fi.Mode().Perm(), os.FileMode(0o600))
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ecsd.db")
	for i := range 3 {
		s := open(t, path)
		var applied int
		err := s.write.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`).Scan(&applied)
		if err != nil {
			t.Fatal(err)
		}
		files, err := fs.Glob(migrations, "migrations/*.sql")
		if err != nil || len(files) == 0 {
			t.Fatalf("no embedded migrations: %v", err)
		}
		if want := len(files); applied != want {
			t.Errorf("open %d: %d migrations recorded, want %d", i+1, applied, want)
		}
		if err := migrate(t.Context(), s.write); err != nil {
			t.Errorf("open %d: migrating again: %v", i+1, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPragmas(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ecsd.db"))
	defer s.Close()
	pragmas := []struct {
		pool string
		name string
		want string
	}{
		{"write", "journal_mode", "wal"},
		{"write", "synchronous", "2"}, // FULL
		{"write", "foreign_keys", "1"},
		{"write", "busy_timeout", strconv.Itoa(busyTimeoutMS)},
		{"write", "temp_store", "2"}, // MEMORY
		{"read", "query_only", "1"},
		{"read", "busy_timeout", strconv.Itoa(busyTimeoutMS)},
		{"read", "temp_store", "2"},
	}
	for _, p := range pragmas {
		t.Run(p.pool+"/"+p.name, func(t *testing.T) {
			db := s.read
			if p.pool == "write" {
				db = s.write
			}
			var got string
			if err := db.QueryRowContext(t.Context(), "PRAGMA "+p.name).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != p.want {
				t.Errorf("PRAGMA %s = %s, want %s", p.name, got, p.want)
			}
		})
	}
}

func TestClosedIsUnavailable(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ecsd.db"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := s.List(t.Context(), compute.Query{Owner: owner, Limit: 1}, computetest.Epoch)
	e, ok := compute.AsError(err)
	if !ok || e.Code != compute.Unavailable {
		t.Fatalf("List after Close = %v, want an Unavailable error", err)
	}
	if e.Message != "the store is unavailable" {
		t.Errorf("Message = %q, want no driver text", e.Message)
	}
	if err := s.Ping(t.Context()); err == nil {
		t.Errorf("Ping after Close = nil, want an error")
	}
}

// TestQueryPlans keeps the reads on their indexes: a plan that scans an
// owner's instances or sorts them is correct, and only slow.
func TestQueryPlans(t *testing.T) {
	// A table WITHOUT ROWID (links) is searched by its primary key.
	const primaryKey = "(primary key)"
	s := open(t, filepath.Join(t.TempDir(), "ecsd.db"))
	defer s.Close()
	uses := map[string]string{
		"page all":         "instances_owner",
		"page region":      "instances_region",
		"page zone":        "instances_zone",
		"page group":       "instances_group",
		"page all deep":    "instance_tallies_before",
		"page zone deep":   "instance_tallies_before",
		"reap":             "instances_terminated",
		"delete":           "instances_id",
		"update":           "instances_id",
		"update many":      "instances_id",
		"load":             "instances_id",
		"ids":              "instances_id",
		"scan page":        "instances_owner",
		"find kind":        "resources_owner",
		"find kind region": "resources_region",
		"find ids":         "resources_id",
		"find linked":      primaryKey,
		"links":            primaryKey,
		"links prefix":     primaryKey,
		"delete links":     "links_from",
	}
	// These read what a list of IDs or a link names, few rows, and sort
	// those.
	sorts := map[string]bool{"find ids": true, "find linked": true, "find instances linked": true,
		"find instances ids": true, "find tagged": true, "scan linked": true}
	for name, query := range sqlstore.Statements() {
		t.Run(name, func(t *testing.T) {
			args := make([]any, sqlstore.ParamCount(query))
			rows, err := s.write.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			text := strings.Join(plan, "\n")
			for _, line := range plan {
				// The rows of a VALUES list (named v) are read one by
				// one; every other scan reads a table.
				values := line == "SCAN v" || strings.HasSuffix(line, " CONSTANT ROWS")
				if strings.HasPrefix(line, "SCAN ") && line != "SCAN CONSTANT ROW" && !values || strings.Contains(line, "TEMP B-TREE") && !sorts[name] {
					t.Errorf("plan scans or sorts:\n%s", text)
				}
			}
			want := "INDEX " + uses[name] + " "
			if uses[name] == primaryKey {
				want = "USING PRIMARY KEY"
			}
			if uses[name] != "" && !strings.Contains(text, want) {
				t.Errorf("plan does not use %s:\n%s", uses[name], text)
			}
		})
	}
}

// BenchmarkList measures listings (see storetest.BenchmarkList).
func BenchmarkList(b *testing.B) {
	s := open(b, filepath.Join(b.TempDir(), "ecsd.db"))
	defer s.Close()
	storetest.BenchmarkList(b, s, storetest.ListBench{
		OffsetPage: func(b *testing.B, owner compute.Owner, offset int) {
			rows, err := s.read.QueryContext(b.Context(), `SELECT id FROM instances WHERE account_id = ? AND cloud = ?
				ORDER BY seq LIMIT 10 OFFSET ?`, string(owner.Account), string(owner.Cloud), offset)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			if err := rows.Close(); err != nil {
				b.Fatal(err)
			}
		},
	})
}

// BenchmarkCreate measures a launch of 100 instances.
func BenchmarkCreate(b *testing.B) {
	ctx := context.Background()
	s := open(b, filepath.Join(b.TempDir(), "ecsd.db"))
	defer s.Close()
	now := computetest.Epoch
	n := 0
	for b.Loop() {
		batch := make([]compute.Instance, 100)
		for j := range batch {
			n++
			batch[j] = instance(fmt.Sprintf("i-%08d", n), now)
		}
		if _, err := storetest.Create(ctx, s, owner, "", batch); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrites measures lifecycle writes (see storetest.BenchmarkWrites).
func BenchmarkWrites(b *testing.B) {
	s := open(b, filepath.Join(b.TempDir(), "ecsd.db"))
	defer s.Close()
	storetest.BenchmarkWrites(b, s)
}
