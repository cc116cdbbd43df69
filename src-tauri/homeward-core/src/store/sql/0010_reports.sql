-- Schema version 10: what the anonymised report needs and the report's own
-- records. A case's phase history (so a report can say where each case
-- stood at the end of a past quarter), the due date each review and each
-- agreement revision answered (so "on time" is a fact, not a guess), the
-- context typology of a case (restricted), and the export ledger: every
-- report a second person approved, with every count it published, so a
-- later export (a half-year containing a quarter, or a corrected quarter)
-- is suppressed so that no difference between two exports reveals a count
-- from 1 to k-1.

CREATE TABLE phase_events (
    id         TEXT PRIMARY KEY NOT NULL,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    phase      INTEGER NOT NULL CHECK (phase BETWEEN 0 AND 7),
    entered_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT
) STRICT;

CREATE INDEX phase_events_by_case ON phase_events (case_id, entered_on);

-- Cases from before this version: they entered phase 0 when they opened,
-- and their present phase on the day of their last change.
INSERT INTO phase_events (id, case_id, phase, entered_on, created_at, updated_at, device_id)
    SELECT 'pe0-' || id, id, 0, opened_on, created_at, created_at, device_id FROM cases;
INSERT INTO phase_events (id, case_id, phase, entered_on, created_at, updated_at, device_id)
    SELECT 'pe1-' || id, id, phase, MAX(opened_on, substr(updated_at, 1, 10)), updated_at, updated_at, device_id
    FROM cases WHERE phase > 0;

ALTER TABLE reviews ADD COLUMN due_on TEXT;
ALTER TABLE agreement_revisions ADD COLUMN due_on TEXT;
UPDATE reviews SET due_on = started_on WHERE due_on IS NULL;
UPDATE agreement_revisions SET due_on = revised_on WHERE due_on IS NULL;

ALTER TABLE cases ADD COLUMN context_typology TEXT NOT NULL DEFAULT ''
    CHECK (context_typology IN ('', 'religious', 'sectarian', 'ethno_political', 'far_right', 'other'));

-- One row per approved export. `published` cells are in report_cells.
CREATE TABLE report_exports (
    id           TEXT PRIMARY KEY NOT NULL,
    period       TEXT NOT NULL,
    issue_no     INTEGER NOT NULL CHECK (issue_no >= 1),
    k            INTEGER NOT NULL CHECK (k BETWEEN 3 AND 11),
    drafted_by   TEXT NOT NULL REFERENCES users (id),
    approved_by  TEXT NOT NULL REFERENCES users (id),
    recipient    TEXT NOT NULL DEFAULT '',
    suppressed   INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    folder       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted_at   TEXT,
    UNIQUE (period, issue_no),
    CHECK (drafted_by <> approved_by)
) STRICT;

CREATE TABLE report_cells (
    export_id  TEXT NOT NULL REFERENCES report_exports (id),
    table_key  TEXT NOT NULL,
    row_key    TEXT NOT NULL,
    col_key    TEXT NOT NULL,
    value      INTEGER NOT NULL,
    PRIMARY KEY (export_id, table_key, row_key, col_key)
) STRICT, WITHOUT ROWID;

CREATE INDEX report_cells_by_key ON report_cells (table_key, row_key, col_key);
