package zenlayer

import (
	"testing"

	"github.com/ecsd/ecsd/internal/dialect/kit/kittest"
)

// TestEveryActionIsClassified: every action served is read-only exactly
// when its name says it reads, so the audit log has a line for every
// other one.
func TestEveryActionIsClassified(t *testing.T) {
	readOnly := map[string]bool{}
	for _, svc := range services {
		for _, v := range svc.versions {
			for name, a := range v.actions {
				readOnly[name] = a.ReadOnly
			}
		}
	}
	kittest.CheckClassified(t, readOnly)
}
