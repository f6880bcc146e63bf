-- The resources around instances: networks, subnets, security groups,
-- disks and key pairs, and the links by which every resource (instances
-- too) can be found from what it refers to. The PostgreSQL store keeps the
-- same tables, columns and indexes.

-- +goose Up

-- attrs holds what an instance has beyond the columns above, as JSON (see
-- sqlstore's codec): its network, addresses, key pair, tags, ...
ALTER TABLE instances ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}';

-- resources holds every resource but instances, one row each, its kind's
-- fields in body as JSON. seq is the creation order and the resource's
-- serial (compute.Meta.Serial). PostgreSQL: BIGINT GENERATED ALWAYS AS
-- IDENTITY.
CREATE TABLE resources (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    account_id TEXT    NOT NULL,
    cloud      TEXT    NOT NULL,
    region     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    body       TEXT    NOT NULL
);

-- IDs are unique per kind across owners, as instance IDs are.
CREATE UNIQUE INDEX resources_id ON resources (kind, id);
-- Listings of a kind, in one region or in all, in creation order.
CREATE INDEX resources_owner ON resources (account_id, cloud, kind, seq);
CREATE INDEX resources_region ON resources (account_id, cloud, kind, region, seq);

-- links says that resource (kind, id) refers to value under attr (see
-- compute.Link): a subnet to its network, an instance to its security
-- groups, a disk to its instance, anything to the values of its tags.
-- Rewritten with the resource it derives from, in the same transaction.
CREATE TABLE links (
    account_id TEXT NOT NULL,
    cloud      TEXT NOT NULL,
    attr       TEXT NOT NULL,
    value      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    id         TEXT NOT NULL,
    PRIMARY KEY (account_id, cloud, attr, value, kind, id)
) WITHOUT ROWID; -- SQLite only

CREATE INDEX links_from ON links (account_id, cloud, kind, id);

-- SQLite only: statistics of the new indexes, in the spirit of 00001's:
-- large owners, few resources per ID, a handful of links per value.
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('resources', NULL, '1000000'),
    ('resources', 'resources_id', '1000000 200000 1'),
    ('resources', 'resources_owner', '1000000 100000 100000 20000 1'),
    ('resources', 'resources_region', '1000000 100000 100000 20000 5000 1'),
    ('links', 'sqlite_autoindex_links_1', '5000000 500000 500000 50000 10 10 1'),
    ('links', 'links_from', '5000000 500000 500000 100000 5');
ANALYZE sqlite_schema;

-- +goose Down

DELETE FROM sqlite_stat1 WHERE tbl IN ('resources', 'links');
DROP TABLE links;
DROP TABLE resources;
ALTER TABLE instances DROP COLUMN attrs;
