package sqlite

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// ServeExclusively takes an exclusive lock on the store's file for as long
// as the store is open, or fails when another process holds it. A server
// that keeps what the file holds in memory (the listing index of package
// indexed) must be the file's only writer of instances; SQLite's own locks
// are per transaction and would let a second server in.
//
// The lock is flock(2) on a descriptor of its own: it is independent of
// the POSIX record locks SQLite takes, and the kernel drops it when the
// process ends, however it ends.
func (s *Store) ServeExclusively() error {
	f, err := os.OpenFile(s.path, os.O_RDONLY, 0)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("sqlite: %s is served by another ecsd process already (one file, one server)", s.path)
		}
		return fmt.Errorf("sqlite: lock %s: %w", s.path, err)
	}
	s.serveLock = f
	return nil
}
