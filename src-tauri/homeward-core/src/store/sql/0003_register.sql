-- Schema version 3: provinces and districts, the case register with its
-- custody history, per-device case-number counters, and the trigram index
-- over normalised names and case numbers.

CREATE TABLE provinces (
    id         TEXT PRIMARY KEY NOT NULL,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT
) STRICT;

CREATE TABLE districts (
    id          TEXT PRIMARY KEY NOT NULL,
    province_id TEXT NOT NULL REFERENCES provinces (id),
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    deleted_at  TEXT
) STRICT;

-- Provinces are reference data shared by every laptop: fixed ids, so two
-- devices seeding them never make two copies.
INSERT INTO provinces (id, code, name, created_at, updated_at, device_id) VALUES
    ('00000000-0000-7000-8000-000000000001', 'BA', 'Balochistan', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'seed'),
    ('00000000-0000-7000-8000-000000000002', 'KP', 'Khyber Pakhtunkhwa', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'seed'),
    ('00000000-0000-7000-8000-000000000003', 'PB', 'Punjab', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'seed'),
    ('00000000-0000-7000-8000-000000000004', 'SD', 'Sindh', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'seed'),
    ('00000000-0000-7000-8000-000000000005', 'IS', 'Islamabad Capital Territory', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'seed'),
    ('00000000-0000-7000-8000-000000000006', 'GB', 'Gilgit-Baltistan', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'seed'),
    ('00000000-0000-7000-8000-000000000007', 'AJK', 'Azad Jammu and Kashmir', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'seed');

-- `seq` is the local integer key the search index points at (VACUUM keeps
-- an explicit INTEGER PRIMARY KEY); `id` is the public, travelling id.
CREATE TABLE cases (
    seq                          INTEGER PRIMARY KEY,
    id                           TEXT NOT NULL UNIQUE,
    case_number                  TEXT NOT NULL UNIQUE,
    phase                        INTEGER NOT NULL DEFAULT 0 CHECK (phase BETWEEN 0 AND 7),
    district_id                  TEXT NOT NULL REFERENCES districts (id),
    assigned_worker_id           TEXT REFERENCES users (id),
    mentor_id                    TEXT REFERENCES users (id),
    opened_on                    TEXT NOT NULL,
    closed_on                    TEXT,
    next_review_due              TEXT,
    name_latin                   TEXT NOT NULL,
    name_urdu                    TEXT NOT NULL,
    alias                        TEXT NOT NULL DEFAULT '',
    date_of_birth                TEXT,
    approx_age                   INTEGER,
    gender                       TEXT NOT NULL,
    languages                    TEXT NOT NULL DEFAULT '',
    interpreter_needed           INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_needed IN (0, 1)),
    phone                        TEXT NOT NULL DEFAULT '',
    address                      TEXT NOT NULL DEFAULT '',
    female_practitioner_required INTEGER NOT NULL DEFAULT 0 CHECK (female_practitioner_required IN (0, 1)),
    custody_track                TEXT NOT NULL,
    referral_source              TEXT NOT NULL,
    referral_date                TEXT NOT NULL,
    religion                     TEXT NOT NULL DEFAULT '',
    sect                         TEXT NOT NULL DEFAULT '',
    ethnicity                    TEXT NOT NULL DEFAULT '',
    created_at                   TEXT NOT NULL,
    updated_at                   TEXT NOT NULL,
    device_id                    TEXT NOT NULL,
    version                      INTEGER NOT NULL DEFAULT 1,
    deleted_at                   TEXT
) STRICT;

CREATE INDEX cases_by_district ON cases (district_id, phase) WHERE deleted_at IS NULL;
CREATE INDEX cases_by_worker ON cases (assigned_worker_id) WHERE deleted_at IS NULL;
CREATE INDEX cases_by_mentor ON cases (mentor_id) WHERE deleted_at IS NULL;
CREATE INDEX cases_by_review ON cases (next_review_due) WHERE deleted_at IS NULL AND closed_on IS NULL;

CREATE TABLE custody_events (
    id         TEXT PRIMARY KEY NOT NULL,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    track      TEXT NOT NULL,
    since      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT
) STRICT;

CREATE INDEX custody_events_by_case ON custody_events (case_id, since);

-- Case numbers are HW-<device code>-<year>-<counter>: each device counts
-- its own, so two laptops never mint the same number.
CREATE TABLE case_counters (
    device_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (device_code, year)
) STRICT;

-- Normalised names, alias and case number, keyed by cases.seq.
CREATE VIRTUAL TABLE case_search USING fts5(names, number, tokenize = 'trigram');
