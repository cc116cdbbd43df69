-- Schema version 9: the mentoring agreement in versions: the mentor and
-- mentee, focus areas, goals linked to plan goals with what each party
-- will do, meeting frequency, venue and a safety note; family and network
-- members with their positive-resource rating (anyone not positive only
-- by a supervisor's override with a written reason); both parties'
-- acknowledgements; and the three-monthly revisions with each goal's
-- outcome and the mentee's satisfaction.

CREATE TABLE mentoring_agreements (
    id                 TEXT PRIMARY KEY NOT NULL,
    case_id            TEXT NOT NULL REFERENCES cases (id),
    mentor_id          TEXT NOT NULL REFERENCES users (id),
    version_no         INTEGER NOT NULL CHECK (version_no >= 1),
    status             TEXT NOT NULL CHECK (status IN ('draft', 'acknowledged', 'superseded')),
    start_on           TEXT,
    focus_areas        TEXT NOT NULL DEFAULT '',
    meeting_frequency  TEXT NOT NULL DEFAULT '',
    venue              TEXT NOT NULL DEFAULT '',
    safety_note        TEXT NOT NULL DEFAULT '',
    mentee_ack_on      TEXT,
    mentor_ack_on      TEXT,
    next_revision_due  TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    device_id          TEXT NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    deleted_at         TEXT,
    UNIQUE (case_id, version_no)
) STRICT;

CREATE INDEX agreements_by_revision_due ON mentoring_agreements (next_revision_due) WHERE status = 'acknowledged';

CREATE TABLE agreement_goals (
    id            TEXT PRIMARY KEY NOT NULL,
    agreement_id  TEXT NOT NULL REFERENCES mentoring_agreements (id),
    item_key      TEXT NOT NULL,
    plan_goal_key TEXT NOT NULL DEFAULT '',
    goal          TEXT NOT NULL,
    mentee_will   TEXT NOT NULL DEFAULT '',
    mentor_will   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    deleted_at    TEXT
) STRICT;

CREATE TABLE agreement_members (
    id              TEXT PRIMARY KEY NOT NULL,
    agreement_id    TEXT NOT NULL REFERENCES mentoring_agreements (id),
    name            TEXT NOT NULL,
    relation        TEXT NOT NULL,
    positive        INTEGER NOT NULL CHECK (positive IN (0, 1)),
    assessment_note TEXT NOT NULL DEFAULT '',
    override_reason TEXT NOT NULL DEFAULT '',
    override_by     TEXT REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    deleted_at      TEXT,
    CHECK (positive = 1 OR (override_by IS NOT NULL AND override_reason <> ''))
) STRICT;

CREATE TABLE agreement_revisions (
    id            TEXT PRIMARY KEY NOT NULL,
    agreement_id  TEXT NOT NULL REFERENCES mentoring_agreements (id),
    revised_on    TEXT NOT NULL,
    satisfaction  INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    changed_goals TEXT NOT NULL DEFAULT '',
    next_due      TEXT NOT NULL,
    revised_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    deleted_at    TEXT
) STRICT;

CREATE TABLE revision_outcomes (
    id          TEXT PRIMARY KEY NOT NULL,
    revision_id TEXT NOT NULL REFERENCES agreement_revisions (id),
    goal_id     TEXT NOT NULL REFERENCES agreement_goals (id),
    outcome     TEXT NOT NULL CHECK (outcome IN ('implemented', 'partly', 'not')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    deleted_at  TEXT
) STRICT;
