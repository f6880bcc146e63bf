package app

import (
	"context"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/store/indexed"
	"github.com/ecsd/ecsd/internal/store/memory"
	"github.com/ecsd/ecsd/internal/store/postgres"
	"github.com/ecsd/ecsd/internal/store/sqlite"
)

// OpenServingStore opens the store a server serves: OpenStore's, with the
// listing index of package indexed loaded in memory above it. An SQLite
// file is then locked against a second server (the index must be the
// file's only writer of instances); over PostgreSQL, which several nodes
// share, the index follows the database's change log (see package
// indexed).
func OpenServingStore(ctx context.Context, dsn string) (Store, error) {
	s, err := OpenStore(ctx, dsn)
	if err != nil {
		return nil, err
	}
	var plain indexed.Plain
	switch p := s.(type) {
	case *sqlite.Store:
		if err := p.ServeExclusively(); err != nil {
			p.Close()
			return nil, err
		}
		plain = p
	case *memory.Store:
		plain = p
	case *postgres.Store:
		plain = p
	default:
		return s, nil
	}
	idx, err := indexed.New(ctx, plain, time.Now())
	if err != nil {
		s.Close()
		return nil, err
	}
	following, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		idx.Follow(following, followEvery)
	}()
	served := withIndex{Store: s, idx: idx, stopFollowing: func() { stop(); <-done }}
	if ns, ok := s.(NonceStore); ok {
		return struct {
			withIndex
			NonceStore
		}{served, ns}, nil
	}
	return served, nil
}

// The PostgreSQL store numbers its writes for the index to follow.
var _ indexed.Follower = (*postgres.Store)(nil)

// followEvery is how often a node over PostgreSQL brings its whole index up
// to date with the other nodes' writes (indexed.Store.Follow), besides the
// catching up each listing does.
const followEvery = 5 * time.Second

// withIndex is a Store whose instances are served through the index.
type withIndex struct {
	Store
	idx           *indexed.Store
	stopFollowing func()
}

// Close stops following the other nodes, then closes the store.
func (s withIndex) Close() error {
	s.stopFollowing()
	return s.Store.Close()
}

func (s withIndex) Update(ctx context.Context, o compute.Owner, now time.Time, fn func(compute.Tx) error) error {
	return s.idx.Update(ctx, o, now, fn)
}

func (s withIndex) Read(o compute.Owner) compute.Reader { return s.idx.Read(o) }

func (s withIndex) List(ctx context.Context, q compute.Query, now time.Time) (compute.Page, error) {
	return s.idx.List(ctx, q, now)
}

func (s withIndex) Reset(ctx context.Context, o compute.Owner) (map[compute.Kind]int, error) {
	return s.idx.Reset(ctx, o)
}

// CountByStatus lets the metrics census count the instances from the index
// at start rather than list them all (metrics.StatusCounter).
func (s withIndex) CountByStatus(ctx context.Context, o compute.Owner, now time.Time) (map[compute.Status]int, []compute.Instance, bool, error) {
	return s.idx.CountByStatus(ctx, o, now)
}

// CountAll lets the metrics census count every node's instances from the
// index at each scrape (metrics.InventoryCounter).
func (s withIndex) CountAll(now time.Time) (map[compute.Cloud]map[compute.Status]int, bool) {
	return s.idx.CountAll(now)
}
