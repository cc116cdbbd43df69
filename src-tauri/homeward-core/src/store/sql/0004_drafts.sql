-- Schema version 4: drafts of forms being edited, kept encrypted in the
-- vault when a lock or a failed save comes, and offered again after unlock.
-- One draft per user and form; only its author reads it.

CREATE TABLE drafts (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    form       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    UNIQUE (user_id, form)
) STRICT;
