package postgres

// These tests need a PostgreSQL server: set ECSD_TEST_POSTGRES to a DSN (see
// package pgtest), e.g.
//
//	ECSD_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./internal/store/postgres
//
// Each test works in a schema of its own.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/compute/computetest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
	"github.com/ecsd/ecsd/internal/store/sqlstore"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

func open(t testing.TB, dsn string) *Store {
	t.Helper()
	s, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestStore(t *testing.T) {
	storetest.TestStore(t, func(t *testing.T) storetest.Stores {
		s := open(t, pgtest.DSN(t))
		return storetest.Stores{Instances: s, Accounts: s, Secrets: s}
	})
}

var owner = compute.Owner{Account: "1000000000000001", Cloud: compute.CloudAliyun}

func instance(id string, now time.Time) compute.Instance {
	return storetest.NewInstance(owner, id, now)
}

// applied counts the migrations recorded in the schema of s.
func applied(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	err := s.db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// embedded counts the migrations the store carries.
func embedded(t *testing.T) int {
	t.Helper()
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no embedded migrations: %v", err)
	}
	return len(files)
}

func TestMigrationsIdempotent(t *testing.T) {
	dsn := pgtest.DSN(t)
	for i := range 3 {
		s := open(t, dsn)
		if got, want := applied(t, s), embedded(t); got != want {
			t.Errorf("open %d: %d migrations recorded, want %d", i+1, got, want)
		}
		if err := migrate(t.Context(), s.db); err != nil {
			t.Errorf("open %d: migrating again: %v", i+1, err)
		}
	}
}

// TestMigrationsConcurrent opens one fresh schema from several nodes at
// once: each waits for the one that migrates, and none fails.
func TestMigrationsConcurrent(t *testing.T) {
	dsn := pgtest.DSN(t)
	const nodes = 5
	stores := make([]*Store, nodes)
	errs := make([]error, nodes)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() { stores[i], errs[i] = Open(t.Context(), dsn) })
	}
	wg.Wait()
	for i, s := range stores {
		if errs[i] != nil {
			t.Errorf("node %d: Open: %v", i, errs[i])
			continue
		}
		t.Cleanup(func() { s.Close() })
	}
	if t.Failed() {
		return
	}
	if got, want := applied(t, stores[0]), embedded(t); got != want {
		t.Errorf("%d migrations recorded, want %d", got, want)
	}
	// Every node works on the one schema.
	now := computetest.Epoch
	for i, s := range stores {
		if _, err := storetest.Create(t.Context(), s, owner, "", []compute.Instance{instance(fmt.Sprintf("i-%d", i), now)}); err != nil {
			t.Fatalf("node %d: Create: %v", i, err)
		}
	}
	p, err := stores[nodes-1].List(t.Context(), compute.Query{Owner: owner, Limit: 10}, now)
	if err != nil || p.Total != nodes {
		t.Errorf("List = %d instances, %v; want %d", p.Total, err, nodes)
	}
}

// freePort returns a loopback address on which nothing listens.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// checkUnavailable fails t unless err is an Unavailable error whose message
// says no more than that.
func checkUnavailable(t *testing.T, what string, err error) {
	t.Helper()
	e, ok := compute.AsError(err)
	if !ok || e.Code != compute.Unavailable {
		t.Fatalf("%s = %v, want an Unavailable error", what, err)
	}
	if e.Message != "the store is unavailable" {
		t.Errorf("%s: Message = %q, want no driver text", what, e.Message)
	}
}

func TestDeadServer(t *testing.T) {
	// Nothing listens there: no PostgreSQL is needed to fail to reach one.
	dsn := "postgres://ecsd:s3cret-password@" + freePort(t) + "/ecsd?sslmode=disable"
	start := time.Now()
	s, err := Open(t.Context(), dsn)
	if err == nil {
		s.Close()
		t.Fatal("Open of a closed port = nil error, want one")
	}
	// Open's error is for the operator: Unavailable, its message naming
	// where the server should be, never the password.
	e, ok := compute.AsError(err)
	if !ok || e.Code != compute.Unavailable || !strings.Contains(e.Message, "cannot reach PostgreSQL at 127.0.0.1:") {
		t.Fatalf("Open = %v, want an Unavailable error naming the server", err)
	}
	if strings.Contains(err.Error(), "s3cret-password") {
		t.Errorf("Open = %v: it shows the password", err)
	}
	if d := time.Since(start); d > connectTimeout {
		t.Errorf("Open took %s, longer than the connect timeout", d)
	}
}

