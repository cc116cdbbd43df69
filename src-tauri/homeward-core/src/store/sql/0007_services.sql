-- Schema version 7: the service map of each district (organisations, their
-- services and the risks of being seen to use them), and what a case does
-- with it: referrals with their status history, actions planned in service
-- mapping, contacts, incidents and disclosures. Records that domain.md puts
-- at tier 3 (restricted contacts, incidents of retaliation or threats to
-- staff, disclosures to police or security bodies) live in their own
-- tables, so that a tier stays a property of columns.

CREATE TABLE organisations (
    id           TEXT PRIMARY KEY NOT NULL,
    district_id  TEXT NOT NULL REFERENCES districts (id),
    name         TEXT NOT NULL,
    org_type     TEXT NOT NULL CHECK (org_type IN ('government', 'police', 'prison', 'probation', 'court', 'local_authority', 'civil_society', 'international', 'faith', 'health', 'education', 'vocational_training', 'employer', 'family_support')),
    level        TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'district', 'community')),
    contact_role TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted_at   TEXT
) STRICT;

CREATE INDEX organisations_by_district ON organisations (district_id);

CREATE TABLE services (
    id                      TEXT PRIMARY KEY NOT NULL,
    organisation_id         TEXT NOT NULL REFERENCES organisations (id),
    name                    TEXT NOT NULL,
    domain                  TEXT NOT NULL,
    description             TEXT NOT NULL DEFAULT '',
    modality                TEXT NOT NULL CHECK (modality IN ('residential', 'outpatient', 'outreach', 'in_prison', 'online')),
    min_age                 INTEGER CHECK (min_age BETWEEN 0 AND 120),
    max_age                 INTEGER CHECK (max_age BETWEEN 0 AND 120),
    gender                  TEXT NOT NULL DEFAULT 'any' CHECK (gender IN ('any', 'female', 'male')),
    legal_status_exclusions TEXT NOT NULL DEFAULT '',
    documents_needed        TEXT NOT NULL DEFAULT '',
    catchment               TEXT NOT NULL DEFAULT '',
    cost                    TEXT NOT NULL DEFAULT '',
    waiting_days            INTEGER CHECK (waiting_days >= 0),
    female_staff            INTEGER NOT NULL DEFAULT 0 CHECK (female_staff IN (0, 1)),
    languages               TEXT NOT NULL DEFAULT '',
    child_friendly          INTEGER NOT NULL DEFAULT 0 CHECK (child_friendly IN (0, 1)),
    disability_access       INTEGER NOT NULL DEFAULT 0 CHECK (disability_access IN (0, 1)),
    quality                 INTEGER CHECK (quality BETWEEN 1 AND 4),
    quality_how             TEXT NOT NULL DEFAULT '',
    quality_judged_on       TEXT,
    open_to_public          INTEGER NOT NULL DEFAULT 1 CHECK (open_to_public IN (0, 1)),
    last_verified           TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    device_id               TEXT NOT NULL,
    version                 INTEGER NOT NULL DEFAULT 1,
    deleted_at              TEXT
) STRICT;

CREATE INDEX services_by_organisation ON services (organisation_id);
CREATE INDEX services_by_domain ON services (domain);

CREATE TABLE service_risks (
    id         TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id),
    kind       TEXT NOT NULL CHECK (kind IN ('stigma', 'being_seen', 'retaliation', 'perceived_intelligence', 'unsafe_route')),
    level      TEXT NOT NULL CHECK (level IN ('low', 'medium', 'high')),
    mitigation TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    UNIQUE (service_id, kind)
) STRICT;

CREATE TABLE referrals (
    id             TEXT PRIMARY KEY NOT NULL,
    case_id        TEXT NOT NULL REFERENCES cases (id),
    service_id     TEXT NOT NULL REFERENCES services (id),
    domain         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    consent_id     TEXT REFERENCES consents (id),
    legal_basis_id TEXT REFERENCES legal_bases (id),
    status         TEXT NOT NULL CHECK (status IN ('proposed', 'sent', 'accepted', 'in_progress', 'completed', 'declined', 'dropped', 'stopped_consent_withdrawn')),
    proposed_on    TEXT NOT NULL,
    status_on      TEXT NOT NULL,
    used           INTEGER CHECK (used IN (0, 1)),
    barrier        TEXT CHECK (barrier IN ('not_eligible', 'cost', 'distance_or_transport', 'waiting_time', 'documents', 'stigma_or_safety', 'family_opposition', 'language', 'no_female_staff', 'participant_declined', 'other')),
    barrier_note   TEXT NOT NULL DEFAULT '',
    recorded_by    TEXT NOT NULL REFERENCES users (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    device_id      TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    deleted_at     TEXT,
    CHECK (consent_id IS NOT NULL OR legal_basis_id IS NOT NULL)
) STRICT;

CREATE INDEX referrals_by_case ON referrals (case_id);
CREATE INDEX referrals_by_consent ON referrals (consent_id);

CREATE TABLE referral_events (
    id          TEXT PRIMARY KEY NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    status      TEXT NOT NULL,
    status_on   TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    deleted_at  TEXT
) STRICT;

CREATE INDEX referral_events_by_referral ON referral_events (referral_id);

-- An action for a high or urgent domain that is not a referral (handled
-- in mentoring, by the family, by the case worker); the plan takes it up.
CREATE TABLE planned_actions (
    id          TEXT PRIMARY KEY NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    domain      TEXT NOT NULL,
    description TEXT NOT NULL,
    responsible TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'blocked', 'dropped')),
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    deleted_at  TEXT
) STRICT;

