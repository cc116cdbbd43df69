-- Schema version 6: needs assessments. An assessment is a draft until a
-- supervisor signs it off; then it is frozen, and a correction is a new
-- assessment that names the one it corrects. Scores of restricted domains
-- live in their own table so that their tier (3) is a property of columns.

CREATE TABLE assessments (
    id                  TEXT PRIMARY KEY NOT NULL,
    case_id             TEXT NOT NULL REFERENCES cases (id),
    status              TEXT NOT NULL CHECK (status IN ('draft', 'signed_off', 'superseded')),
    assessed_on         TEXT NOT NULL,
    assessor_id         TEXT NOT NULL REFERENCES users (id),
    strengths           TEXT NOT NULL DEFAULT '',
    participant_account TEXT NOT NULL DEFAULT '',
    priorities          TEXT NOT NULL DEFAULT '',
    signed_off_by       TEXT REFERENCES users (id),
    signed_off_on       TEXT,
    corrects_id         TEXT REFERENCES assessments (id),
    prefilled_from_id   TEXT REFERENCES assessments (id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    device_id           TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    deleted_at          TEXT
) STRICT;

CREATE INDEX assessments_by_case ON assessments (case_id, assessed_on);

CREATE TABLE need_scores (
    id                   TEXT PRIMARY KEY NOT NULL,
    assessment_id        TEXT NOT NULL REFERENCES assessments (id),
    domain               TEXT NOT NULL,
    score                INTEGER CHECK (score BETWEEN 0 AND 4),
    not_assessed_reason  TEXT CHECK (not_assessed_reason IN ('declined', 'not_applicable', 'specialist_needed')),
    evidence_source      TEXT NOT NULL DEFAULT '',
    participant_priority INTEGER NOT NULL DEFAULT 0 CHECK (participant_priority IN (0, 1)),
    note                 TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    device_id            TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    deleted_at           TEXT,
    UNIQUE (assessment_id, domain)
) STRICT;

CREATE TABLE need_scores_restricted (
    id                   TEXT PRIMARY KEY NOT NULL,
    assessment_id        TEXT NOT NULL REFERENCES assessments (id),
    domain               TEXT NOT NULL,
    score                INTEGER CHECK (score BETWEEN 0 AND 4),
    not_assessed_reason  TEXT CHECK (not_assessed_reason IN ('declined', 'not_applicable', 'specialist_needed')),
    evidence_source      TEXT NOT NULL DEFAULT '',
    participant_priority INTEGER NOT NULL DEFAULT 0 CHECK (participant_priority IN (0, 1)),
    note                 TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    device_id            TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    deleted_at           TEXT,
    UNIQUE (assessment_id, domain)
) STRICT;

CREATE TABLE disengagement_profiles (
    id            TEXT PRIMARY KEY NOT NULL,
    assessment_id TEXT NOT NULL UNIQUE REFERENCES assessments (id),
    stage         TEXT NOT NULL CHECK (stage IN ('strongly_engaged', 'doubting', 'disengaged_consolidating', 'unknown')),
    behaviour     TEXT NOT NULL CHECK (behaviour IN ('yes', 'partly', 'no')),
    ties          TEXT NOT NULL CHECK (ties IN ('yes', 'partly', 'no')),
    views         TEXT NOT NULL CHECK (views IN ('yes', 'partly', 'no')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    deleted_at    TEXT
) STRICT;

-- References to structured tools used by specialists: never item content.
CREATE TABLE specialist_assessments (
    id           TEXT PRIMARY KEY NOT NULL,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    tool         TEXT NOT NULL,
    assessed_on  TEXT NOT NULL,
    assessor     TEXT NOT NULL,
    summary_band TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted_at   TEXT
) STRICT;
