package tencent_test

import (
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
)

// TestEveryStateEveryOperation drives one instance into each state CVM
// shows and applies each operation to it, on the fake clock: the operation
// either moves it to the transitional state and then the settled one, or is
// refused with UnsupportedOperation.InstanceState<State> and changes
// nothing (reference 3.7).
func TestEveryStateEveryOperation(t *testing.T) {
	type outcome struct{ now, settled string }
	moves := func(now, settled string) outcome { return outcome{now: now, settled: settled} }
	gone := moves("TERMINATING", "")
	states := []struct {
		name   string
		launch launch
		// reach brings the launched instances into the state: actions
		// applied to all of them in turn, "settle" moving the clock on.
		reach []string
		// want is the outcome of each operation that the state allows;
		// every other one is refused.
		want map[string]outcome
	}{
		{name: "PENDING", reach: nil, want: map[string]outcome{}},
		{name: "RUNNING", reach: []string{"settle"}, want: map[string]outcome{
			"StopInstances": moves("STOPPING", "STOPPED"), "RebootInstances": moves("REBOOTING", "RUNNING"), "TerminateInstances": gone,
		}},
		{name: "STOPPING", reach: []string{"settle", "StopInstances"}, want: map[string]outcome{}},
		{name: "STOPPED", reach: []string{"settle", "StopInstances", "settle"}, want: map[string]outcome{
			"StartInstances": moves("STARTING", "RUNNING"), "TerminateInstances": gone,
		}},
		{name: "STARTING", reach: []string{"settle", "StopInstances", "settle", "StartInstances"}, want: map[string]outcome{}},
		{name: "REBOOTING", reach: []string{"settle", "RebootInstances"}, want: map[string]outcome{}},
		{name: "TERMINATING", reach: []string{"settle", "TerminateInstances"}, want: map[string]outcome{}},
		{name: "SHUTDOWN", launch: launch{charge: "PREPAID"}, reach: []string{"settle", "TerminateInstances", "settle"}, want: map[string]outcome{
			"TerminateInstances": gone,
		}},
		{name: "LAUNCH_FAILED", launch: launch{image: "ecsd-launch-fails"}, reach: []string{"settle"}, want: map[string]outcome{
			"TerminateInstances": gone,
		}},
		// Prepaid instances differ only in termination: the recycle bin.
		{name: "RUNNING", launch: launch{charge: "PREPAID"}, reach: []string{"settle"}, want: map[string]outcome{
			"StopInstances": moves("STOPPING", "STOPPED"), "RebootInstances": moves("REBOOTING", "RUNNING"), "TerminateInstances": moves("STOPPING", "SHUTDOWN"),
		}},
		{name: "STOPPED", launch: launch{charge: "PREPAID"}, reach: []string{"settle", "StopInstances", "settle"}, want: map[string]outcome{
			"StartInstances": moves("STARTING", "RUNNING"), "TerminateInstances": moves("SHUTDOWN", "SHUTDOWN"),
		}},
	}
	operations := []string{"StartInstances", "StopInstances", "RebootInstances", "TerminateInstances"}
	for _, st := range states {
		name := st.name
		if st.launch.charge != "" {
			name += "-" + st.launch.charge
		}
		t.Run(name, func(t *testing.T) {
			env := apptest.Start(t, apptest.Options{})
			c := newClient(t, env, sdkModes[0], region, apptest.AccessKeyID, apptest.AccessKeySecret)
			l := st.launch
			l.count = int64(len(operations))
			ids := mustRun(t, c, l)
			for _, step := range st.reach {
				if step == "settle" {
					env.Clock.Advance(delay)
					continue
				}
				mustAct(t, c, step, ids...)
			}
			for _, id := range ids {
				wantStatus(t, c, id, st.name)
			}
			for i, op := range operations {
				err := act(c, op, ids[i])
				want, moves := st.want[op]
				if !moves {
					wantError(t, err, "UnsupportedOperation.InstanceState"+camel(st.name))
					wantStatus(t, c, ids[i], st.name)
					continue
				}
				if err != nil {
					t.Fatalf("%s on %s: %v", op, st.name, err)
				}
				wantStatus(t, c, ids[i], want.now)
			}
			env.Clock.Advance(2 * delay)
			for i, op := range operations {
				want, moves := st.want[op]
				if !moves {
					continue
				}
				if got := statusOf(t, c, ids[i]); got != want.settled {
					t.Errorf("%s on %s settles as %q, want %q", op, st.name, got, want.settled)
				}
			}
		})
	}
}

// camel spells LAUNCH_FAILED as LaunchFailed, as the refusal codes do.
func camel(s string) string {
	out := make([]byte, 0, len(s))
	upper := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' {
			upper = true
			continue
		}
		if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out = append(out, c)
		upper = false
	}
	return string(out)
}