CREATE INDEX planned_actions_by_case ON planned_actions (case_id);

CREATE TABLE contacts (
    id               TEXT PRIMARY KEY NOT NULL,
    case_id          TEXT NOT NULL REFERENCES cases (id),
    contact_on       TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('office', 'home_visit', 'phone', 'prison_visit', 'mentoring_session', 'family_meeting', 'group_session', 'other')),
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 0 AND 1440),
    place            TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    recorded_by      TEXT NOT NULL REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    deleted_at       TEXT
) STRICT;

CREATE INDEX contacts_by_case ON contacts (case_id, contact_on);

CREATE TABLE contacts_restricted (
    id               TEXT PRIMARY KEY NOT NULL,
    case_id          TEXT NOT NULL REFERENCES cases (id),
    contact_on       TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('office', 'home_visit', 'phone', 'prison_visit', 'mentoring_session', 'family_meeting', 'group_session', 'other')),
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 0 AND 1440),
    place            TEXT NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    recorded_by      TEXT NOT NULL REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    deleted_at       TEXT
) STRICT;

CREATE INDEX contacts_restricted_by_case ON contacts_restricted (case_id, contact_on);

CREATE TABLE incidents (
    id          TEXT PRIMARY KEY NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    occurred_on TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('stigma_exposure', 'family_conflict', 'community_backlash', 'media', 'harm_from_service', 'gender_norm_harm')),
    severity    TEXT NOT NULL CHECK (severity IN ('low', 'moderate', 'serious', 'critical')),
    description TEXT NOT NULL DEFAULT '',
    response    TEXT NOT NULL DEFAULT '',
    lesson      TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    deleted_at  TEXT
) STRICT;

CREATE INDEX incidents_by_case ON incidents (case_id);

CREATE TABLE incidents_restricted (
    id          TEXT PRIMARY KEY NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    occurred_on TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('retaliation', 'threat_to_staff')),
    severity    TEXT NOT NULL CHECK (severity IN ('low', 'moderate', 'serious', 'critical')),
    description TEXT NOT NULL DEFAULT '',
    response    TEXT NOT NULL DEFAULT '',
    lesson      TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    deleted_at  TEXT
) STRICT;

CREATE INDEX incidents_restricted_by_case ON incidents_restricted (case_id);

CREATE TABLE disclosures (
    id                TEXT PRIMARY KEY NOT NULL,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    disclosed_on      TEXT NOT NULL,
    organisation      TEXT NOT NULL,
    information_kinds TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    consent_id        TEXT REFERENCES consents (id),
    legal_basis_id    TEXT REFERENCES legal_bases (id),
    referral_id       TEXT REFERENCES referrals (id),
    recorded_by       TEXT NOT NULL REFERENCES users (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    device_id         TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    deleted_at        TEXT,
    CHECK (consent_id IS NOT NULL OR legal_basis_id IS NOT NULL)
) STRICT;

CREATE INDEX disclosures_by_case ON disclosures (case_id);

CREATE TABLE disclosures_restricted (
    id                TEXT PRIMARY KEY NOT NULL,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    disclosed_on      TEXT NOT NULL,
    organisation      TEXT NOT NULL,
    information_kinds TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    consent_id        TEXT REFERENCES consents (id),
    legal_basis_id    TEXT REFERENCES legal_bases (id),
    recorded_by       TEXT NOT NULL REFERENCES users (id),
    countersigned_by  TEXT REFERENCES users (id),
    countersigned_on  TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    device_id         TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    deleted_at        TEXT,
    CHECK (consent_id IS NOT NULL OR legal_basis_id IS NOT NULL)
) STRICT;

CREATE INDEX disclosures_restricted_by_case ON disclosures_restricted (case_id);
