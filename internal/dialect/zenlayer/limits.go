package zenlayer

import (
	"encoding/json"
	"net/http"

	"github.com/ecsd/ecsd/internal/dialect/kit"
)

// limits bound every string of a call's JSON body, in bytes, by its field
// name, whatever the action. Names, passwords, tags and user data are also
// checked by ZEC's rules where each action reads them; this bound comes
// first and holds for every field, read or not, so that no value of
// megabytes reaches the core or a store.
var limits = kit.Limits{
	Default: kit.DefaultValueBytes,
	Fields: map[string]int{
		// User data is at most 16 KB (checked with its own message where
		// it is read); the bound leaves room for that check to answer.
		"userData": 32 << 10,
		// ImportKeyPair's public key.
		"publicKey": 16 << 10,
		// IDs and names the cloud makes.
		"imageId": kit.IDBytes, "instanceType": kit.IDBytes, "resourceGroupId": kit.IDBytes, "zoneId": kit.IDBytes,
		"regionId": kit.IDBytes, "vpcId": kit.IDBytes, "subnetId": kit.IDBytes, "securityGroupId": kit.IDBytes,
		"keyId": kit.IDBytes, "instanceId": kit.IDBytes, "instanceIds": kit.IDBytes, "diskId": kit.IDBytes,
		"diskIds": kit.IDBytes, "nicId": kit.IDBytes, "diskCategory": kit.IDBytes, "marketingOptions": kit.IDBytes,
		// Names are 2 to 63 characters, descriptions and tags shorter
		// than 256: in UTF-8 at most 4 bytes each.
		"instanceName": 4 * 128, "name": 4 * 128, "diskName": 4 * 128, "keyName": 4 * 128, "hostname": 4 * 128,
		"description": 4 * 256, "keyDescription": 4 * 256, "key": 4 * 128, "value": 4 * 256,
	},
}

// oversized finds a field of a JSON body over its limit. A body that is
// not JSON is left to decode, which refuses it.
func oversized(body []byte) (string, bool) {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return "", false
	}
	return kit.Oversized(v, "", limits.Of)
}

func tooLong(name string) *apiError {
	return invalidParameter(name, "must be at most %d bytes long", limits.Of(name))
}

// maxBody bounds a request's JSON body. Zenlayer documents no bound;
// every field is bounded by limits, the largest (userData) at 32 KiB, so
// 1 MiB leaves room for any list the API takes.
const maxBody = 1 << 20

// BodyLimit implements server.BodyLimiter.
func (h *Handler) BodyLimit(*http.Request) int64 { return maxBody }