// TestServerRestart stops the server (a proxy in front of it) under a
// store: calls fail as Unavailable while it is down, and succeed again
// once it is back, without reopening the store.
func TestServerRestart(t *testing.T) {
	p := pgtest.NewProxy(t, pgtest.DSN(t))
	s := open(t, p.DSN())
	ctx := t.Context()
	now := computetest.Epoch
	list := func() error {
		_, err := s.List(ctx, compute.Query{Owner: owner, Limit: 10}, now)
		return err
	}
	if _, err := storetest.Create(ctx, s, owner, "", []compute.Instance{instance("i-1", now)}); err != nil {
		t.Fatalf("Create: %v", err)
	}

	p.Down()
	checkUnavailable(t, "List while the server is down", list())
	_, err := storetest.Create(ctx, s, owner, "", []compute.Instance{instance("i-2", now)})
	checkUnavailable(t, "Create while the server is down", err)
	if err := s.Ping(ctx); err == nil {
		t.Errorf("Ping while the server is down = nil, want an error")
	}

	p.Up()
	if err := list(); err != nil {
		t.Fatalf("List after the server is back: %v", err)
	}
	if _, err := storetest.Create(ctx, s, owner, "", []compute.Instance{instance("i-2", now)}); err != nil {
		t.Fatalf("Create after the server is back: %v", err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping after the server is back: %v", err)
	}
}

// TestTerminatedConnections ends every connection of a busy store on the
// server's side: at most one call fails, as Unavailable, and the rest
// succeed on new connections.
func TestTerminatedConnections(t *testing.T) {
	dsn := pgtest.DSN(t)
	s := open(t, dsn)
	ctx := t.Context()
	now := computetest.Epoch
	var batch []compute.Instance
	for i := range 20 {
		batch = append(batch, instance(fmt.Sprintf("i-%02d", i), now))
	}
	if _, err := storetest.Create(ctx, s, owner, "", batch); err != nil {
		t.Fatalf("Create: %v", err)
	}
	// Fill the pools with connections used more than once in the last
	// second, which pgx hands out again without a ping.
	for range 3 {
		var conns []*sql.Conn
		for range defaultMaxConns / 2 {
			c, err := s.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.ExecContext(ctx, `SELECT 1`); err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
		}
		for _, c := range conns {
			c.Close()
		}
	}
	nonces := s.Nonces(computetest.NewClock(now))
	for i := range 3 {
		if _, err := nonces.Use(ctx, "KEY", fmt.Sprintf("warm-%d", i), now.Add(time.Minute)); err != nil {
			t.Fatalf("Use: %v", err)
		}
	}
	if n := pgtest.Terminate(t, dsn); n < 2 {
		t.Fatalf("terminated %d sessions, want the pool's", n)
	}

	failed := 0
	for i := range 20 {
		var err error
		switch i % 3 {
		case 0:
			_, err = s.List(ctx, compute.Query{Owner: owner, Limit: 10}, now)
		case 1:
			err = storetest.Modify(ctx, s, owner, now, []compute.InstanceID{batch[i].ID}, func([]compute.Instance) (storetest.Change, error) {
				return storetest.Change{}, nil
			})
		case 2:
			_, err = nonces.Use(ctx, "KEY", fmt.Sprintf("n-%d", i), now.Add(time.Minute))
		}
		if err != nil {
			checkUnavailable(t, fmt.Sprintf("call %d", i), err)
			failed++
		}
	}
	if failed > 2 {
		t.Errorf("%d calls failed after the connections were ended, want at most one per pool", failed)
	}
}

func TestClosedIsUnavailable(t *testing.T) {
	s, err := Open(t.Context(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = s.List(t.Context(), compute.Query{Owner: owner, Limit: 1}, computetest.Epoch)
	checkUnavailable(t, "List after Close", err)
	if err := s.Ping(t.Context()); err == nil {
		t.Errorf("Ping after Close = nil, want an error")
	}
}

func TestPool(t *testing.T) {
	dsn := pgtest.DSN(t)
	t.Run("defaults", func(t *testing.T) {
		s := open(t, dsn)
		if got := s.db.Stats().MaxOpenConnections; got != defaultMaxConns {
			t.Errorf("max open connections = %d, want %d", got, defaultMaxConns)
		}
		var name, syncCommit string
		if err := s.db.QueryRowContext(t.Context(), `SELECT current_setting('application_name'), current_setting('synchronous_commit')`).
			Scan(&name, &syncCommit); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(name, "ecsd_test_") || syncCommit != "on" {
			t.Errorf("main pool: application_name %q, synchronous_commit %q; want the DSN's, on", name, syncCommit)
		}
		if err := s.nonceDB.QueryRowContext(t.Context(), `SELECT current_setting('synchronous_commit')`).Scan(&syncCommit); err != nil {
			t.Fatal(err)
		}
		if syncCommit != "off" {
			t.Errorf("nonce pool: synchronous_commit %q, want off", syncCommit)
		}
	})
	t.Run("pool_max_conns", func(t *testing.T) {
		s := open(t, pgtest.WithParams(t, dsn, map[string]string{"pool_max_conns": "3"}))
		if got := s.db.Stats().MaxOpenConnections; got != 3 {
			t.Errorf("max open connections = %d, want 3", got)
		}
		if err := s.Ping(t.Context()); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
	t.Run("bad pool_max_conns", func(t *testing.T) {
		if s, err := Open(t.Context(), pgtest.WithParams(t, dsn, map[string]string{"pool_max_conns": "none"})); err == nil {
			s.Close()
			t.Errorf("Open with pool_max_conns=none = nil error, want one")
		}
	})
}

// TestOwnerLock: writes of one owner wait for one another, and writes of
// two owners do not.
func TestOwnerLock(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	ctx := t.Context()
	now := computetest.Epoch
	other := compute.Owner{Account: "1000000000000002", Cloud: compute.CloudAliyun}
	one := instance("i-1", now)
	if _, err := storetest.Create(ctx, s, owner, "", []compute.Instance{one}); err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- storetest.Modify(ctx, s, owner, now, []compute.InstanceID{one.ID}, func([]compute.Instance) (storetest.Change, error) {
			close(entered)
			<-release
			return storetest.Change{}, nil
		})
	}()
	<-entered

	theirs := instance("i-2", now)
	theirs.Owner = other
	otherCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := storetest.Create(otherCtx, s, other, "", []compute.Instance{theirs}); err != nil {
		t.Errorf("Create of another owner while one owner's Modify runs: %v", err)
	}

	created := make(chan error, 1)
	go func() {
		_, err := storetest.Create(ctx, s, owner, "", []compute.Instance{instance("i-3", now)})
		created <- err
	}()
	select {
	case err := <-created:
		t.Fatalf("Create of the same owner finished (%v) while its Modify ran", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("Modify: %v", err)
	}
	if err := <-created; err != nil {
		t.Errorf("Create: %v", err)
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want sqlstore.Fault
	}{
		{"unique", &pgconn.PgError{Code: "23505"}, sqlstore.FaultUnique},
		{"serialization", &pgconn.PgError{Code: "40001"}, sqlstore.FaultRetry},
		{"deadlock", fmt.Errorf("exec: %w", &pgconn.PgError{Code: "40P01"}), sqlstore.FaultRetry},
		{"admin shutdown", &pgconn.PgError{Code: "57P01", Severity: "FATAL"}, sqlstore.FaultUnavailable},
		{"crash shutdown", &pgconn.PgError{Code: "57P02"}, sqlstore.FaultUnavailable},
		{"cannot connect now", &pgconn.PgError{Code: "57P03"}, sqlstore.FaultUnavailable},
		{"connection failure", &pgconn.PgError{Code: "08006"}, sqlstore.FaultUnavailable},
		{"too many connections", &pgconn.PgError{Code: "53300"}, sqlstore.FaultUnavailable},
		{"syntax", &pgconn.PgError{Code: "42601"}, sqlstore.FaultOther},
		{"bad conn", driver.ErrBadConn, sqlstore.FaultUnavailable},
		{"eof", fmt.Errorf("receive message: %w", io.ErrUnexpectedEOF), sqlstore.FaultUnavailable},
		{"refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, sqlstore.FaultUnavailable},
		{"reset", fmt.Errorf("read: %w", syscall.ECONNRESET), sqlstore.FaultUnavailable},
		{"broken pipe", fmt.Errorf("write: %w", syscall.EPIPE), sqlstore.FaultUnavailable},
		{"other", errors.New("something else"), sqlstore.FaultOther},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := classify(c.err); got != c.want {
				t.Errorf("classify(%v) = %v, want %v", c.err, got, c.want)
			}
		})
	}
}

// TestQueryPlans keeps the reads and writes on their indexes, over owners
// of different sizes once autovacuum has gathered statistics: a plan that
// walks an owner's instances, or every owner's, is correct and only slow.
// Plans are generic, as PostgreSQL settles on for prepared statements.
func TestQueryPlans(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	ctx := t.Context()
	now := computetest.Epoch
	seed := func(o compute.Owner, n int) {
		t.Helper()
		var batch []compute.Instance
		for i := range n {
			inst := instance(fmt.Sprintf("i-%s-%06d", o.Account, i), now)
			inst.Owner = o
			switch i % 4 {
			case 1:
				inst.Region, inst.Zone = "r2", "r2-a"
			case 2:
				inst.Zone, inst.ResourceGroup = "r1-b", "rg-1"
			case 3:
				inst.Region, inst.Zone = "r3", "r3-a"
			}
			if i%50 == 0 {
				inst.Target = compute.StatusTerminated
			}
			batch = append(batch, inst)
		}
		for chunk := range slices.Chunk(batch, compute.MaxBatch) {
			if _, err := storetest.Create(ctx, s, o, "", chunk); err != nil {
				t.Fatal(err)
			}
		}
	}
	seed(owner, 5000)
	for i := range 20 {
		seed(compute.Owner{Account: compute.AccountID(fmt.Sprintf("2%015d", i)), Cloud: compute.CloudTencent}, 100)
	}
	// Resources around them: a disk for each of 2000 instances, a few
	// tagged networks, so that the planner knows resources and links.
	err := s.Update(ctx, owner, computetest.Epoch, func(tx compute.Tx) error {
		for i := range 2000 {
			d := &compute.Disk{ID: compute.DiskID(fmt.Sprintf("d-%06d", i)), Meta: compute.Meta{Region: "r1", Zone: "r1-a", CreatedAt: computetest.Epoch},
				Category: "ssd", SizeGiB: 20, Instance: compute.InstanceID(fmt.Sprintf("i-%06d", i)), Target: compute.DiskInUse}
			if err := tx.Put(ctx, d); err != nil {
				return err
			}
		}
		for i := range 50 {
			n := &compute.Network{ID: compute.NetworkID(fmt.Sprintf("vpc-%04d", i)), Meta: compute.Meta{Region: compute.RegionID(fmt.Sprintf("r%d", i%5)),
				CreatedAt: computetest.Epoch, Tags: []compute.Tag{{Key: "env", Value: fmt.Sprint(i % 3)}}}}
			if err := tx.Put(ctx, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	uses := map[string]string{
		"page all deep":      "instance_tallies_before",
		"page zone deep":     "instance_tallies_before",
		"page all":           "instances_owner",
		"page region":        "instances_region",
		"page zone":          "instances_zone",
		"page group":         "instances_group",
		"reap":               "instances_terminated",
		"delete":             "instances_id",
		"update":             "instances_id",
		"load":               "instances_id",
		"ids":                "instances_id",
		"find instances ids": "instances_id",
		"find ids":           "resources_id",
		"find linked":        "links_pkey",
		"links":              "links_pkey",
		"delete links":       "links_from",
		"delete resource":    "resources_id",
		"update resource":    "resources_id",
	}
	// These read what a list of IDs or a link names, few rows, and may
	// sort those.
	sorts := map[string]bool{"find ids": true, "find linked": true, "find instances linked": true,
		"find instances ids": true, "find tagged": true, "links": true, "links kind": true, "links all values": true,
		"links prefix": true, "find kind": true, "find kind region": true}
	i := 0
	for name, query := range sqlstore.Statements() {
		t.Run(name, func(t *testing.T) {
			i++
			if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PREPARE p%d AS %s`, i, sqlstore.RebindDollar(query))); err != nil {
				t.Fatal(err)
			}
			// Any values do: the plan is generic.
			args := strings.TrimSuffix(strings.Repeat(`'0', `, sqlstore.ParamCount(query)), ", ")
			rows, err := conn.QueryContext(ctx, fmt.Sprintf(`EXPLAIN EXECUTE p%d (%s)`, i, args))
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var line string
				if err := rows.Scan(&line); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, line)
			}
			text := strings.Join(plan, "\n")
			// A filter that no index serves (the slow path) reads all
			// of an owner's instances anyway; the planner may read them
			// in any order.
			if !strings.HasPrefix(name, "scan ") && !sorts[name] &&
				(strings.Contains(text, "Seq Scan on instances") || strings.Contains(text, "Sort")) {
				t.Errorf("plan scans or sorts:\n%s", text)
			}
			if strings.Contains(text, "Seq Scan on instances") || strings.Contains(text, "Seq Scan on links") {
				t.Errorf("plan reads a whole table:\n%s", text)
			}
			if index := uses[name]; index != "" && !strings.Contains(text, " using "+index+" ") && !strings.Contains(text, " on "+index+" ") {
				t.Errorf("plan does not use %s:\n%s", index, text)
			}
		})
	}
}

// TestStatistics: a fresh store that fills up gathers statistics of its
// instances without waiting for autovacuum.
func TestStatistics(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	ctx := t.Context()
	has := func() bool {
		var ok bool
		err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stats
			WHERE schemaname = current_schema() AND tablename = 'instances')`).Scan(&ok)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	var batch []compute.Instance
	for i := range analyzeAfter {
		batch = append(batch, instance(fmt.Sprintf("i-%06d", i), computetest.Epoch))
	}
	if _, err := storetest.Create(ctx, s, owner, "", batch); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !has() {
		if time.Now().After(deadline) {
			t.Fatalf("no statistics of %d instances after 30s", analyzeAfter)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestStatisticsFollowGrowth: statistics taken when the store was small are
// taken again once the tables have grown past what they counted, without
// autovacuum (which the test's server may not run): a stale estimate plans
// a lookup by address as a walk of the owner's links.
func TestStatisticsFollowGrowth(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	ctx := t.Context()
	create := func(from, n int) {
		t.Helper()
		var batch []compute.Instance
		for i := range n {
			batch = append(batch, instance(fmt.Sprintf("i-%06d", from+i), computetest.Epoch))
		}
		if _, err := storetest.Create(ctx, s, owner, "", batch); err != nil {
			t.Fatal(err)
		}
	}
	create(0, 10)
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	if did, err := s.ensureStats(ctx); err != nil || did {
		t.Fatalf("ensureStats right after ANALYZE = %v, %v; want nothing to do", did, err)
	}
	create(10, 3*analyzeAfter)
	counted := func() float64 {
		t.Helper()
		var n float64
		if err := s.db.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'instances'::regclass`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The counts of changed rows reach the statistics views within
	// seconds of the commit; the check after the create, in the
	// background, or one here, then analyzes.
	deadline := time.Now().Add(30 * time.Second)
	for counted() < 2*analyzeAfter {
		if _, err := s.ensureStats(ctx); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("statistics of 10 instances not taken again after %d more: %v rows counted", 3*analyzeAfter, counted())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if did, err := s.ensureStats(ctx); err != nil || did {
		t.Errorf("ensureStats right after it analyzed = %v, %v; want nothing to do", did, err)
	}
}
