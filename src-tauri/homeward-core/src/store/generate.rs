//! Bulk writing for the synthetic-vault generator (`seed::generate`): one
//! function per record kind, each an INSERT through a cached prepared
//! statement on the transaction of [`super::vault::Vault::write`], so a
//! hundred thousand cases fit in a hundred large transactions. Every
//! record a user would create gets one audit event through
//! [`super::audit::append`], named after the state it was left in (an
//! assessment signed off, a review signed, an agreement acknowledged) and
//! attributed to the user who would have done it; rows that belong to a
//! record (scores, goals, actions, outcomes, status history, the search
//! index) are covered by their record's event; every phase move and a
//! withdrawal of consent get their own, as in the api. What to write, and
//! when it happened, is the generator's business, not this file's: it
//! knows tables and columns, never the story.

use rusqlite::{params, Connection};

use super::audit::{self, AuditEvent};
use super::vault::Writer;
use super::{new_id, StoreError};

/// Every table the generator fills, for [`table_counts`].
pub const GENERATED_TABLES: [&str; 30] = [
    "cases",
    "case_search",
    "custody_events",
    "phase_events",
    "consents",
    "legal_bases",
    "safety_screens",
    "assessments",
    "need_scores",
    "need_scores_restricted",
    "disengagement_profiles",
    "organisations",
    "services",
    "service_risks",
    "referrals",
    "referral_events",
    "disclosures",
    "planned_actions",
    "plans",
    "plan_goals",
    "plan_actions",
    "reviews",
    "mentoring_agreements",
    "agreement_goals",
    "agreement_members",
    "agreement_revisions",
    "revision_outcomes",
    "incidents",
    "incidents_restricted",
    "audit_events",
];

/// Rows in each of [`GENERATED_TABLES`], in that order.
pub fn table_counts(conn: &Connection) -> Result<Vec<(&'static str, i64)>, StoreError> {
    GENERATED_TABLES
        .iter()
        .map(|table| {
            let count: i64 =
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok((*table, count))
        })
        .collect()
}

/// A new case as first registered (phase 0); [`BulkWriter::finish_case`]
/// later sets where its history ended.
pub struct NewCase<'a> {
    pub case_number: &'a str,
    pub district_id: &'a str,
    pub worker_id: &'a str,
    pub mentor_id: Option<&'a str>,
    pub opened_on: &'a str,
    pub name_latin: &'a str,
    pub name_urdu: &'a str,
    pub alias: &'a str,
    pub date_of_birth: Option<&'a str>,
    pub approx_age: Option<i64>,
    pub gender: &'a str,
    pub languages: &'a str,
    pub interpreter_needed: bool,
    pub female_practitioner_required: bool,
    pub custody_track: &'a str,
    pub referral_source: &'a str,
    pub referral_date: &'a str,
    pub religion: &'a str,
    pub context_typology: &'a str,
    /// The normalised names and alias, and the normalised case number,
    /// for the trigram index.
    pub search_names: &'a str,
    pub search_number: &'a str,
}

/// Where a case's history ended.
pub struct CaseEnd<'a> {
    pub phase: i64,
    pub custody_track: &'a str,
    pub closed_on: Option<&'a str>,
    pub closure_reason: Option<&'a str>,
    pub intake_outcome: Option<&'a str>,
    pub ending_note: &'a str,
    pub next_review_due: Option<&'a str>,
}

/// A consent for one purpose (for sharing, with the organisation named).
pub struct NewConsent<'a> {
    pub case_id: &'a str,
    pub purpose: &'a str,
    pub organisation: &'a str,
    pub given_by: &'a str,
    pub method: &'a str,
    pub given_on: &'a str,
    pub withdrawn_on: Option<&'a str>,
    pub recorded_by: &'a str,
}

pub struct NewAssessment<'a> {
    pub case_id: &'a str,
    /// `draft` or `signed_off`.
    pub status: &'a str,
    pub assessed_on: &'a str,
    pub assessor_id: &'a str,
    pub signed_off: Option<(&'a str, &'a str)>,
    pub prefilled_from_id: Option<&'a str>,
}

