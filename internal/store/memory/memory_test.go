package memory_test

import (
	"testing"

	"github.com/ecsd/ecsd/internal/store/memory"
	"github.com/ecsd/ecsd/internal/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.TestStore(t, func(t *testing.T) storetest.Stores {
		s := memory.New()
		return storetest.Stores{Instances: s, Accounts: s, Secrets: s}
	})
}
