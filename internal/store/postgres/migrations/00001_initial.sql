-- The schema of ecsd on PostgreSQL. It keeps the tables, columns and indexes
-- of the SQLite store (internal/store/sqlite/migrations), whose comments
-- explain them, since the SQL in internal/store/sqlstore runs on both.
-- Times are unix nanoseconds in BIGINT columns. Tables the SQLite store has
-- no use for are marked "PostgreSQL only".

-- +goose Up

CREATE TABLE accounts (
    id         TEXT   NOT NULL PRIMARY KEY,
    name       TEXT   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE access_keys (
    id         TEXT    NOT NULL PRIMARY KEY,
    secret     TEXT    NOT NULL,
    account_id TEXT    NOT NULL REFERENCES accounts (id),
    disabled   BOOLEAN NOT NULL DEFAULT false,
    created_at BIGINT  NOT NULL
);

CREATE INDEX access_keys_account ON access_keys (account_id);

CREATE TABLE instances (
    -- An identity, like SQLite's AUTOINCREMENT, is never handed out twice,
    -- even after the newest rows are deleted. Unlike SQLite's, it is not
    -- the primary key, nor indexed alone: every read is of one owner, and
    -- an index on seq alone tempts the planner to walk all owners'
    -- instances in seq order for a page of one owner, hoping to meet
    -- enough of them early.
    seq            BIGINT GENERATED ALWAYS AS IDENTITY,
    id             TEXT   NOT NULL,
    account_id     TEXT   NOT NULL,
    cloud          TEXT   NOT NULL,
    region         TEXT   NOT NULL,
    zone           TEXT   NOT NULL,
    resource_group TEXT   NOT NULL,
    name           TEXT   NOT NULL,
    image_id       TEXT   NOT NULL,
    instance_type  TEXT   NOT NULL,
    charge_type    TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    target         TEXT   NOT NULL,
    stage1         TEXT   NOT NULL,
    until1         BIGINT NOT NULL,
    stage2         TEXT   NOT NULL,
    until2         BIGINT NOT NULL,
    -- SQLite: the index instances_owner.
    CONSTRAINT instances_owner PRIMARY KEY (account_id, cloud, seq)
);

CREATE UNIQUE INDEX instances_id ON instances (id);
CREATE INDEX instances_region ON instances (account_id, cloud, region, seq);
CREATE INDEX instances_zone ON instances (account_id, cloud, region, zone, seq);
CREATE INDEX instances_group ON instances (account_id, cloud, resource_group, seq);
CREATE INDEX instances_terminated ON instances (account_id, cloud, until2) WHERE target = 'terminated';

CREATE TABLE instance_tallies (
    account_id TEXT   NOT NULL,
    cloud      TEXT   NOT NULL,
    scope      TEXT   NOT NULL,
    bucket     BIGINT NOT NULL,
    n          BIGINT NOT NULL,
    before     BIGINT NOT NULL,
    PRIMARY KEY (account_id, cloud, scope, bucket)
);

CREATE INDEX instance_tallies_before ON instance_tallies (account_id, cloud, scope, before, bucket);

CREATE TABLE client_tokens (
    account_id  TEXT NOT NULL,
    cloud       TEXT NOT NULL,
    token       TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    PRIMARY KEY (account_id, cloud, token, instance_id)
);

-- PostgreSQL only. owners has one row per owner that ever wrote, which
-- every write transaction on the owner's instances locks first (see
-- lockOwnerSQL in postgres.go): the listing counts in instance_tallies
-- depend on rows a transaction does not change, so row locks on the
-- instances alone cannot keep them right.
CREATE TABLE owners (
    account_id TEXT NOT NULL,
    cloud      TEXT NOT NULL,
    PRIMARY KEY (account_id, cloud)
);

-- PostgreSQL only. nonces is the nonce memory of every node on the
-- database: a signed request's nonce is kept until expires_at (unix
-- nanoseconds), and expired rows are deleted in the background, oldest
-- first, by nonces_expires.
CREATE TABLE nonces (
    key_id     TEXT   NOT NULL,
    nonce      TEXT   NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (key_id, nonce)
);

CREATE INDEX nonces_expires ON nonces (expires_at);

-- +goose Down

DROP TABLE nonces;
DROP TABLE owners;
DROP TABLE client_tokens;
DROP TABLE instance_tallies;
DROP TABLE instances;
DROP TABLE access_keys;
DROP TABLE accounts;