/// One domain's entry: a score, or not assessed with a reason.
pub struct NewScore<'a> {
    pub domain: &'a str,
    pub restricted: bool,
    pub score: Option<i64>,
    pub not_assessed_reason: Option<&'a str>,
    pub evidence_source: &'a str,
    pub participant_priority: bool,
}

/// A referral as it stands now; its status history is added with
/// [`BulkWriter::referral_event`].
pub struct NewReferral<'a> {
    pub case_id: &'a str,
    pub service_id: &'a str,
    pub domain: &'a str,
    pub consent_id: Option<&'a str>,
    pub legal_basis_id: Option<&'a str>,
    pub status: &'a str,
    pub proposed_on: &'a str,
    pub status_on: &'a str,
    pub used: Option<bool>,
    pub barrier: Option<&'a str>,
    pub recorded_by: &'a str,
}

/// A plan version with its agreement and signatures.
pub struct NewPlan<'a> {
    pub case_id: &'a str,
    pub version_no: i64,
    /// `draft`, `active` or `frozen`.
    pub status: &'a str,
    pub agreement_on: Option<&'a str>,
    pub signed: Option<(&'a str, &'a str)>,
    pub signed_off: Option<(&'a str, &'a str)>,
    pub frozen_on: Option<&'a str>,
}

pub struct NewPlanAction<'a> {
    pub plan_id: &'a str,
    pub goal_id: &'a str,
    pub item_key: &'a str,
    pub description: &'a str,
    pub responsible_org: &'a str,
    pub responsible_role: &'a str,
    pub due_on: &'a str,
    pub status: &'a str,
    pub blocking_reason: &'a str,
    pub referral_id: Option<&'a str>,
    pub assigned_to_mentor: bool,
    pub position: i64,
}

/// A three-monthly review: open (no signature yet) or signed with its
/// decision and the next date.
pub struct NewReview<'a> {
    pub case_id: &'a str,
    pub due_on: &'a str,
    pub started_on: &'a str,
    pub held_on: Option<&'a str>,
    pub assessment_id: &'a str,
    pub plan_id: Option<&'a str>,
    pub safety_screen_id: Option<&'a str>,
    pub decision: Option<&'a str>,
    pub signed: Option<(&'a str, &'a str)>,
    pub next_due: Option<&'a str>,
}

pub struct NewAgreement<'a> {
    pub case_id: &'a str,
    pub mentor_id: &'a str,
    pub start_on: &'a str,
    /// Both parties' acknowledgement day; `None` leaves it a draft.
    pub acknowledged_on: Option<&'a str>,
    pub next_revision_due: Option<&'a str>,
}

pub struct NewRevision<'a> {
    pub agreement_id: &'a str,
    pub due_on: &'a str,
    pub revised_on: &'a str,
    pub satisfaction: i64,
    pub next_due: &'a str,
    pub revised_by: &'a str,
}

/// Writes generated rows inside one open transaction of the vault.
pub struct BulkWriter<'a> {
    conn: &'a Connection,
    now: &'a str,
    device: &'a str,
}

impl<'a> BulkWriter<'a> {
    /// Writes through `writer`'s transaction, stamping rows as it would.
    pub fn new(writer: &'a Writer<'a>) -> Self {
        // Some thirty statements are reused for every case: keep them all.
        writer.conn().set_prepared_statement_cache_capacity(64);
        Self {
            conn: writer.conn(),
            now: &writer.stamp.now,
            device: &writer.stamp.device_id,
        }
    }

    /// The audit event for a record `by` created.
    pub fn audit(&self, by: &str, action: &str, entity: &str, id: &str) -> Result<(), StoreError> {
        audit::append(
            self.conn,
            &AuditEvent {
                at: self.now,
                user_id: by,
                device_id: self.device,
                action,
                entity,
                entity_id: id,
            },
        )?;
        Ok(())
    }

