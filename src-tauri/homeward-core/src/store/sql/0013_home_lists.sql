-- Schema version 13: the home screen at 100,000 cases. What awaits a
-- signature is found through small partial indexes holding only the
-- waiting records (instead of every assessment), and each listed row
-- reaches its plan and its case's scope, phase and number through covering
-- indexes instead of reading the rows themselves.
CREATE INDEX assessments_drafts ON assessments (case_id, assessed_on, id)
    WHERE status = 'draft' AND deleted_at IS NULL;
CREATE INDEX plans_awaiting ON plans (case_id, signed_on, id)
    WHERE status = 'draft' AND signed_by IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX legal_bases_awaiting ON legal_bases (case_id, recorded_on, id)
    WHERE countersigned_by IS NULL AND deleted_at IS NULL;
CREATE INDEX disclosures_awaiting ON disclosures_restricted (case_id, disclosed_on, id)
    WHERE countersigned_by IS NULL AND deleted_at IS NULL;
CREATE INDEX cases_listed ON cases (
    id, phase, district_id, case_number, assigned_worker_id, mentor_id
);
CREATE INDEX cases_review_listed ON cases (
    next_review_due, phase, district_id, case_number, assigned_worker_id, mentor_id, id
) WHERE next_review_due IS NOT NULL;
CREATE INDEX plans_listed ON plans (id, status, case_id);
CREATE INDEX agreements_revision_listed ON mentoring_agreements (next_revision_due, case_id, id)
    WHERE status = 'acknowledged' AND deleted_at IS NULL;
