-- The change log that lets each node keep the listing index in memory and
-- follow the writes of every other node (see changes.go).

-- +goose Up

-- version counts the owner's committed transactions that changed its
-- instances; each takes the next number while it holds the owner's row
-- lock, so versions commit in order.
ALTER TABLE owners ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- instance_changes names the instances each version wrote (created,
-- changed, deleted or reaped); an empty id stands for every instance of
-- the owner (a reset). Every version has at least one row until the
-- background deletes rows older than the retention (changed_at, unix
-- nanoseconds), through instance_changes_at.
CREATE TABLE instance_changes (
    account_id TEXT   NOT NULL,
    cloud      TEXT   NOT NULL,
    version    BIGINT NOT NULL,
    id         TEXT   NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, cloud, version, id)
);

CREATE INDEX instance_changes_at ON instance_changes (changed_at);

-- +goose Down

DROP TABLE instance_changes;
ALTER TABLE owners DROP COLUMN version;