    fn execute(&self, sql: &str, values: impl rusqlite::Params) -> Result<(), StoreError> {
        self.conn.prepare_cached(sql)?.execute(values)?;
        Ok(())
    }

    /// Registers a case in phase 0 on its opening day, with its search
    /// entry, first custody event and phase event. Returns its id.
    pub fn case(&self, case: &NewCase<'_>) -> Result<String, StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO cases (id, case_number, phase, district_id, assigned_worker_id, mentor_id, opened_on,
             name_latin, name_urdu, alias, date_of_birth, approx_age, gender, languages, interpreter_needed,
             female_practitioner_required, custody_track, referral_source, referral_date, religion,
             context_typology, created_at, updated_at, device_id)
             VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
             ?21, ?21, ?22)",
            params![
                id,
                case.case_number,
                case.district_id,
                case.worker_id,
                case.mentor_id,
                case.opened_on,
                case.name_latin,
                case.name_urdu,
                case.alias,
                case.date_of_birth,
                case.approx_age,
                case.gender,
                case.languages,
                case.interpreter_needed,
                case.female_practitioner_required,
                case.custody_track,
                case.referral_source,
                case.referral_date,
                case.religion,
                case.context_typology,
                self.now,
                self.device
            ],
        )?;
        let seq = self.conn.last_insert_rowid();
        self.execute(
            "INSERT INTO case_search (rowid, names, number) VALUES (?1, ?2, ?3)",
            params![seq, case.search_names, case.search_number],
        )?;
        self.audit(case.worker_id, "case_registered", "case", &id)?;
        self.phase_event(&id, 0, case.opened_on, 0)?;
        Ok(id)
    }

    /// Where the case's history ended: its phase, ending and next review.
    pub fn finish_case(&self, case_id: &str, end: &CaseEnd<'_>) -> Result<(), StoreError> {
        self.execute(
            "UPDATE cases SET phase = ?2, custody_track = ?3, closed_on = ?4, closure_reason = ?5,
             intake_outcome = ?6, ending_note = ?7, next_review_due = ?8, version = version + 1 WHERE id = ?1",
            params![
                case_id,
                end.phase,
                end.custody_track,
                end.closed_on,
                end.closure_reason,
                end.intake_outcome,
                end.ending_note,
                end.next_review_due
            ],
        )
    }

    pub fn custody_event(&self, case_id: &str, track: &str, since: &str) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO custody_events (id, case_id, track, since, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
            params![new_id(), case_id, track, since, self.now, self.device],
        )
    }

    /// The case entered `phase` on `on`, its `ordinal`-th move (0 for the
    /// opening). The row is stamped on that day, a minute per move, so that
    /// moves on one day keep their order by `created_at` as they would
    /// have in the api.
    fn phase_event(
        &self,
        case_id: &str,
        phase: i64,
        on: &str,
        ordinal: u32,
    ) -> Result<(), StoreError> {
        let stamped = format!("{on}T08:{:02}:{:02}.000Z", ordinal / 60 % 60, ordinal % 60);
        self.execute(
            "INSERT INTO phase_events (id, case_id, phase, entered_on, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
            params![new_id(), case_id, phase, on, stamped, self.device],
        )
    }

    /// A phase change by `by` on `on`, the case's `ordinal`-th move,
    /// audited as the api's `phase_<transition>`.
    pub fn transition(
        &self,
        by: &str,
        case_id: &str,
        transition: &str,
        phase: i64,
        on: &str,
        ordinal: u32,
    ) -> Result<(), StoreError> {
        self.phase_event(case_id, phase, on, ordinal)?;
        self.audit(by, &format!("phase_{transition}"), "case", case_id)
    }

    pub fn consent(&self, consent: &NewConsent<'_>) -> Result<String, StoreError> {
        let id = new_id();
        let kinds = if consent.purpose == "sharing" {
            "contact details, the needs referred"
        } else {
            ""
        };
        self.execute(
            "INSERT INTO consents (id, case_id, purpose, organisation, information_kinds, wording_version, language,
             method, given_by, given_on, withdrawn_on, recorded_by, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, 'v1', 'Urdu', ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
            params![
                id,
                consent.case_id,
                consent.purpose,
                consent.organisation,
                kinds,
                consent.method,
                consent.given_by,
                consent.given_on,
                consent.withdrawn_on,
                consent.recorded_by,
                self.now,
                self.device
            ],
        )?;
        self.audit(consent.recorded_by, "consent_recorded", "consents", &id)?;
        if consent.withdrawn_on.is_some() {
            self.audit(consent.recorded_by, "consent_withdrawn", "consents", &id)?;
        }
        Ok(id)
    }

    /// A legal basis recorded by the case worker, countersigned when
    /// `countersigned` holds (supervisor, day).
    pub fn legal_basis(
        &self,
        case_id: &str,
        kind: &str,
        recorded: (&str, &str),
        countersigned: Option<(&str, &str)>,
    ) -> Result<String, StoreError> {
        let id = new_id();
        let reference = format!("{} {}", kind.replace('_', " "), &recorded.1[..4]);
        self.execute(
            "INSERT INTO legal_bases (id, case_id, kind, reference, recorded_by, recorded_on, countersigned_by,
             countersigned_on, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            params![
                id,
                case_id,
                kind,
                reference,
                recorded.0,
                recorded.1,
                countersigned.map(|c| c.0),
                countersigned.map(|c| c.1),
                self.now,
                self.device
            ],
        )?;
        match countersigned {
            Some((by, _)) => self.audit(by, "legal_basis_countersigned", "legal_bases", &id)?,
            None => self.audit(recorded.0, "legal_basis_recorded", "legal_bases", &id)?,
        }
        Ok(id)
    }

    /// A safety screen: (threats to the participant, risks to staff).
    pub fn safety_screen(
        &self,
        case_id: &str,
        on: &str,
        levels: (&str, &str),
        female_practitioner_required: bool,
        by: &str,
    ) -> Result<String, StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO safety_screens (id, case_id, screened_on, threats_to_participant, risks_to_staff,
             female_practitioner_required, screened_by, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            params![
                id,
                case_id,
                on,
                levels.0,
                levels.1,
                female_practitioner_required,
                by,
                self.now,
                self.device
            ],
        )?;
        self.audit(by, "safety_screen_recorded", "safety_screens", &id)?;
        Ok(id)
    }

    /// An assessment with its scores (restricted domains in their own
    /// table) and disengagement profile (stage, behaviour, ties, views).
    pub fn assessment(
        &self,
        assessment: &NewAssessment<'_>,
        scores: &[NewScore<'_>],
        profile: [&str; 4],
    ) -> Result<String, StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO assessments (id, case_id, status, assessed_on, assessor_id, signed_off_by, signed_off_on,
             prefilled_from_id, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            params![
                id,
                assessment.case_id,
                assessment.status,
                assessment.assessed_on,
                assessment.assessor_id,
                assessment.signed_off.map(|s| s.0),
                assessment.signed_off.map(|s| s.1),
                assessment.prefilled_from_id,
                self.now,
                self.device
            ],
        )?;
        for score in scores {
            let sql = if score.restricted {
                "INSERT INTO need_scores_restricted (id, assessment_id, domain, score, not_assessed_reason,
                 evidence_source, participant_priority, created_at, updated_at, device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)"
            } else {
                "INSERT INTO need_scores (id, assessment_id, domain, score, not_assessed_reason,
                 evidence_source, participant_priority, created_at, updated_at, device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)"
            };
            self.execute(
                sql,
                params![
                    new_id(),
                    id,
                    score.domain,
                    score.score,
                    score.not_assessed_reason,
                    score.evidence_source,
                    score.participant_priority,
                    self.now,
                    self.device
                ],
            )?;
        }
        self.execute(
            "INSERT INTO disengagement_profiles (id, assessment_id, stage, behaviour, ties, views, created_at,
             updated_at, device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            params![
                new_id(),
                id,
                profile[0],
                profile[1],
                profile[2],
                profile[3],
                self.now,
                self.device
            ],
        )?;
        match assessment.signed_off {
            Some((by, _)) => self.audit(by, "assessment_signed_off", "assessment", &id)?,
            None => self.audit(
                assessment.assessor_id,
                "assessment_saved",
                "assessment",
                &id,
            )?,
        }
        Ok(id)
    }

    pub fn referral(&self, referral: &NewReferral<'_>) -> Result<String, StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO referrals (id, case_id, service_id, domain, reason, consent_id, legal_basis_id, status,
             proposed_on, status_on, used, barrier, recorded_by, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, 'High or urgent need at assessment', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
             ?13, ?13, ?14)",
            params![
                id,
                referral.case_id,
                referral.service_id,
                referral.domain,
                referral.consent_id,
                referral.legal_basis_id,
                referral.status,
                referral.proposed_on,
                referral.status_on,
                referral.used,
                referral.barrier,
                referral.recorded_by,
                self.now,
                self.device
            ],
        )?;
        self.audit(referral.recorded_by, "referral_proposed", "referrals", &id)?;
        Ok(id)
    }

    pub fn referral_event(
        &self,
        referral_id: &str,
        status: &str,
        on: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO referral_events (id, referral_id, status, status_on, recorded_by, created_at, updated_at,
             device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
            params![new_id(), referral_id, status, on, by, self.now, self.device],
        )
    }

    /// The disclosure a sent referral makes to the service's organisation,
    /// on the referral's basis: (consent, legal basis).
    pub fn disclosure(
        &self,
        case_id: &str,
        on: &str,
        organisation: &str,
        basis: (Option<&str>, Option<&str>),
        referral_id: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO disclosures (id, case_id, disclosed_on, organisation, information_kinds, purpose,
             consent_id, legal_basis_id, referral_id, recorded_by, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, 'referral', 'referral', ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            params![
                id,
                case_id,
                on,
                organisation,
                basis.0,
                basis.1,
                referral_id,
                by,
                self.now,
                self.device
            ],
        )?;
        self.audit(by, "disclosure_recorded", "disclosures", &id)
    }

    /// An action planned in service mapping for a domain no service covers.
    pub fn planned_action(
        &self,
        case_id: &str,
        domain: &str,
        responsible: &str,
        status: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO planned_actions (id, case_id, domain, description, responsible, status, recorded_by,
             created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, 'Handled in case work and mentoring', ?4, ?5, ?6, ?7, ?7, ?8)",
            params![
                id,
                case_id,
                domain,
                responsible,
                status,
                by,
                self.now,
                self.device
            ],
        )?;
        self.audit(by, "action_planned", "planned_actions", &id)
    }

    /// A plan version, audited by who made it what it is: drafted by the
    /// case worker, signed off (active) or frozen by the reviewer.
    pub fn plan(&self, plan: &NewPlan<'_>, by: &str) -> Result<String, StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO plans (id, case_id, version_no, status, participant_agreement, agreement_on, signed_by,
             signed_on, signed_off_by, signed_off_on, frozen_on, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 IS NULL THEN NULL ELSE 'agreed' END, ?5, ?6, ?7, ?8, ?9, ?10,
             ?11, ?11, ?12)",
            params![
                id,
                plan.case_id,
                plan.version_no,
                plan.status,
                plan.agreement_on,
                plan.signed.map(|s| s.0),
                plan.signed.map(|s| s.1),
                plan.signed_off.map(|s| s.0),
                plan.signed_off.map(|s| s.1),
                plan.frozen_on,
                self.now,
                self.device
            ],
        )?;
        let action = match plan.status {
            "active" => "plan_signed_off",
            "frozen" => "plan_frozen",
            _ => "plan_drafted",
        };
        self.audit(by, action, "plans", &id)?;
        Ok(id)
    }

    /// A goal of a plan version; `domains` comma-separated codes.
    pub fn plan_goal(
        &self,
        plan_id: &str,
        item_key: &str,
        description: &str,
        domains: &str,
        position: i64,
    ) -> Result<String, StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO plan_goals (id, plan_id, item_key, description, domains, success_measure, position,
             created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, 'Agreed at the review', ?6, ?7, ?7, ?8)",
            params![
                id,
                plan_id,
                item_key,
                description,
                domains,
                position,
                self.now,
                self.device
            ],
        )?;
        Ok(id)
    }

    pub fn plan_action(&self, action: &NewPlanAction<'_>) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO plan_actions (id, plan_id, goal_id, item_key, description, responsible_org,
             responsible_role, due_on, status, blocking_reason, referral_id, assigned_to_mentor, position,
             created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
            params![
                new_id(),
                action.plan_id,
                action.goal_id,
                action.item_key,
                action.description,
                action.responsible_org,
                action.responsible_role,
                action.due_on,
                action.status,
                action.blocking_reason,
                action.referral_id,
                action.assigned_to_mentor,
                action.position,
                self.now,
                self.device
            ],
        )
    }

    /// A review, audited as started (open) or signed; `by` is the case
    /// worker who opened and signs it.
    pub fn review(&self, review: &NewReview<'_>, by: &str) -> Result<(), StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO reviews (id, case_id, due_on, started_on, held_on, assessment_id, plan_id,
             safety_screen_id, family_rechecked, decision, signed_by, signed_on, next_due, created_at,
             updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
            params![
                id,
                review.case_id,
                review.due_on,
                review.started_on,
                review.held_on,
                review.assessment_id,
                review.plan_id,
                review.safety_screen_id,
                review.held_on.is_some(),
                review.decision,
                review.signed.map(|s| s.0),
                review.signed.map(|s| s.1),
                review.next_due,
                self.now,
                self.device
            ],
        )?;
        match review.signed {
            Some((signer, _)) => self.audit(signer, "review_signed", "reviews", &id),
            None => self.audit(by, "review_started", "reviews", &id),
        }
    }

    /// A mentoring agreement (version 1), acknowledged by both parties on
    /// one day or still a draft.
    pub fn agreement(&self, agreement: &NewAgreement<'_>) -> Result<String, StoreError> {
        let id = new_id();
        let status = if agreement.acknowledged_on.is_some() {
            "acknowledged"
        } else {
            "draft"
        };
        self.execute(
            "INSERT INTO mentoring_agreements (id, case_id, mentor_id, version_no, status, start_on, focus_areas,
             meeting_frequency, venue, safety_note, mentee_ack_on, mentor_ack_on, next_revision_due, created_at,
             updated_at, device_id)
             VALUES (?1, ?2, ?3, 1, ?4, ?5, 'work, family and daily routine', 'fortnightly',
             'the district office', 'Meet by daylight in public places.', ?6, ?6, ?7, ?8, ?8, ?9)",
            params![
                id,
                agreement.case_id,
                agreement.mentor_id,
                status,
                agreement.start_on,
                agreement.acknowledged_on,
                agreement.next_revision_due,
                self.now,
                self.device
            ],
        )?;
        let action = if agreement.acknowledged_on.is_some() {
            "agreement_acknowledged"
        } else {
            "agreement_drafted"
        };
        self.audit(agreement.mentor_id, action, "mentoring_agreements", &id)?;
        Ok(id)
    }

    pub fn agreement_goal(
        &self,
        agreement_id: &str,
        plan_goal_key: &str,
        goal: &str,
    ) -> Result<String, StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO agreement_goals (id, agreement_id, item_key, plan_goal_key, goal, mentee_will,
             mentor_will, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, 'keep to the plan', 'meet and follow up', ?6, ?6, ?7)",
            params![
                id,
                agreement_id,
                new_id(),
                plan_goal_key,
                goal,
                self.now,
                self.device
            ],
        )?;
        Ok(id)
    }

    /// A family or network member; one not positive only with a
    /// supervisor's override (`override_by`), as the table demands.
    pub fn agreement_member(
        &self,
        agreement_id: &str,
        relation: &str,
        positive: bool,
        override_by: Option<&str>,
    ) -> Result<(), StoreError> {
        let id = new_id();
        let reason = if override_by.is_some() {
            "The only adult at home; joins meetings with the mentor present."
        } else {
            ""
        };
        self.execute(
            "INSERT INTO agreement_members (id, agreement_id, name, relation, positive, override_reason,
             override_by, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            params![
                id,
                agreement_id,
                relation,
                positive,
                reason,
                override_by,
                self.now,
                self.device
            ],
        )?;
        if let Some(by) = override_by {
            self.audit(by, "agreement_member_override", "agreement_members", &id)?;
        }
        Ok(())
    }

    /// A revision with each goal's outcome: (goal id, outcome).
    pub fn revision(
        &self,
        revision: &NewRevision<'_>,
        outcomes: &[(&str, &str)],
    ) -> Result<(), StoreError> {
        let id = new_id();
        self.execute(
            "INSERT INTO agreement_revisions (id, agreement_id, due_on, revised_on, satisfaction, next_due,
             revised_by, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            params![
                id,
                revision.agreement_id,
                revision.due_on,
                revision.revised_on,
                revision.satisfaction,
                revision.next_due,
                revision.revised_by,
                self.now,
                self.device
            ],
        )?;
        for (goal, outcome) in outcomes {
            self.execute(
                "INSERT INTO revision_outcomes (id, revision_id, goal_id, outcome, created_at, updated_at,
                 device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
                params![new_id(), id, goal, outcome, self.now, self.device],
            )?;
        }
        self.audit(
            revision.revised_by,
            "agreement_revised",
            "agreement_revisions",
            &id,
        )
    }

    /// An incident; retaliation and threats to staff go to their own
    /// restricted table.
    pub fn incident(
        &self,
        case_id: &str,
        on: &str,
        kind: &str,
        severity: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        let id = new_id();
        let table = if crate::domain::services::incident_restricted(kind) {
            "incidents_restricted"
        } else {
            "incidents"
        };
        self.execute(
            &format!(
                "INSERT INTO {table} (id, case_id, occurred_on, kind, severity, recorded_by, created_at,
                 updated_at, device_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)"
            ),
            params![id, case_id, on, kind, severity, by, self.now, self.device],
        )?;
        self.audit(by, "incident_recorded", table, &id)
    }

    /// Stores this device's case-number counters (year, last number) and
    /// merges the search index into one segment.
    pub fn finish(&self, device_code: &str, counters: &[(i32, i64)]) -> Result<(), StoreError> {
        for (year, last) in counters {
            self.execute(
                "INSERT INTO case_counters (device_code, year, last_number) VALUES (?1, ?2, ?3)
                 ON CONFLICT (device_code, year) DO UPDATE SET last_number = max(last_number, excluded.last_number)",
                params![device_code, year, last],
            )?;
        }
        self.conn
            .execute_batch("INSERT INTO case_search (case_search) VALUES ('optimize')")?;
        self.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, 'generate', ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            params![SYNTHETIC, self.now],
        )
    }
}

/// The setting that marks a vault `generate` made: nobody real is in it.
const SYNTHETIC: &str = "synthetic";

/// Whether `generate` made this vault (only such a vault may be copied in
/// plain text by the benchmark).
pub fn is_synthetic(conn: &Connection) -> Result<bool, StoreError> {
    let found: i64 = conn.query_row(
        "SELECT count(*) FROM settings WHERE key = ?1",
        [SYNTHETIC],
        |r| r.get(0),
    )?;
    Ok(found > 0)
}
