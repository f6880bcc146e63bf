package aliyun

import (
	"testing"

	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

// TestEveryActionIsClassified: every action served is read-only exactly
// when its name says it reads, so the audit log has a line for every
// other one.
func TestEveryActionIsClassified(t *testing.T) {
	readOnly := map[string]bool{}
	for version, table := range products {
		for name, a := range table {
			readOnly[name+" ("+version+")"] = a.ReadOnly
		}
	}
	kittest.CheckClassified(t, readOnly)
}
