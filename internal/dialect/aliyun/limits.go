package aliyun

import (
	"net/http"
	"slices"
	"strings"

	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// limits bound every parameter value of an ECS or VPC call, by the last
// part of its name (DataDisk.1.Category is "Category"). Names and
// descriptions (2 to 128 and 2 to 256 characters), host names, passwords,
// key pair names, tags and user data are also checked, by ECS's rules and
// with its codes, where each action reads them; this bound comes first and
// holds for every parameter, read or not, so that no value of megabytes
// reaches the core or a store.
var limits = kit.Limits{
	Default: kit.DefaultValueBytes,
	Fields: map[string]int{
		// User data is at most 32 KB before Base64 (RunInstances):
		// Base64 makes 43,692 bytes of it; the exact check, with
		// InvalidUserData.SizeExceeded, is checkUserData's.
		"UserData": 64 << 10,
		// An OpenSSH RSA key of 16,384 bits is about 2,800 bytes.
		"PublicKeyBody": 16 << 10,
		// IDs and names the cloud makes.
		"ImageId": kit.IDBytes, "InstanceType": kit.IDBytes, "ResourceGroupId": kit.IDBytes,
		"RegionId": kit.IDBytes, "ZoneId": kit.IDBytes, "VpcId": kit.IDBytes, "VSwitchId": kit.IDBytes,
		"SecurityGroupId": kit.IDBytes,
		"KeyPairName":     kit.IDBytes, "InstanceChargeType": kit.IDBytes, "InternetChargeType": kit.IDBytes,
		"Category": kit.IDBytes, "NetworkInterfaceId": kit.IDBytes, "RouteTableId": kit.IDBytes,
		// Names 2 to 128 characters, descriptions 2 to 256: in UTF-8 at
		// most 4 bytes each.
		"InstanceName": 4 * maxNameRunes, "HostName": 4 * maxNameRunes, "DiskName": 4 * maxNameRunes,
		"VpcName": 4 * maxNameRunes, "VSwitchName": 4 * maxNameRunes, "SecurityGroupName": 4 * maxNameRunes,
		"Description": 4 * maxDescriptionRunes,
		// Tag keys and values: at most 128 characters.
		"Key": 4 * 128, "Value": 4 * 128,
	},
}

// oversized finds a parameter whose name or value is over its limit, in
// name order.
func oversized(p params) (string, bool) {
	names := make([]string, 0, len(p))
	for name := range p {
		if len(name) > kit.MaxNameBytes {
			return name[:kit.MaxNameBytes], true
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		field := name
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			field = name[i+1:]
		}
		for _, v := range p[name] {
			if len(v) > limits.Of(field) {
				return name, true
			}
		}
	}
	return "", false
}

// tooLong is the answer to a parameter over its limit.
func tooLong(name string) *apiError {
	if name == "UserData" {
		return errUserDataSize
	}
	return invalidParameter(name)
}

// maxBody bounds an RPC request's body (a form of its parameters). ECS
// documents no bound; every parameter is bounded by limits, the largest
// (UserData) at 64 KiB, and 1 MiB is Tencent's documented bound for the
// same kind of request (a v1 form POST).
const maxBody = 1 << 20

// BodyLimit implements server.BodyLimiter.
func (h *Handler) BodyLimit(*http.Request) int64 { return maxBody }
