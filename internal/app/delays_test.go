package app_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ecsd/ecsd/internal/app"
	"github.com/ecsd/ecsd/internal/compute"
)

func TestParseDelays(t *testing.T) {
	got, err := app.ParseDelays(" tencent.stop=5s, tencent.create=30s,reboot=1s,zenlayer.reboot=0s")
	want := compute.Delays{
		"":                    {compute.TransitionReboot: time.Second},
		compute.CloudTencent:  {compute.TransitionStop: 5 * time.Second, compute.TransitionCreate: 30 * time.Second},
		compute.CloudZenlayer: {compute.TransitionReboot: 0},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, %v; want %v", got, err, want)
	}
	if got, err := app.ParseDelays(""); got != nil || err != nil {
		t.Errorf("an empty spec: %v, %v; want no table", got, err)
	}
	for _, tc := range []struct{ name, spec, want string }{
		{"no value", "stop", `"stop" is not TRANSITION=DURATION`},
		{"unknown cloud", "tencnet.stop=5s", `"tencnet" is not a cloud`},
		{"unknown transition", "tencent.halt=5s", `"halt" is not a transition: one of [create start stop reboot terminate`},
		{"bad duration", "stop=5", `"5" is not a duration`},
		{"negative", "stop=-1s", `"-1s" is not a duration of 0 or more`},
		{"twice", "stop=1s,stop=2s", "stop is given twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := app.ParseDelays(tc.spec)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseDelays(%q) = %v, want an error with %q", tc.spec, err, tc.want)
			}
		})
	}
}
