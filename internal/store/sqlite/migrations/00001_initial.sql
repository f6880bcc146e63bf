-- The schema of ecsd. The PostgreSQL store keeps the same tables and columns
-- (the SQL in internal/store/sqlstore runs on both); what is SQLite-only here
-- is marked "SQLite:" with the PostgreSQL spelling. Times are int64 unix
-- nanoseconds.

-- +goose Up

CREATE TABLE accounts (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL -- PostgreSQL: BIGINT
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
    -- newest rows are deleted. SQLite: INTEGER PRIMARY KEY AUTOINCREMENT;
    -- PostgreSQL: BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY.
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT    NOT NULL UNIQUE,
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
) WITHOUT ROWID; -- SQLite only: PostgreSQL has no WITHOUT ROWID

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
) WITHOUT ROWID;

-- +goose Down

DROP TABLE client_tokens;
DROP TABLE instance_tallies;
DROP TABLE instances;
DROP TABLE access_keys;
DROP TABLE accounts;
