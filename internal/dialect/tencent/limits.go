package tencent

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// limits bound every parameter value of a call, in bytes, by its field
// name (Placement.Zone is "Zone"), whatever the action. Names, host names,
// tags, passwords and user data are also checked by CVM's rules where each
// action reads them; this bound comes first and holds for every
// parameter, read or not, so that no value of megabytes reaches the core
// or a store (a TC3 body may be 10 MB).
var limits = kit.Limits{
	Default: kit.DefaultValueBytes,
	Fields: map[string]int{
		// User data is at most 16 KB once decoded (RunInstances); Base64
		// makes 21,848 bytes of it, and checkUserData answers past that.
		"UserData": 32 << 10,
		// ImportKeyPair's public key; an OpenSSH RSA key of 16,384 bits
		// is about 2,800 bytes.
		"PublicKey": 16 << 10,
		// IDs and names the cloud makes.
		"ImageId": kit.IDBytes, "InstanceType": kit.IDBytes, "Zone": kit.IDBytes, "VpcId": kit.IDBytes,
		"SubnetId": kit.IDBytes, "SecurityGroupIds": kit.IDBytes, "KeyIds": kit.IDBytes, "InstanceIds": kit.IDBytes,
		"DiskId": kit.IDBytes, "DiskIds": kit.IDBytes, "DiskType": kit.IDBytes, "InstanceChargeType": kit.IDBytes,
		"InternetChargeType": kit.IDBytes, "SecurityGroupId": kit.IDBytes, "InstanceId": kit.IDBytes,
		// Names are at most 60 characters (InstanceName), tags keys 127
		// and values 255: in UTF-8 at most 4 bytes each.
		"InstanceName": 4 * 128, "HostName": 4 * 128, "DiskName": 4 * 128, "VpcName": 4 * 128,
		"SubnetName": 4 * 128, "GroupName": 4 * 128, "KeyName": 4 * 128,
		"GroupDescription": 4 * 256, "Description": 4 * 256,
		"Key": 4 * maxTagKey, "Value": 4 * maxTagValue, "TagKey": 4 * maxTagKey, "TagValue": 4 * maxTagValue,
	},
}

// tooLong is the answer to a parameter over its limit: the code CVM lists
// for a value over its length (InvalidParameterValue.TooLong).
func tooLong(name string) *apiError {
	return &apiError{"InvalidParameterValue.TooLong", fmt.Sprintf("The value of `%s` is too long.", name)}
}

// BodyLimit implements server.BodyLimiter, by Tencent's documented bounds
// (reference 3.5): 10 MB for a TC3 POST, 1 MB for a v1 form POST.
func (h *Handler) BodyLimit(r *http.Request) int64 {
	if strings.HasPrefix(r.Header.Get("Authorization"), "TC3-") {
		return maxTC3Body
	}
	return maxFormBody
}
