package zenlayer_test

import (
	"net/http"
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/compute"
)

// reach returns a new instance showing state, built through the API alone.
func reach(e *env, c *client, state string) string {
	c.T.Helper()
	p := c.createParams(1)
	if state == "CREATE_FAILED" {
		p["imageId"] = compute.FailingImageID
	}
	id := c.create(p)[0]
	if state == "DEPLOYING" {
		return id
	}
	e.clock.Advance(delay)
	switch state {
	case "STOPPING", "STOPPED", "BOOTING", "RELEASING", "RECYCLE":
		c.mustOperate("StopInstances", id)
		if state != "STOPPING" {
			e.clock.Advance(delay)
		}
		switch state {
		case "BOOTING":
			c.mustOperate("StartInstances", id)
		case "RELEASING", "RECYCLE":
			c.mustOperate("ReleaseInstances", id)
		}
	case "REBOOT":
		c.mustOperate("RebootInstances", id)
	}
	c.wantStatuses(state, id)
	return id
}

// TestEveryStateAndOperation applies each operation to an instance in each
// status ecsd shows, and checks what it shows at once and once settled, or
// the error. RECYCLE needs the recycle bin; releases with the recycle bin on
// are the second table.
func TestEveryStateAndOperation(t *testing.T) {
	const (
		opStart, opStop, opReboot, opRelease = "StartInstances", "StopInstances", "RebootInstances", "ReleaseInstances"

		creating    = "OPERATION_DENIED_INSTANCE_CREATING"
		notStopped  = "OPERATION_DENIED_INSTANCE_NOT_STOPPED"
		notRunning  = "OPERATION_DENIED_INSTANCE_NOT_RUNNING"
		badStatus   = "OPERATION_DENIED_INSTANCE_STATUS"
		inRecycling = "OPERATION_DENIED_INSTANCE_RECYCLED"
	)
	type result struct {
		during, settled string // statuses after the call; "" is gone
		code            string // or the 403 error
	}
	ok := func(during, settled string) result { return result{during: during, settled: settled} }
	denied := func(code string) result { return result{code: code} }
	plain := map[string]map[string]result{
		"DEPLOYING":     {opStart: denied(creating), opStop: denied(creating), opReboot: denied(creating), opRelease: denied(creating)},
		"BOOTING":       {opStart: denied(notStopped), opStop: denied(notRunning), opReboot: denied(notRunning), opRelease: denied(badStatus)},
		"RUNNING":       {opStart: denied(notStopped), opStop: ok("STOPPING", "STOPPED"), opReboot: ok("REBOOT", "RUNNING"), opRelease: ok("RELEASING", "")},
		"STOPPING":      {opStart: denied(notStopped), opStop: denied(notRunning), opReboot: denied(notRunning), opRelease: denied(badStatus)},
		"STOPPED":       {opStart: ok("BOOTING", "RUNNING"), opStop: denied(notRunning), opReboot: denied(notRunning), opRelease: ok("RELEASING", "")},
		"REBOOT":        {opStart: denied(notStopped), opStop: denied(notRunning), opReboot: denied(notRunning), opRelease: denied(badStatus)},
		"RELEASING":     {opStart: denied(notStopped), opStop: denied(notRunning), opReboot: denied(notRunning), opRelease: denied(badStatus)},
		"CREATE_FAILED": {opStart: denied(notStopped), opStop: denied(notRunning), opReboot: denied(notRunning), opRelease: ok("RELEASING", "")},
	}
	recycling := map[string]map[string]result{
		"RECYCLE":       {opStart: denied(inRecycling), opStop: denied(inRecycling), opReboot: denied(inRecycling), opRelease: ok("RELEASING", "")},
		"RUNNING":       {opRelease: ok("STOPPING", "RECYCLE")},
		"STOPPED":       {opRelease: ok("RECYCLE", "RECYCLE")},
		"CREATE_FAILED": {opRelease: ok("RECYCLE", "RECYCLE")},
	}
	run := func(t *testing.T, e *env, table map[string]map[string]result) {
		for state, ops := range table {
			for action, want := range ops {
				t.Run(state+"/"+action, func(t *testing.T) {
					c := e.a1(t)
					id := reach(e, c, state)
					_, err := c.operate(action, id)
					if want.code != "" {
						wantError(t, err, http.StatusForbidden, want.code)
						c.wantStatuses(state, id)
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					c.wantStatuses(want.during, id)
					e.clock.Advance(2 * delay)
					c.wantStatuses(want.settled, id)
				})
			}
		}
	}
	t.Run("plain", func(t *testing.T) { run(t, start(t, apptest.Options{}), plain) })
	t.Run("recycle bin", func(t *testing.T) { run(t, startRecycleBin(t), recycling) })
}

// TestForceReboot: forceReboot also reboots an instance that is booting or
// rebooting.
func TestForceReboot(t *testing.T) {
	e := start(t, apptest.Options{})
	c := e.a1(t)
	for _, state := range []string{"BOOTING", "REBOOT"} {
		id := reach(e, c, state)
		var resp operationResponse
		c.mustCall("RebootInstances", params{"instanceIds": []string{id}, "forceReboot": true}, &resp)
		c.wantStatuses("REBOOT", id)
		e.clock.Advance(delay)
		c.wantStatuses("RUNNING", id)
	}
}
