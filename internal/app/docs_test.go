package app_test

import (
	"context"
	"os"
	"regexp"
	"testing"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/snapshot"
)

// TestTestingDocFixtures loads every JSON fixture docs/testing.md shows,
// each into a fresh store, so that the examples a user copies work.
func TestTestingDocFixtures(t *testing.T) {
	doc, err := os.ReadFile("../../docs/testing.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) < 2 {
		t.Fatalf("docs/testing.md shows %d JSON fixtures, want at least 2", len(blocks))
	}
	for _, b := range blocks {
		a, err := app.Open(context.Background(), app.Config{DB: app.MemoryDSN})
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := snapshot.Parse(b[1])
		if err != nil {
			t.Errorf("the fixture\n%s\ndoes not parse: %v", b[1], err)
			a.Close()
			continue
		}
		if _, err := a.Loader.Import(context.Background(), parsed); err != nil {
			t.Errorf("the fixture\n%s\ndoes not load: %v", b[1], err)
		}
		a.Close()
	}
}
