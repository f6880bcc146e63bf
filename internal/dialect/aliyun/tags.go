package aliyun

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ecsd/ecsd/internal/compute"
)

// Tag rules of ECS and VPC: at most 20 tags on a resource, keys of 1 to 128
// characters and values of up to 128, neither starting with "aliyun" or
// "acs:" nor holding "http://" or "https://".
const (
	maxTags      = 20
	maxTagKey    = 128
	maxTagValue  = 128
	tagParameter = "Tag"
)

var (
	errTagKey   = &apiError{http.StatusBadRequest, "InvalidTagKey.Malformed", "The specified Tag.n.Key is not valid."}
	errTagValue = &apiError{http.StatusBadRequest, "InvalidTagValue.Malformed", "The specified Tag.n.Value is not valid."}
	errTagCount = &apiError{http.StatusBadRequest, "InvalidTagCount", "The specified tags are beyond the permitted range."}
)

// tags reads Tag.N.Key and Tag.N.Value, as RunInstances, CreateVpc and
// TagResources take them.
func tags(p params) ([]compute.Tag, error) {
	entries, err := p.structs(tagParameter, maxTags)
	if err != nil {
		return nil, errTagCount
	}
	out := make([]compute.Tag, 0, len(entries))
	for _, e := range entries {
		t := compute.Tag{Key: e.get("Key"), Value: e.get("Value")}
		if !validTagText(t.Key, 1, maxTagKey) {
			return nil, errTagKey
		}
		if !validTagText(t.Value, 0, maxTagValue) {
			return nil, errTagValue
		}
		out = append(out, t)
	}
	return out, nil
}

func validTagText(s string, min, max int) bool {
	n := utf8.RuneCountInString(s)
	lower := strings.ToLower(s)
	return n >= min && n <= max && !strings.HasPrefix(lower, "aliyun") && !strings.HasPrefix(lower, "acs:") &&
		!strings.Contains(lower, "http://") && !strings.Contains(lower, "https://")
}
