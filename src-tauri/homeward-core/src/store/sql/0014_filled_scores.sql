-- Schema version 14: a draft assessment awaits a supervisor once every
-- domain is scored or marked not assessed; these partial indexes hold
-- only such entries, so the home screen counts them per draft from the
-- index alone instead of reading every score's row.
CREATE INDEX need_scores_filled ON need_scores (assessment_id)
    WHERE deleted_at IS NULL AND (score IS NOT NULL OR not_assessed_reason IS NOT NULL);
CREATE INDEX need_scores_restricted_filled ON need_scores_restricted (assessment_id)
    WHERE deleted_at IS NULL AND (score IS NOT NULL OR not_assessed_reason IS NOT NULL);
