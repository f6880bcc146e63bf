package tencent_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// documentedDescribeInstances is the answer of example 1 of Tencent's
// DescribeInstances document (API 213/15728), as published.
var documentedDescribeInstances = func() string {
	b, err := os.ReadFile("testdata/describe-instances-documented.json")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return v
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return fmt.Sprintf("%T", v)
}

// compareShapes fails for every field of want that got lacks, and for
// every one whose JSON type differs. A null in want stands for a field
// the example leaves empty: got must have it, with any type but null.
// Arrays compare by their first element.
func compareShapes(t *testing.T, path string, want, got any) {
	t.Helper()
	if got == nil {
		t.Errorf("%s is null, want a %s", path, jsonType(want))
		return
	}
	if want == nil {
		return
	}
	if jsonType(want) != jsonType(got) {
		t.Errorf("%s is a %s, want a %s", path, jsonType(got), jsonType(want))
		return
	}
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				t.Errorf("%s.%s is missing", path, k)
				continue
			}
			compareShapes(t, path+"."+k, wv, gv)
		}
	case []any:
		g := got.([]any)
		if len(w) > 0 {
			if len(g) == 0 {
				t.Errorf("%s is empty, want elements like %v", path, w[0])
				return
			}
			compareShapes(t, path+"[0]", w[0], g[0])
		}
	}
}
