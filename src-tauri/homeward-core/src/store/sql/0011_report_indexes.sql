-- Schema version 11: indexes that let the report read what it counts
-- and nothing else. In an encrypted vault every page read from the file
-- costs a decryption and an HMAC check, so a report that walked whole
-- rows (names, notes, addresses) to count codes paid for every byte of
-- them. Each index holds a table's codes and dates in the order the
-- report filters them, and skips deleted rows.

CREATE INDEX cases_report ON cases (
    district_id, opened_on, closed_on, id, phase, gender, date_of_birth, approx_age,
    context_typology, custody_track, referral_source, referral_date, intake_outcome,
    closure_reason, next_review_due
) WHERE deleted_at IS NULL;

DROP INDEX phase_events_by_case;
CREATE INDEX phase_events_by_case ON phase_events (case_id, entered_on, created_at, phase)
    WHERE deleted_at IS NULL;
CREATE INDEX custody_events_report ON custody_events (case_id, since, created_at, track)
    WHERE deleted_at IS NULL;

CREATE INDEX reviews_by_due ON reviews (due_on, case_id, signed_on) WHERE deleted_at IS NULL;
CREATE INDEX revisions_by_due ON agreement_revisions (due_on, agreement_id, revised_on)
    WHERE deleted_at IS NULL;
CREATE INDEX referrals_by_proposed ON referrals (proposed_on, case_id, domain, used, barrier)
    WHERE deleted_at IS NULL;
CREATE INDEX incidents_by_date ON incidents (occurred_on, case_id, kind, severity)
    WHERE deleted_at IS NULL;
CREATE INDEX incidents_restricted_by_date ON incidents_restricted (occurred_on, case_id, kind, severity)
    WHERE deleted_at IS NULL;
CREATE INDEX plans_report ON plans (case_id, status, signed_on, version_no, id)
    WHERE deleted_at IS NULL;
CREATE INDEX plan_actions_report ON plan_actions (plan_id, status, due_on, responsible_org)
    WHERE deleted_at IS NULL;
CREATE INDEX assessments_report ON assessments (case_id, status, assessed_on, created_at, signed_off_on, id)
    WHERE deleted_at IS NULL;
CREATE INDEX need_scores_report ON need_scores (assessment_id, domain, score)
    WHERE deleted_at IS NULL;
CREATE INDEX need_scores_restricted_report ON need_scores_restricted (assessment_id, domain, score)
    WHERE deleted_at IS NULL;
