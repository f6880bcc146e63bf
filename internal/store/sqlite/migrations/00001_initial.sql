-- The schema of ecsd. The PostgreSQL store keeps the same tables, columns
-- and indexes, since the SQL in internal/store/sqlstore runs on both. Every
-- INTEGER column is an int64 (PostgreSQL: BIGINT); times are unix
-- nanoseconds. Where PostgreSQL spells a thing otherwise it is noted
-- "PostgreSQL: ..."; what it has no use for, "SQLite only".

-- +goose Up

CREATE TABLE accounts (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE access_keys (
    id         TEXT    NOT NULL PRIMARY KEY,
    secret     TEXT    NOT NULL,
    account_id TEXT    NOT NULL REFERENCES accounts (id),
    disabled   INTEGER NOT NULL DEFAULT 0, -- PostgreSQL: BOOLEAN NOT NULL DEFAULT false
    created_at INTEGER NOT NULL
);

CREATE INDEX access_keys_account ON access_keys (account_id);

-- instances holds lifecycle state, never a visible status: the status at a
-- time t is CASE WHEN t < until1 THEN stage1 WHEN t < until2 THEN stage2
-- ELSE target END. Without stages, stage1 = stage2 = '' and until1 = until2
-- = 0; with one, stage2 = '' and until2 = until1, so until2 is always when
-- the instance settles.
--
-- instances has no foreign key to accounts: compute.Store does not require
-- the owner to be an account of this store.
CREATE TABLE instances (
    -- seq is the creation order, the order of every listing, and what
    -- instance_tallies buckets. AUTOINCREMENT keeps it growing even when the
    -- newest rows are deleted. PostgreSQL: BIGINT GENERATED ALWAYS AS
    -- IDENTITY PRIMARY KEY.
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT    NOT NULL,
    account_id     TEXT    NOT NULL,
    cloud          TEXT    NOT NULL,
    region         TEXT    NOT NULL,
    zone           TEXT    NOT NULL,
    resource_group TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    image_id       TEXT    NOT NULL,
    instance_type  TEXT    NOT NULL,
    charge_type    TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    target         TEXT    NOT NULL,
    stage1         TEXT    NOT NULL,
    until1         INTEGER NOT NULL,
    stage2         TEXT    NOT NULL,
    until2         INTEGER NOT NULL
);

-- Instance IDs are unique across owners.
CREATE UNIQUE INDEX instances_id ON instances (id);

-- One index per listing scope (compute.Instance.ScopeKeys), each ordered by
-- seq, so a page of any scope is a range read.
CREATE INDEX instances_owner ON instances (account_id, cloud, seq);
CREATE INDEX instances_region ON instances (account_id, cloud, region, seq);
CREATE INDEX instances_zone ON instances (account_id, cloud, region, zone, seq);
CREATE INDEX instances_group ON instances (account_id, cloud, resource_group, seq);

-- Gone instances (terminated once their stages passed) are reaped before a
-- listing; this small partial index makes "has the owner any?" one probe.
-- 'terminated' is compute.StatusTerminated.
CREATE INDEX instances_terminated ON instances (account_id, cloud, until2) WHERE target = 'terminated';

-- instance_tallies keeps prefix counts per scope and bucket of 256 seqs
-- (bucket = seq / 256): n is how many of the scope's instances have a seq in
-- the bucket, before how many have a lower seq. The highest bucket's before +
-- n is the scope's total, and the bucket holding the k-th instance is the one
-- with the greatest before <= k, so neither a count nor a deep page scans the
-- scope. Buckets whose n falls to 0 are deleted.
CREATE TABLE instance_tallies (
    account_id TEXT    NOT NULL,
    cloud      TEXT    NOT NULL,
    scope      TEXT    NOT NULL,
    bucket     INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    before     INTEGER NOT NULL,
    PRIMARY KEY (account_id, cloud, scope, bucket)
) WITHOUT ROWID; -- SQLite only

CREATE INDEX instance_tallies_before ON instance_tallies (account_id, cloud, scope, before, bucket);

-- client_tokens remembers which instances a Create with a client token made,
-- so that a repeated call returns them (those that still exist) and makes
-- nothing, even after they are all gone.
CREATE TABLE client_tokens (
    account_id  TEXT NOT NULL,
    cloud       TEXT NOT NULL,
    token       TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    PRIMARY KEY (account_id, cloud, token, instance_id)
) WITHOUT ROWID; -- SQLite only

-- SQLite only: the query planner's statistics, written by hand instead of
-- gathered by ANALYZE. Without statistics SQLite takes an owner's index to
-- be as selective as a unique one, and reads all of a large owner's rows to
-- find a few by ID. These describe a large store with large owners, and
-- keep the plans fixed whatever the data; so ecsd never runs ANALYZE or
-- PRAGMA optimize, which would replace them. The first ANALYZE creates
-- sqlite_stat1, the second makes this connection read it.
ANALYZE sqlite_schema;
DELETE FROM sqlite_stat1;
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('instances', NULL, '1000000'),
    ('instances', 'instances_id', '1000000 1'),
    ('instances', 'instances_owner', '1000000 100000 100000 1'),
    ('instances', 'instances_region', '1000000 100000 100000 20000 1'),
    ('instances', 'instances_zone', '1000000 100000 100000 20000 10000 1'),
    ('instances', 'instances_group', '1000000 100000 100000 10000 1'),
    ('instances', 'instances_terminated', '100 10 10 1'),
    ('instance_tallies', 'sqlite_autoindex_instance_tallies_1', '20000 2000 2000 500 1'),
    ('instance_tallies', 'instance_tallies_before', '20000 2000 2000 500 1 1'),
    ('client_tokens', 'sqlite_autoindex_client_tokens_1', '100000 10000 10000 10 1');
ANALYZE sqlite_schema;

-- +goose Down

DELETE FROM sqlite_stat1;

DROP TABLE client_tokens;
DROP TABLE instance_tallies;
DROP TABLE instances;
DROP TABLE access_keys;
DROP TABLE accounts;
