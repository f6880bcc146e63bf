package kit_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ecsd/ecsd/internal/dialect/kit"
)

func TestOversized(t *testing.T) {
	limits := kit.Limits{Default: 8, Fields: map[string]int{"id": 2}}
	long := strings.Repeat("x", kit.MaxNameBytes+1)
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"all within", map[string]any{"a": "12345678", "id": "12", "n": json.Number("1")}, ""},
		{"a value over the default", map[string]any{"a": "123456789"}, "a"},
		{"a field's own bound", map[string]any{"id": "123"}, "id"},
		{"in a list, by the list's name", map[string]any{"id": []any{"1", "123"}}, "id"},
		{"nested", map[string]any{"p": map[string]any{"q": []any{map[string]any{"id": "123"}}}}, "id"},
		{"a number", map[string]any{"a": json.Number("1234567890")}, "a"},
		{"a member name", map[string]any{long: "1"}, long[:kit.MaxNameBytes]},
		{"the first in name order", map[string]any{"b": "123456789", "a": "123456789"}, "a"},
	} {
		got, ok := kit.Oversized(tc.v, "", limits.Of)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
}
