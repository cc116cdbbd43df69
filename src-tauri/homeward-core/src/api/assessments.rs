//! The needs assessment through the api: a draft pre-filled from the last
//! one (nobody retells their history), saving scores and the disengagement
//! profile, a supervisor's sign-off that freezes it, corrections as new
//! versions, specialist references, and the history every chart draws.
//! Restricted domains are stored apart and filtered at tier 3.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::app::App;
use super::error::ApiError;
use super::intake::{column_text, date, filtered, invalid, text};
use crate::domain::access::Relation;
use crate::domain::needs::{
    self, Entry, Score, DOMAINS, EVIDENCE_SOURCES, LEVELS, NOT_ASSESSED_REASONS, STAGES,
};
use crate::domain::phase::Phase;
use crate::store::assessments as store;
use crate::store::intake::Row;
use crate::store::StoreError;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreInput {
    pub domain: String,
    #[serde(default)]
    pub score: Option<i64>,
    #[serde(default)]
    pub not_assessed_reason: Option<String>,
    #[serde(default)]
    pub evidence_source: String,
    #[serde(default)]
    pub participant_priority: bool,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    pub stage: String,
    pub behaviour: String,
    pub ties: String,
    pub views: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub assessment_id: String,
    pub assessed_on: String,
    #[serde(default)]
    pub strengths: String,
    #[serde(default)]
    pub participant_account: String,
    #[serde(default)]
    pub priorities: String,
    #[serde(default)]
    pub scores: Vec<ScoreInput>,
    #[serde(default)]
    pub profile: Option<ProfileInput>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialistInput {
    pub case_id: String,
    pub tool: String,
    pub assessed_on: String,
    pub assessor: String,
    pub summary_band: String,
}

/// One assessment as the reader may see it.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentView {
    pub assessment: Map<String, Json>,
    pub scores: Vec<Map<String, Json>>,
    pub profile: Option<Map<String, Json>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentsView {
    pub assessments: Vec<AssessmentView>,
    pub specialist: Vec<Map<String, Json>>,
}

/// What the phase gates need to know about a case's assessments.
pub(crate) struct AssessmentFacts {
    pub has_assessment: bool,
    pub signed_off: bool,
    pub unscored: (usize, usize),
    /// Domains scored 3 or 4 on the signed-off assessment (the plan gate).
    pub high_or_urgent: Vec<String>,
    /// Domains scored 3 or 4 on the current assessment, draft or signed
    /// off (what a referral may come from).
    pub current_high: Vec<String>,
}

fn status(row: &Row) -> String {
    column_text(row, "status").unwrap_or_default()
}

fn entries(
    conn: &rusqlite::Connection,
    assessment_id: &str,
) -> Result<Vec<(String, Option<Entry>)>, StoreError> {
    let mut out = Vec::new();
    for table in ["need_scores", "need_scores_restricted"] {
        for row in store::scores(conn, table, assessment_id)? {
            let domain = column_text(&row, "domain").unwrap_or_default();
            let score = row
                .iter()
                .find(|(c, _)| c == "score")
                .and_then(|(_, v)| match v {
                    Value::Integer(i) => Score::new(*i),
                    _ => None,
                });
            let reason = column_text(&row, "not_assessed_reason")
                .and_then(|r| NOT_ASSESSED_REASONS.iter().copied().find(|k| *k == r));
            let entry = match (score, reason) {
                (Some(score), _) => Some(Entry::Scored(score)),
                (None, Some(reason)) => Some(Entry::NotAssessed(reason)),
                _ => None,
            };
            out.push((domain, entry));
        }
    }
    Ok(out)
}

/// The latest assessment that is not superseded: the draft being worked
/// on, or the one signed off.
pub(crate) fn assessment_facts(
    conn: &rusqlite::Connection,
    case_id: &str,
) -> Result<AssessmentFacts, StoreError> {
    let all = store::for_case(conn, case_id)?;
    let signed = all.iter().rev().find(|r| status(r) == "signed_off");
    let current = all.iter().rev().find(|r| status(r) == "draft").or(signed);
    let Some(current) = current else {
        return Ok(AssessmentFacts {
            has_assessment: false,
            signed_off: false,
            unscored: (DOMAINS.len(), DOMAINS.len()),
            high_or_urgent: Vec::new(),
            current_high: Vec::new(),
        });
    };
    let id = column_text(current, "id").unwrap_or_default();
    let found = entries(conn, &id)?;
    let borrowed: Vec<(&str, Option<Entry>)> =
        found.iter().map(|(d, e)| (d.as_str(), e.clone())).collect();
    let high = |found: &[(String, Option<Entry>)]| -> Vec<String> {
        found
            .iter()
            .filter(|(_, e)| matches!(e, Some(Entry::Scored(s)) if s.needs_action()))
            .map(|(d, _)| d.clone())
            .collect()
    };
    let high_or_urgent = match signed {
        Some(row) => high(&entries(conn, &column_text(row, "id").unwrap_or_default())?),
        None => Vec::new(),
    };
    Ok(AssessmentFacts {
        has_assessment: true,
        signed_off: status(current) == "signed_off",
        unscored: needs::unscored(&borrowed),
        high_or_urgent,
        current_high: high(&found),
    })
}

impl App {
    /// Assessing needs consent for assessment in force today (a child's
    /// assent and a guardian's consent) or a countersigned legal basis: a
    /// withdrawal stops assessing at once.
    fn require_assessment_consent(
        &self,
        case_id: &str,
        record: &crate::store::cases::CaseRecord,
    ) -> Result<(), ApiError> {
        let conn = self.session()?.vault.conn();
        let today = self.clock.today();
        let missing = crate::domain::consent::missing_for(
            crate::domain::consent::Purpose::Assessment,
            super::intake::case_is_child(record, today),
            &super::intake::consent_facts(conn, case_id)?,
            super::intake::has_countersigned_basis(conn, case_id)?,
            today,
        );
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ApiError::ConsentRequired)
        }
    }

    fn assessment_case(&self, assessment_id: &str) -> Result<(Row, String), ApiError> {
        let row =
            store::one(self.session()?.vault.conn(), assessment_id)?.ok_or(ApiError::NotFound {
                entity: "assessment",
            })?;
        let case_id = column_text(&row, "case_id").unwrap_or_default();
        Ok((row, case_id))
    }

    fn new_draft(
        &mut self,
        case_id: &str,
        from: Option<&str>,
        corrects: Option<&str>,
    ) -> Result<String, ApiError> {
        let today = self.clock.today().to_string();
        self.write(|w| -> Result<String, ApiError> {
            let opt = |v: Option<&str>| v.map_or(Value::Null, |t| Value::Text(t.to_owned()));
            let id = store::create(
                w.conn(),
                &w.stamp,
                &[
                    ("case_id", Value::Text(case_id.to_owned())),
                    ("status", Value::Text("draft".into())),
                    ("assessed_on", Value::Text(today.clone())),
                    ("assessor_id", Value::Text(w.actor().to_owned())),
                    ("prefilled_from_id", opt(from)),
                    ("corrects_id", opt(corrects)),
                ],
            )?;
            if let Some(from) = from {
                store::copy_entries(w.conn(), &w.stamp, from, &id)?;
                // The texts carry over too: nobody retells their history.
                w.conn()
                    .execute(
                        "UPDATE assessments SET (strengths, participant_account, priorities) =
                         (SELECT strengths, participant_account, priorities FROM assessments WHERE id = ?2) WHERE id = ?1",
                        rusqlite::params![id, from],
                    )
                    .map_err(StoreError::from)?;
            }
            w.audit("assessment_started", "assessment", &id)?;
            Ok(id)
        })
    }

    /// The draft assessment of a case in phase 1 or later: the open draft if
    /// there is one, else a new one pre-filled from the latest assessment.
    pub fn start_assessment(&mut self, case_id: &str) -> Result<AssessmentView, ApiError> {
        let record = self.case_for_write(case_id)?;
        if record.get("phase") == Some(&Value::Integer(Phase::Intake.number())) {
            return Err(ApiError::GateNotMet { missing: 1 });
        }
        self.require_assessment_consent(case_id, &record)?;
        let all = store::for_case(self.session()?.vault.conn(), case_id)?;
        if let Some(draft) = all.iter().find(|r| status(r) == "draft") {
            return self.assessment_view(&column_text(draft, "id").unwrap_or_default());
        }
        let latest = all
            .iter()
            .rev()
            .find(|r| status(r) == "signed_off")
            .and_then(|r| column_text(r, "id"));
        let id = self.new_draft(case_id, latest.as_deref(), None)?;
        self.assessment_view(&id)
    }

    /// A correction of a signed-off assessment: a new draft that names it;
    /// both stay readable, and the old one is superseded at sign-off.
    pub fn correct_assessment(&mut self, assessment_id: &str) -> Result<AssessmentView, ApiError> {
        let (row, case_id) = self.assessment_case(assessment_id)?;
        self.case_for_write(&case_id)?;
        if status(&row) != "signed_off" {
            return Err(invalid(
                "assessment_id",
                "only a signed-off assessment is corrected",
            ));
        }
        let all = store::for_case(self.session()?.vault.conn(), &case_id)?;
        if all.iter().any(|r| status(r) == "draft") {
            return Err(invalid(
                "assessment_id",
                "finish or sign off the open draft first",
            ));
        }
        let id = self.new_draft(&case_id, Some(assessment_id), Some(assessment_id))?;
        self.assessment_view(&id)
    }

    /// Saves a draft's texts, scores and profile. A signed-off assessment
    /// answers `frozen`.
    pub fn save_assessment(&mut self, input: AssessmentInput) -> Result<AssessmentView, ApiError> {
        let (row, case_id) = self.assessment_case(&input.assessment_id)?;
        let record = self.case_for_write(&case_id)?;
        if status(&row) != "draft" {
            return Err(ApiError::Frozen);
        }
        self.require_assessment_consent(&case_id, &record)?;
        let today = self.clock.today();
        let assessed_on = date("assessed_on", &input.assessed_on, today)?.to_string();
        let texts = [
            text("strengths", &input.strengths, 4000)?,
            text("participant_account", &input.participant_account, 8000)?,
            text("priorities", &input.priorities, 4000)?,
        ];
        let texts: Vec<String> = texts
            .iter()
            .map(|v| {
                if let Value::Text(t) = v {
                    t.clone()
                } else {
                    String::new()
                }
            })
            .collect();
        let mut checked = Vec::new();
        for entry in &input.scores {
            let domain = needs::domain(&entry.domain)
                .ok_or(invalid("domain", "is not one of the 24 domains"))?;
            let score = match entry.score {
                Some(value) => Some(Score::new(value).ok_or(invalid("score", "must be 0 to 4"))?),
                None => None,
            };
            let reason = match entry
                .not_assessed_reason
                .as_deref()
                .filter(|r| !r.is_empty())
            {
                Some(r) => Some(
                    NOT_ASSESSED_REASONS
                        .iter()
                        .copied()
                        .find(|k| *k == r)
                        .ok_or(invalid("not_assessed_reason", "is not a listed reason"))?,
                ),
                None => None,
            };
            if score.is_some() && reason.is_some() {
                return Err(invalid(
                    "score",
                    "a domain is scored or not assessed, not both",
                ));
            }
            if !entry.evidence_source.is_empty()
                && !EVIDENCE_SOURCES.contains(&entry.evidence_source.as_str())
            {
                return Err(invalid("evidence_source", "is not a listed source"));
            }
            let note = text("note", &entry.note, 4000)?;
            checked.push((
                store::score_table(domain.restricted),
                vec![
                    ("domain", Value::Text(domain.code.into())),
                    (
                        "score",
                        score.map_or(Value::Null, |s| Value::Integer(s.value().into())),
                    ),
                    (
                        "not_assessed_reason",
                        reason.map_or(Value::Null, |r| Value::Text(r.into())),
                    ),
                    (
                        "evidence_source",
                        Value::Text(entry.evidence_source.clone()),
                    ),
                    (
                        "participant_priority",
                        Value::Integer(entry.participant_priority.into()),
                    ),
                    ("note", note),
                ],
            ));
        }
        let profile = match &input.profile {
            Some(p) => {
                if !STAGES.contains(&p.stage.as_str()) {
                    return Err(invalid("stage", "is not a listed stage"));
                }
                for (field, level) in [
                    ("behaviour", &p.behaviour),
                    ("ties", &p.ties),
                    ("views", &p.views),
                ] {
                    if !LEVELS.contains(&level.as_str()) {
                        return Err(invalid(field, "must be yes, partly or no"));
                    }
                }
                Some([
                    p.stage.clone(),
                    p.behaviour.clone(),
                    p.ties.clone(),
                    p.views.clone(),
                ])
            }
            None => None,
        };
        let now = self.now();
        let session = self.session_mut()?;
        let actor = session.user.id.clone();
        let id = input.assessment_id.clone();
        session
            .vault
            .write(&actor, &now, |w| -> Result<(), ApiError> {
                store::update_text(
                    w.conn(),
                    &w.stamp,
                    &id,
                    &assessed_on,
                    [&texts[0], &texts[1], &texts[2]],
                )?;
                for (table, entry) in &checked {
                    store::put_score(w.conn(), &w.stamp, table, &id, entry)?;
                }
                if let Some(p) = &profile {
                    store::put_profile(w.conn(), &w.stamp, &id, [&p[0], &p[1], &p[2], &p[3]])?;
                }
                w.audit("assessment_saved", "assessment", &id)?;
                Ok(())
            })?;
        self.assessment_view(&input.assessment_id)
    }

    /// A supervisor of the case's district signs a complete draft off.
    pub fn sign_off_assessment(&mut self, assessment_id: &str) -> Result<AssessmentView, ApiError> {
        let (row, case_id) = self.assessment_case(assessment_id)?;
        let (_, _, rel) = self.case_in_scope(&case_id)?;
        if rel != Relation::District {
            return Err(ApiError::Forbidden);
        }
        self.case_for_write(&case_id)?;
        if status(&row) != "draft" {
            return Err(ApiError::Frozen);
        }
        let found = entries(self.session()?.vault.conn(), assessment_id)?;
        let borrowed: Vec<(&str, Option<Entry>)> =
            found.iter().map(|(d, e)| (d.as_str(), e.clone())).collect();
        let (missing, _) = needs::unscored(&borrowed);
        if missing > 0 {
            return Err(ApiError::GateNotMet { missing });
        }
        let today = self.clock.today().to_string();
        self.write(|w| -> Result<(), ApiError> {
            store::sign_off(w.conn(), &w.stamp, assessment_id, w.actor(), &today)?;
            w.audit("assessment_signed_off", "assessment", assessment_id)?;
            Ok(())
        })?;
        self.assessment_view(assessment_id)
    }

    /// Records a reference to a specialist's structured assessment (tool,
    /// date, assessor, summary band; never item content).
    pub fn record_specialist(&mut self, input: SpecialistInput) -> Result<(), ApiError> {
        self.case_for_write(&input.case_id)?;
        let today = self.clock.today();
        let on = date("assessed_on", &input.assessed_on, today)?.to_string();
        let columns = vec![
            ("case_id", Value::Text(input.case_id.clone())),
            ("tool", text("tool", &input.tool, 100)?),
            ("assessed_on", Value::Text(on)),
            ("assessor", text("assessor", &input.assessor, 100)?),
            (
                "summary_band",
                text("summary_band", &input.summary_band, 50)?,
            ),
        ];
        self.write(|w| -> Result<(), ApiError> {
            let id = crate::store::intake::insert(
                w.conn(),
                &w.stamp,
                "specialist_assessments",
                &columns,
            )?;
            w.audit(
                "specialist_reference_recorded",
                "specialist_assessments",
                &id,
            )?;
            Ok(())
        })
    }

    fn assessment_view(&self, assessment_id: &str) -> Result<AssessmentView, ApiError> {
        let (_, case_id) = self.assessment_case(assessment_id)?;
        self.case_assessments(&case_id)?
            .assessments
            .into_iter()
            .find(|a| a.assessment.get("id").and_then(Json::as_str) == Some(assessment_id))
            .ok_or(ApiError::NotFound {
                entity: "assessment",
            })
    }

    /// Every assessment of a case, oldest first, as the reader may see it.
    pub fn case_assessments(&self, case_id: &str) -> Result<AssessmentsView, ApiError> {
        let (session, _, rel) = self.case_in_scope(case_id)?;
        let role = session.user.role;
        let conn = session.vault.conn();
        let mut assessments = Vec::new();
        for row in store::for_case(conn, case_id)? {
            let Some(assessment) = filtered("assessments", &row, role, rel) else {
                continue;
            };
            let id = column_text(&row, "id").unwrap_or_default();
            let mut scores = Vec::new();
            for table in ["need_scores", "need_scores_restricted"] {
                for score in store::scores(conn, table, &id)? {
                    scores.extend(filtered(table, &score, role, rel));
                }
            }
            let profile = store::profile(conn, &id)?
                .and_then(|p| filtered("disengagement_profiles", &p, role, rel));
            assessments.push(AssessmentView {
                assessment,
                scores,
                profile,
            });
        }
        let specialist = store::specialist(conn, case_id)?
            .iter()
            .filter_map(|row| filtered("specialist_assessments", row, role, rel))
            .collect();
        Ok(AssessmentsView {
            assessments,
            specialist,
        })
    }
}
