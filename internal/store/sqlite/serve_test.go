package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/store/sqlite"
)

// TestServeExclusively: a second server of one file is refused while the
// first holds it, and let in once the first has closed it.
func TestServeExclusively(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ecsd.db")
	first, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.ServeExclusively(); err != nil {
		t.Fatalf("first server: %v", err)
	}
	second, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if err := second.ServeExclusively(); err == nil || !strings.Contains(err.Error(), "another ecsd process") {
		t.Fatalf("second server while the first serves: %v, want refused", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := second.ServeExclusively(); err != nil {
		t.Fatalf("second server after the first closed: %v", err)
	}
}
