package app_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/fault"
	"github.com/ecsd/ecsd/internal/snapshot"
)

// TestTestingDocJSON loads every JSON document docs/testing.md shows, each
// into a fresh store: fixtures as fixtures, and faults files as the rules
// of an ecsd with the account "ci", so that the examples a user copies
// work. (cmd/ecsd runs its command lines.)
func TestTestingDocJSON(t *testing.T) {
	doc, err := os.ReadFile("../../docs/testing.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllSubmatch(doc, -1)
	fixtures, faults := 0, 0
	for _, b := range blocks {
		a, err := app.Open(context.Background(), app.Config{DB: app.MemoryDSN})
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(b[1]), `{"faults"`) {
			faults++
			acct, key, err := auth.NewAccount("ci", "", "", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Accounts.CreateAccount(context.Background(), acct, key); err != nil {
				t.Fatal(err)
			}
			specs, err := fault.Parse(b[1])
			if err == nil {
				_, err = a.Faults.AddAll(context.Background(), specs)
			}
			if err != nil {
				t.Errorf("the faults file\n%s\ndoes not load: %v", b[1], err)
			}
			a.Close()
			continue
		}
		fixtures++
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
	if fixtures < 2 || faults < 1 {
		t.Fatalf("docs/testing.md shows %d JSON fixtures and %d faults files, want at least 2 and 1", fixtures, faults)
	}
}
