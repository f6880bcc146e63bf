package aliyun

import (
	"regexp"

	"github.com/ecsd/ecsd/internal/auth"
	"github.com/ecsd/ecsd/internal/compute"
)

const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// newInstanceID makes an ID in the current ECS format: "i-", the region's
// two-character prefix, then random characters, 20 in all after "i-".
func newInstanceID(region compute.Region) func() compute.InstanceID {
	prefix := region.Attributes[AttrIDPrefix]
	if len(prefix) != 2 {
		prefix = "ec"
	}
	return func() compute.InstanceID {
		return compute.InstanceID("i-" + prefix + auth.RandomString(lowerAlnum, 18))
	}
}

// instanceIDPattern accepts current IDs and the shorter older ones
// (i-ae4r89pp in the seed documents).
var instanceIDPattern = regexp.MustCompile(`^i-[a-z0-9]{8,}$`)

func wellFormedID(id string) bool { return instanceIDPattern.MatchString(id) }
