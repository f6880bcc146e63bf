package kittest

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// readVerbs are the verbs that start the name of every action the three
// vendors document as reading only.
var readVerbs = []string{"Describe", "Get", "Inquiry", "List"}

// CheckClassified fails t unless the read-only flag of every action in
// readOnly (by name) matches its verb: the actions that only read are
// those named Describe..., Get..., Inquiry... or List..., every other one
// changes something and gets an audit log line. An action registered with
// the wrong flag would escape the audit log (or run before its nonce is
// recorded), so the table is checked by name.
func CheckClassified(t *testing.T, readOnly map[string]bool) {
	t.Helper()
	if len(readOnly) == 0 {
		t.Fatal("no actions to check")
	}
	for name, ro := range readOnly {
		if want := slices.Contains(readVerbs, verb(name)); ro != want {
			t.Errorf("%s is registered with ReadOnly %t, want %t for the verb %q", name, ro, want, verb(name))
		}
	}
}

// verb is the first word of a CamelCase action name.
func verb(name string) string {
	end := strings.IndexFunc(name[min(1, len(name)):], unicode.IsUpper)
	if end < 0 {
		return name
	}
	return name[:end+1]
}
