package zenlayer_test

import (
	"testing"

	"github.com/ecsd/ecsd/internal/app/apptest"
	"github.com/ecsd/ecsd/internal/store/postgres/pgtest"
)

// TestReplayOnPostgres runs the provider's flows that touch every kind of
// resource on the PostgreSQL store, as the others run on SQLite: the
// stores are shared, so Zenlayer's resources must come back alike from
// both.
func TestReplayOnPostgres(t *testing.T) {
	pg := func(t *testing.T) *env { return start(t, apptest.Options{DB: pgtest.DSN(t)}) }
	t.Run("instance", func(t *testing.T) { replayInstance(t, pg(t)) })
	t.Run("disk", func(t *testing.T) { replayDisk(t, pg(t), false) })
	t.Run("example", func(t *testing.T) { providerInstanceExample(t, pg(t)) })
	t.Run("every field", func(t *testing.T) { describeInstancesEveryField(t, pg(t)) })
}
