package sqlstore

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

func TestRebindDollar(t *testing.T) {
	cases := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ?", "a = $1"},
		{"a = ? AND b IN (?, ?) LIMIT ? OFFSET ?", "a = $1 AND b IN ($2, $3) LIMIT $4 OFFSET $5"},
		{"a = ?2 AND b = ?1 OR c = ?12 LIMIT ?2", "a = $2 AND b = $1 OR c = $12 LIMIT $2"},
	}
	for _, c := range cases {
		if got := RebindDollar(c.in); got != c.want {
			t.Errorf("RebindDollar(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// The longest statement binds its 8 arguments by number, each once,
	// however often it uses them.
	page := pageSQL(scopeZone, false, true)
	if n := ParamCount(page); n != 8 {
		t.Errorf("ParamCount(pageSQL) = %d, want 8", n)
	}
	if got := RebindDollar(page); !strings.Contains(got, "$8") || strings.Contains(got, "$9") || strings.Contains(got, "?") {
		t.Errorf("RebindDollar(pageSQL) = %q, want $1 to $8", got)
	}
}

func TestEscapeLike(t *testing.T) {
	cases := []struct{ in, want string }{
		{"web", "web"},
		{"a%b", `a\%b`},
		{"a_b", `a\_b`},
		{`a\b`, `a\\b`},
		{`%_\`, `\%\_\\`},
	}
	for _, c := range cases {
		if got := escapeLike(c.in); got != c.want {
			t.Errorf("escapeLike(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStagesRoundTrip(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	cases := []struct {
		name   string
		stages []compute.Stage
		want   stateCols
	}{
		{"none", nil, stateCols{}},
		{"one", []compute.Stage{{Status: compute.StatusPending, Until: t0}},
			stateCols{stage1: "pending", until1: t0.UnixNano(), until2: t0.UnixNano()}},
		{"two", []compute.Stage{{Status: compute.StatusPending, Until: t0}, {Status: compute.StatusStarting, Until: t0.Add(time.Second)}},
			stateCols{stage1: "pending", until1: t0.UnixNano(), stage2: "starting", until2: t0.Add(time.Second).UnixNano()}},
		{"held", []compute.Stage{{Status: compute.StatusStopping, Until: compute.HeldUntil}},
			stateCols{stage1: "stopping", until1: math.MaxInt64, until2: math.MaxInt64}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := encodeState(compute.Instance{Stages: c.stages})
			if err != nil || got != c.want {
				t.Fatalf("encodeState = %+v, %v; want %+v", got, err, c.want)
			}
			back := decodeStages(got.stage1, got.until1, got.stage2, got.until2)
			if !slices.Equal(back, c.stages) {
				t.Errorf("decodeStages = %v, want %v", back, c.stages)
			}
		})
	}
	three := make([]compute.Stage, compute.MaxStages+1)
	if _, err := encodeState(compute.Instance{Stages: three}); err == nil {
		t.Errorf("encodeState of %d stages = nil error, want one", len(three))
	}
}

func TestTallies(t *testing.T) {
	places := []place{
		{seq: 1, region: "r1", zone: "a"},
		{seq: 255, region: "r1", zone: "a", group: "g"},
		{seq: 256, region: "r2", zone: "b"},
		{seq: 700, region: "r1", zone: "a"},
	}
	want := []tally{
		{"*", 0, 2}, {"*", 1, 1}, {"*", 2, 1},
		{"g/g", 0, 1},
		{"r/r1", 0, 2}, {"r/r1", 2, 1},
		{"r/r2", 1, 1},
		{"z/r1/a", 0, 2}, {"z/r1/a", 2, 1},
		{"z/r2/b", 1, 1},
	}
	if got := tallies(places); !slices.Equal(got, want) {
		t.Errorf("tallies = %v, want %v", got, want)
	}
}

func TestRuns(t *testing.T) {
	cases := []struct {
		n    int
		want []int // the sizes of the runs
	}{
		{0, nil},
		{1, []int{1}},
		{5, []int{4, 1}},
		{100, []int{64, 16, 16, 4}},
		{1000, []int{256, 256, 256, 64, 64, 64, 16, 16, 4, 4}},
	}
	for _, c := range cases {
		var got []int
		next := 0
		err := runs(c.n, func(start, k int) error {
			if start != next {
				t.Errorf("runs(%d): a run starts at %d, want %d", c.n, start, next)
			}
			next = start + insertRows[k]
			got = append(got, insertRows[k])
			return nil
		})
		if err != nil || !slices.Equal(got, c.want) || next != c.n {
			t.Errorf("runs(%d) = %v, %v, covering %d; want %v", c.n, got, err, next, c.want)
		}
	}
}

func TestScopeKeys(t *testing.T) {
	keys := scopeKeys("r1", "z1", "g1")
	queries := []compute.Query{
		{}, {Region: "r1"}, {Region: "r1", Zone: "z1"}, {ResourceGroup: "g1"},
	}
	for _, q := range queries {
		k, ok := scopeKey(q)
		if !ok || !slices.Contains(keys, k) {
			t.Errorf("query %+v has scope %q (%v); the instance is in %v", q, k, ok, keys)
		}
	}
	for _, q := range []compute.Query{{Region: "r1", ResourceGroup: "g1"}, {Zone: "z1"}, {IDs: []compute.InstanceID{"i"}}, {Statuses: []compute.Status{compute.StatusRunning}}, {NameContains: "x"}} {
		if k, ok := scopeKey(q); ok {
			t.Errorf("query %+v has scope %q; want none", q, k)
		}
	}
	if other := scopeKeys("r2", "z1", ""); slices.Contains(other, keys[2]) {
		t.Errorf("zone keys must include the region: %v vs %v", other, keys)
	}
}
