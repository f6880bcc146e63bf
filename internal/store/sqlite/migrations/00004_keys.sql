-- Keys with a last use, and nonces that outlive the process. The
-- PostgreSQL store adds the same column; its nonces table is in 00001.

-- +goose Up

-- last_used_at is when a request signed with the key was last accepted,
-- to the minute, in unix nanoseconds; 0 when never.
ALTER TABLE access_keys ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;

-- nonces remembers the nonces (and, with --refuse-reused-signatures, the
-- signatures) of accepted requests until expires_at (unix nanoseconds), so
-- that a request captured before a restart is refused after it. Expired
-- rows are deleted in the background, oldest first, by nonces_expires.
CREATE TABLE nonces (
    key_id     TEXT    NOT NULL,
    nonce      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (key_id, nonce)
) WITHOUT ROWID;

CREATE INDEX nonces_expires ON nonces (expires_at);

-- +goose Down

DROP TABLE nonces;
ALTER TABLE access_keys DROP COLUMN last_used_at;
