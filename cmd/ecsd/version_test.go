package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestPrintVersion: the revision, its time and the state of the tree, as
// the go command stamps them, are printed as they are.
func TestPrintVersion(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/ecsd/ecsd", Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	var b strings.Builder
	printVersion(&b, "1.2.3", info)
	want := `ecsd 1.2.3
module:   github.com/ecsd/ecsd v1.2.3
revision: 0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)
time:     2026-01-02T03:04:05Z
go:       go1.26.8
`
	if b.String() != want {
		t.Errorf("printVersion =\n%s\nwant\n%s", b.String(), want)
	}
}
