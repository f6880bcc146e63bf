package zenlayer

import (
	"time"

	"github.com/ecsd/ecsd/internal/compute"
)

// contentTypeJSON is the Content-Type of every response.
const contentTypeJSON = "application/json; charset=utf-8"

// envelope is the success envelope of reference 4.3: HTTP 200 with the
// action's response wrapped in "response", which carries the same
// requestId. The Go SDK leaves Response nil, and the Python SDK raises
// KeyError, when "response" is missing, so it is always present.
type envelope struct {
	RequestID string `json:"requestId"`
	Response  any    `json:"response"`
}

// errorResponse is the error envelope: all three keys, always.
type errorResponse struct {
	RequestID string `json:"requestId"`
	Code      string `json:"code"`
	Message   string `json:"message"`
}

// tag is a tag as every request and response carries it.
type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// tagSet is how responses carry tags, and create requests too (the SDK's
// Tags and TagAssociation): {"tags": [...]}, present even when empty.
type tagSet struct {
	Tags []tag `json:"tags"`
}

func wireTags(ts []compute.Tag) tagSet {
	out := tagSet{Tags: make([]tag, len(ts))}
	for i, t := range ts {
		out.Tags[i] = tag{Key: t.Key, Value: t.Value}
	}
	return out
}

// resourceGroupInfo names a resource's group, as VPCs and NICs show it.
type resourceGroupInfo struct {
	ResourceGroupID   string `json:"resourceGroupId"`
	ResourceGroupName string `json:"resourceGroupName"`
}

func wireResourceGroup(id string) resourceGroupInfo {
	return resourceGroupInfo{ResourceGroupID: id, ResourceGroupName: resourceGroupName(id)}
}

// wireTime spells a time as ZEC does.
func wireTime(t time.Time) string { return t.UTC().Format(createTimeLayout) }
