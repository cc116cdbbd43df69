-- Schema version 8: the multi-agency plan in versions (goals linked to
-- need domains, actions with a responsible organisation), the mentoring
-- agreement in versions (goals, family and network members with their
-- positive-resource rating and any supervisor override, both parties'
-- acknowledgements, three-monthly revisions) and the three-monthly review.
-- Items keep a `item_key` across versions so two versions can be compared.

CREATE TABLE plans (
    id                    TEXT PRIMARY KEY NOT NULL,
    case_id               TEXT NOT NULL REFERENCES cases (id),
    version_no            INTEGER NOT NULL CHECK (version_no >= 1),
    status                TEXT NOT NULL CHECK (status IN ('draft', 'active', 'frozen')),
    participant_agreement TEXT CHECK (participant_agreement IN ('agreed', 'does_not_agree', 'could_not_answer')),
    agreement_on          TEXT,
    child_view            TEXT NOT NULL DEFAULT '',
    guardian_view         TEXT NOT NULL DEFAULT '',
    signed_by             TEXT REFERENCES users (id),
    signed_on             TEXT,
    signed_off_by         TEXT REFERENCES users (id),
    signed_off_on         TEXT,
    frozen_on             TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    device_id             TEXT NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    deleted_at            TEXT,
    UNIQUE (case_id, version_no)
) STRICT;

CREATE TABLE plan_goals (
    id              TEXT PRIMARY KEY NOT NULL,
    plan_id         TEXT NOT NULL REFERENCES plans (id),
    item_key        TEXT NOT NULL,
    description     TEXT NOT NULL,
    domains         TEXT NOT NULL,
    success_measure TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    deleted_at      TEXT,
    UNIQUE (plan_id, item_key)
) STRICT;

CREATE TABLE plan_actions (
    id                 TEXT PRIMARY KEY NOT NULL,
    plan_id            TEXT NOT NULL REFERENCES plans (id),
    goal_id            TEXT NOT NULL REFERENCES plan_goals (id),
    item_key           TEXT NOT NULL,
    description        TEXT NOT NULL,
    responsible_org    TEXT NOT NULL,
    responsible_role   TEXT NOT NULL DEFAULT '',
    partners           TEXT NOT NULL DEFAULT '',
    resources          TEXT NOT NULL DEFAULT '',
    due_on             TEXT,
    status             TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'blocked', 'dropped')),
    blocking_reason    TEXT NOT NULL DEFAULT '',
    referral_id        TEXT REFERENCES referrals (id),
    assigned_to_mentor INTEGER NOT NULL DEFAULT 0 CHECK (assigned_to_mentor IN (0, 1)),
    position           INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    device_id          TEXT NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    deleted_at         TEXT,
    UNIQUE (plan_id, item_key)
) STRICT;

CREATE INDEX plan_actions_by_plan ON plan_actions (plan_id);
CREATE INDEX plan_actions_due ON plan_actions (due_on, status);

CREATE TABLE reviews (
    id                   TEXT PRIMARY KEY NOT NULL,
    case_id              TEXT NOT NULL REFERENCES cases (id),
    started_on           TEXT NOT NULL,
    held_on              TEXT,
    assessment_id        TEXT REFERENCES assessments (id),
    plan_id              TEXT REFERENCES plans (id),
    safety_screen_id     TEXT REFERENCES safety_screens (id),
    family_rechecked     INTEGER NOT NULL DEFAULT 0 CHECK (family_rechecked IN (0, 1)),
    participant_feedback TEXT NOT NULL DEFAULT '',
    decision             TEXT CHECK (decision IN ('continue', 'intensify', 'step_down', 'close')),
    signed_by            TEXT REFERENCES users (id),
    signed_on            TEXT,
    next_due             TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    device_id            TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    deleted_at           TEXT
) STRICT;

CREATE INDEX reviews_by_case ON reviews (case_id, started_on);
CREATE INDEX cases_by_review_due ON cases (next_review_due) WHERE next_review_due IS NOT NULL;
