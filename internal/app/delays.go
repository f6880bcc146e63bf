package app

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// ParseDelays reads per-transition delays as `serve --transition-delays`
// takes them: a comma-separated list of TRANSITION=DURATION, for every
// cloud, or CLOUD.TRANSITION=DURATION, for one, such as
// "tencent.stop=5s,tencent.create=30s,reboot=1s". A cloud's own entry wins
// over the entry for every cloud. An empty spec is no table.
func ParseDelays(spec string) (compute.Delays, error) {
	d := compute.Delays{}
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, value, ok := strings.Cut(item, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not TRANSITION=DURATION or CLOUD.TRANSITION=DURATION, such as tencent.stop=5s", item)
		}
		cloud, transition, scoped := strings.Cut(key, ".")
		if !scoped {
			cloud, transition = "", key
		}
		if scoped && !slices.Contains(compute.Clouds, compute.Cloud(cloud)) {
			return nil, fmt.Errorf("%q: %q is not a cloud: one of %v", item, cloud, compute.Clouds)
		}
		t := compute.Transition(transition)
		if !slices.Contains(compute.Transitions, t) {
			return nil, fmt.Errorf("%q: %q is not a transition: one of %v", item, transition, compute.Transitions)
		}
		delay, err := time.ParseDuration(value)
		if err != nil || delay < 0 {
			return nil, fmt.Errorf("%q: %q is not a duration of 0 or more, such as 5s or 1m30s", item, value)
		}
		c := compute.Cloud(cloud)
		if _, dup := d[c][t]; dup {
			return nil, fmt.Errorf("%q: %s is given twice", item, key)
		}
		if d[c] == nil {
			d[c] = map[compute.Transition]time.Duration{}
		}
		d[c][t] = delay
	}
	if len(d) == 0 {
		return nil, nil
	}
	return d, nil
}
