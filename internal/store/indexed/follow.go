package indexed

import (
	"context"
	"sync"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// Follower is what a plain store that several nodes share (PostgreSQL) also
// does, so that each node's index follows the others' writes: it numbers
// each owner's committed writes of instances in commit order (versions),
// and tells which instances the versions wrote.
type Follower interface {
	// Version returns the owner's latest committed version (0 before
	// its first write of instances).
	Version(ctx context.Context, o compute.Owner) (int64, error)
	// Versions returns the version of every owner past 0.
	Versions(ctx context.Context) (map[compute.Owner]int64, error)
	// Changes returns the instances the owner's versions after after,
	// up to upTo, wrote (created, changed or deleted), each once; or all,
	// when one of those versions reset the owner, or the store no longer
	// knows what each wrote.
	Changes(ctx context.Context, o compute.Owner, after, upTo int64) (ids []compute.InstanceID, all bool, err error)
}

// followTimeout bounds one read of an owner's version, shared by the
// listings that wait for it (each of which also gives up with its own
// context).
const followTimeout = 30 * time.Second

// catchUp brings the owner's index up to date with every write committed
// before it was called, on any node: it reads the owner's version (one
// read shared by the listings that ask at the same time, each of which
// gets a read that began after it asked), and when the index is behind,
// reads back the instances of the versions it missed. Without a Follower
// it does nothing: the index sees every write itself.
func (s *Store) catchUp(ctx context.Context, o compute.Owner, ow *owner) error {
	if s.follower == nil {
		return nil
	}
	head, err := ow.head.read(ctx, func(ctx context.Context) (int64, error) { return s.follower.Version(ctx, o) })
	if err != nil {
		return err
	}
	if head <= ow.version.Load() {
		return nil
	}
	ow.writing.Lock()
	defer ow.writing.Unlock()
	return s.followTo(ctx, o, ow, head)
}

// followTo reads back what the owner's versions after the index's, up to
// head, wrote. ow.writing is held.
func (s *Store) followTo(ctx context.Context, o compute.Owner, ow *owner, head int64) error {
	from := ow.version.Load()
	if head <= from {
		return nil
	}
	ow.mu.RLock()
	broken := ow.broken
	ow.mu.RUnlock()
	ids, all, err := s.follower.Changes(ctx, o, from, head)
	if err != nil {
		return err
	}
	if all || broken {
		ids = nil // every instance of the owner
	}
	if err := s.reload(ctx, o, ow, ids); err != nil {
		return err
	}
	ow.version.Store(head)
	return nil
}

// reloadAll loads the owner's index again from the plain store, and with a
// Follower, at a version read before. ow.writing is held.
func (s *Store) reloadAll(ctx context.Context, o compute.Owner, ow *owner) error {
	if s.follower == nil {
		return s.reload(ctx, o, ow, nil)
	}
	v, err := s.follower.Version(ctx, o)
	if err != nil {
		ow.mu.Lock()
		ow.broken = true
		ow.mu.Unlock()
		return err
	}
	if err := s.reload(ctx, o, ow, nil); err != nil {
		return err
	}
	ow.version.Store(v)
	return nil
}

// sharedRead shares reads of a value among concurrent callers: a caller
// waits for the next read to begin (never one already under way, which
// may have missed what the caller needs), so that each gets a value read
// after it asked, and callers that ask together share one read.
type sharedRead struct {
	mu      sync.Mutex
	next    *readRound // the read callers join; begins when the running one ends
	running bool
}

type readRound struct {
	done chan struct{}
	v    int64
	err  error
}

// read returns the result of a run of f that began after read was called.
func (g *sharedRead) read(ctx context.Context, f func(context.Context) (int64, error)) (int64, error) {
	g.mu.Lock()
	r := g.next
	if r == nil {
		r = &readRound{done: make(chan struct{})}
		g.next = r
	}
	if !g.running {
		g.running = true
		go g.run(f)
	}
	g.mu.Unlock()
	select {
	case <-r.done:
		return r.v, r.err
	case <-ctx.Done():
		return 0, &compute.Error{Code: compute.Unavailable, Op: "follow", Message: "the store is unavailable", Err: ctx.Err()}
	}
}

// run reads for the waiting callers, round after round, until none waits.
func (g *sharedRead) run(f func(context.Context) (int64, error)) {
	for {
		g.mu.Lock()
		r := g.next
		g.next = nil
		if r == nil {
			g.running = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), followTimeout)
		r.v, r.err = f(ctx)
		cancel()
		close(r.done)
	}
}

// Follow brings the index of every owner up to date with the Follower every
// period until ctx ends (at once without one), so that listings of an owner
// this node has not served for a while find little to read back, and no
// node falls further behind than the Follower keeps changes (which would
// make its next listing load the owner again whole). Listings do not depend
// on it: each catches up by itself.
func (s *Store) Follow(ctx context.Context, period time.Duration) {
	if s.follower == nil {
		return
	}
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			// A failed round leaves the work to the next, or to the
			// listings.
			_ = s.followAll(ctx)
		}
	}
}

// followAll brings every owner whose version moved up to date.
func (s *Store) followAll(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, followTimeout)
	defer cancel()
	versions, err := s.follower.Versions(ctx)
	if err != nil {
		return err
	}
	for o, v := range versions {
		ow := s.ownerOf(o)
		if v <= ow.version.Load() {
			continue
		}
		ow.writing.Lock()
		err := s.followTo(ctx, o, ow, v)
		ow.writing.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}
