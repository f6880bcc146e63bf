-- Secrets of the installation itself, such as the admin token, by name.
-- The PostgreSQL store has the same table.

-- +goose Up

CREATE TABLE secrets (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down

DROP TABLE secrets;
