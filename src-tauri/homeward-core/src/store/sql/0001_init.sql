-- Schema version 1: device settings, users and the hash-chained audit log.
-- Every record that can travel between laptops has a UUIDv7 id, UTC
-- created/updated times, the id of the device that last changed it, a
-- version counter and a tombstone (deleted_at) instead of DELETE.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id         TEXT PRIMARY KEY NOT NULL,
    username   TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('case_worker', 'mentor', 'supervisor', 'administrator')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT
) STRICT;

CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY NOT NULL,
    at         TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    prev_hash  BLOB NOT NULL,
    hash       BLOB NOT NULL
) STRICT;
