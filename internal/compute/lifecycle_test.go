package compute

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestTransitionTable checks every operation from every status, forced and
// not: which are accepted, what they show and where they settle.
func TestTransitionTable(t *testing.T) {
	type want struct {
		ok     bool
		stages []Status
		target Status
	}
	accepted := func(stages []Status, target Status) want { return want{true, stages, target} }
	refused := want{}
	terminating := accepted([]Status{StatusTerminating}, StatusTerminated)

	// expect returns what op does from status s, for a postpaid instance,
	// with Linger set and no recycle bin.
	expect := func(op Operation, s Status, force bool) want {
		switch op {
		case OpStart:
			if s == StatusStopped {
				return accepted([]Status{StatusStarting}, StatusRunning)
			}
		case OpStop:
			if s == StatusRunning {
				return accepted([]Status{StatusStopping}, StatusStopped)
			}
		case OpReboot:
			if s == StatusRunning || force && (s == StatusStarting || s == StatusRebooting) {
				return accepted([]Status{StatusRebooting}, StatusRunning)
			}
		case OpTerminate:
			if s == StatusStopped || s == StatusLaunchFailed || s == StatusRecycled || force && s == StatusRunning {
				return terminating
			}
		}
		return refused
	}
	for _, op := range Operations {
		for _, s := range Statuses {
			for _, force := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/force=%v", op, s, force), func(t *testing.T) {
					w := expect(op, s, force)
					inst := Instance{ID: "i-1", ChargeType: PostPaid}
					stages, target, err := plan(op, inst, s, ActOptions{Force: force, Linger: true})
					if !w.ok {
						e, ok := AsError(err)
						if !ok || e.Code != IncorrectState || e.Status != s || e.Instance != "i-1" {
							t.Fatalf("got stages %v target %q err %v; want an IncorrectState error naming status %s", stages, target, err, s)
						}
						return
					}
					if err != nil || !slices.Equal(stages, w.stages) || target != w.target {
						t.Fatalf("got stages %v target %q err %v; want stages %v target %q", stages, target, err, w.stages, w.target)
					}
				})
			}
		}
	}
}

func TestTerminateVariants(t *testing.T) {
	postpaid := Instance{ID: "i-1", ChargeType: PostPaid}
	prepaid := Instance{ID: "i-2", ChargeType: PrePaid}
	tests := []struct {
		name   string
		inst   Instance
		from   Status
		opts   ActOptions
		stages []Status
		target Status
	}{
		{"gone at once without linger", postpaid, StatusStopped, ActOptions{}, nil, StatusTerminated},
		{"lingers as terminating", postpaid, StatusStopped, ActOptions{Linger: true}, []Status{StatusTerminating}, StatusTerminated},
		{"prepaid running to recycle bin", prepaid, StatusRunning, ActOptions{Force: true, Recycle: RecyclePrePaid}, []Status{StatusStopping}, StatusRecycled},
		{"prepaid stopped to recycle bin", prepaid, StatusStopped, ActOptions{Recycle: RecyclePrePaid}, nil, StatusRecycled},
		{"postpaid skips the prepaid recycle bin", postpaid, StatusStopped, ActOptions{Linger: true, Recycle: RecyclePrePaid}, []Status{StatusTerminating}, StatusTerminated},
		{"recycle all", postpaid, StatusStopped, ActOptions{Recycle: RecycleAll}, nil, StatusRecycled},
		{"recycled is destroyed", prepaid, StatusRecycled, ActOptions{Linger: true, Recycle: RecycleAll}, []Status{StatusTerminating}, StatusTerminated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stages, target, err := plan(OpTerminate, tt.inst, tt.from, tt.opts)
			if err != nil || !slices.Equal(stages, tt.stages) || target != tt.target {
				t.Fatalf("got stages %v target %q err %v; want %v %q", stages, target, err, tt.stages, tt.target)
			}
		})
	}
}

func TestLaunchPlan(t *testing.T) {
	tests := []struct {
		boot   Boot
		fail   bool
		stages []Status
		target Status
	}{
		{BootDirect, false, []Status{StatusPending}, StatusRunning},
		{BootStaged, false, []Status{StatusPending, StatusStarting}, StatusRunning},
		{BootNone, false, []Status{StatusPending}, StatusStopped},
		{BootStaged, true, []Status{StatusPending}, StatusLaunchFailed},
	}
	for _, tt := range tests {
		stages, target := launchPlan(tt.boot, tt.fail)
		if !slices.Equal(stages, tt.stages) || target != tt.target {
			t.Errorf("launchPlan(%v, %v) = %v %q; want %v %q", tt.boot, tt.fail, stages, target, tt.stages, tt.target)
		}
		if len(stages) > MaxStages {
			t.Errorf("launchPlan(%v, %v) has %d stages; stores keep %d", tt.boot, tt.fail, len(stages), MaxStages)
		}
	}
	for op, r := range transitions {
		if len(r.stages) > MaxStages {
			t.Errorf("%s has %d stages; stores keep %d", op, len(r.stages), MaxStages)
		}
	}
}

func TestStatusAt(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	inst := Instance{Target: StatusRunning, Stages: schedule([]Status{StatusPending, StatusStarting}, t0, 2*time.Second)}
	for _, tt := range []struct {
		at   time.Duration
		want Status
	}{
		{0, StatusPending}, {1999 * time.Millisecond, StatusPending}, {2 * time.Second, StatusStarting},
		{3 * time.Second, StatusStarting}, {4 * time.Second, StatusRunning}, {time.Hour, StatusRunning},
	} {
		if got := inst.StatusAt(t0.Add(tt.at)); got != tt.want {
			t.Errorf("StatusAt(+%s) = %s, want %s", tt.at, got, tt.want)
		}
	}
	if got, want := inst.SettlesAt(), t0.Add(4*time.Second); !got.Equal(want) {
		t.Errorf("SettlesAt = %s, want %s", got, want)
	}
	if s := schedule([]Status{StatusPending}, t0, 0); s != nil {
		t.Errorf("schedule with no delay = %v, want no stages", s)
	}
}

func TestTransitional(t *testing.T) {
	for _, s := range Statuses {
		want := slices.Contains([]Status{StatusPending, StatusStarting, StatusStopping, StatusRebooting, StatusTerminating}, s)
		if s.Transitional() != want {
			t.Errorf("%s.Transitional() = %v, want %v", s, s.Transitional(), want)
		}
	}
}

func TestErrorCodesNamed(t *testing.T) {
	for _, c := range Codes {
		if int(c) >= len(codeNames) {
			t.Errorf("code %d has no name", c)
		}
	}
	if len(Codes) != len(codeNames) {
		t.Errorf("%d codes but %d names", len(Codes), len(codeNames))
	}
}
