-- Schema version 12: indexes for the home screen's lists. A draft
-- assessment is checked against the reviews that re-score it (which
-- scanned every review per draft), and the open plan actions are walked
-- by due date from the longest overdue without touching the rest.
CREATE INDEX reviews_by_assessment ON reviews (assessment_id) WHERE assessment_id IS NOT NULL;
CREATE INDEX plan_actions_open_due ON plan_actions (due_on, plan_id)
    WHERE deleted_at IS NULL AND status NOT IN ('done', 'dropped');
