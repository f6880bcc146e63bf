-- The resources around instances: networks, subnets, security groups,
-- disks and key pairs, and the links by which every resource can be found
-- from what it refers to. The same tables as SQLite's 00002 (see there).

-- +goose Up

ALTER TABLE instances ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}';

CREATE TABLE resources (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY,
    kind       TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    account_id TEXT   NOT NULL,
    cloud      TEXT   NOT NULL,
    region     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    body       TEXT   NOT NULL,
    CONSTRAINT resources_region PRIMARY KEY (account_id, cloud, kind, region, seq)
);

CREATE UNIQUE INDEX resources_id ON resources (kind, id);
CREATE INDEX resources_owner ON resources (account_id, cloud, kind, seq);

CREATE TABLE links (
    account_id TEXT NOT NULL,
    cloud      TEXT NOT NULL,
    attr       TEXT NOT NULL,
    value      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    id         TEXT NOT NULL,
    PRIMARY KEY (account_id, cloud, attr, value, kind, id)
);

CREATE INDEX links_from ON links (account_id, cloud, kind, id);

-- +goose Down

DROP TABLE links;
DROP TABLE resources;
ALTER TABLE instances DROP COLUMN attrs;
