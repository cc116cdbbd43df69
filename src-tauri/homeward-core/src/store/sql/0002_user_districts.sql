-- Schema version 2: the districts each user works in (a supervisor sees
-- every case of these districts; a case worker is usually in one).

CREATE TABLE user_districts (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    district   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    UNIQUE (user_id, district)
) STRICT;

CREATE INDEX user_districts_by_user ON user_districts (user_id) WHERE deleted_at IS NULL;
