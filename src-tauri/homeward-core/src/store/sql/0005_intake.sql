-- Schema version 5: what intake records before an assessment may start:
-- consents per purpose, legal bases countersigned by a supervisor, the
-- safety screen; and how a case ended (closure reason or intake outcome).

CREATE TABLE consents (
    id                TEXT PRIMARY KEY NOT NULL,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    purpose           TEXT NOT NULL CHECK (purpose IN ('participation', 'assessment', 'sharing', 'family_involvement', 'mentoring', 'statistics')),
    organisation      TEXT NOT NULL DEFAULT '',
    information_kinds TEXT NOT NULL DEFAULT '',
    family_member     TEXT NOT NULL DEFAULT '',
    wording_version   TEXT NOT NULL,
    language          TEXT NOT NULL,
    method            TEXT NOT NULL CHECK (method IN ('signed', 'verbal_with_witness', 'thumbprint')),
    given_by          TEXT NOT NULL CHECK (given_by IN ('participant', 'guardian')),
    giver_name        TEXT NOT NULL DEFAULT '',
    given_on          TEXT NOT NULL,
    withdrawn_on      TEXT,
    recorded_by       TEXT NOT NULL REFERENCES users (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    device_id         TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    deleted_at        TEXT
) STRICT;

CREATE INDEX consents_by_case ON consents (case_id);

CREATE TABLE legal_bases (
    id               TEXT PRIMARY KEY NOT NULL,
    case_id          TEXT NOT NULL REFERENCES cases (id),
    kind             TEXT NOT NULL CHECK (kind IN ('court_order', 'probation_order', 'statutory_duty')),
    reference        TEXT NOT NULL,
    recorded_by      TEXT NOT NULL REFERENCES users (id),
    recorded_on      TEXT NOT NULL,
    countersigned_by TEXT REFERENCES users (id),
    countersigned_on TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    deleted_at       TEXT
) STRICT;

CREATE INDEX legal_bases_by_case ON legal_bases (case_id);

CREATE TABLE safety_screens (
    id                           TEXT PRIMARY KEY NOT NULL,
    case_id                      TEXT NOT NULL REFERENCES cases (id),
    screened_on                  TEXT NOT NULL,
    threats_to_participant       TEXT NOT NULL CHECK (threats_to_participant IN ('none', 'possible', 'credible')),
    risks_to_staff               TEXT NOT NULL CHECK (risks_to_staff IN ('none', 'possible', 'credible')),
    female_practitioner_required INTEGER NOT NULL CHECK (female_practitioner_required IN (0, 1)),
    note                         TEXT NOT NULL DEFAULT '',
    screened_by                  TEXT NOT NULL REFERENCES users (id),
    created_at                   TEXT NOT NULL,
    updated_at                   TEXT NOT NULL,
    device_id                    TEXT NOT NULL,
    version                      INTEGER NOT NULL DEFAULT 1,
    deleted_at                   TEXT
) STRICT;

CREATE INDEX safety_screens_by_case ON safety_screens (case_id);

ALTER TABLE cases ADD COLUMN closure_reason TEXT;
ALTER TABLE cases ADD COLUMN intake_outcome TEXT;
ALTER TABLE cases ADD COLUMN ending_note TEXT NOT NULL DEFAULT '';
