-- Keys with a last use. The same column as SQLite's 00004, which also
-- brings SQLite the nonces table PostgreSQL has had since 00001.

-- +goose Up

ALTER TABLE access_keys ADD COLUMN last_used_at BIGINT NOT NULL DEFAULT 0;

-- +goose Down

ALTER TABLE access_keys DROP COLUMN last_used_at;
