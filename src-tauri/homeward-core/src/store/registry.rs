//! The field→tier registry: every column of every table, with its
//! sensitivity tier and the view it belongs to (domain.md, "Sensitivity").
//! A test fails when a column exists without an entry here, so a new
//! column cannot slip past the api's read filter.

use crate::domain::access::{Tier, View};

/// One declared column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub table: &'static str,
    pub column: &'static str,
    pub tier: Tier,
    /// The case view the column belongs to; `None` for tables that hold no
    /// case content (users, settings, audit), which no case read returns.
    pub view: Option<View>,
}

const fn case(table: &'static str, column: &'static str, tier: Tier, view: View) -> Field {
    Field {
        table,
        column,
        tier,
        view: Some(view),
    }
}

const fn admin(table: &'static str, column: &'static str) -> Field {
    Field {
        table,
        column,
        tier: Tier::T0,
        view: None,
    }
}

/// Shared reference data (the service map of a district): no case
/// content, readable by every role that works with cases.
const fn reference(table: &'static str, column: &'static str) -> Field {
    Field {
        table,
        column,
        tier: Tier::T0,
        view: None,
    }
}

/// A column no case read returns, at the highest tier.
const fn restricted(table: &'static str, column: &'static str) -> Field {
    Field {
        table,
        column,
        tier: Tier::T3,
        view: None,
    }
}

use Tier::*;
use View::*;

pub const FIELDS: &[Field] = &[
    admin("settings", "key"),
    admin("settings", "value"),
    admin("settings", "updated_at"),
    admin("users", "id"),
    admin("users", "username"),
    admin("users", "role"),
    admin("users", "active"),
    admin("users", "created_at"),
    admin("users", "updated_at"),
    admin("users", "device_id"),
    admin("users", "version"),
    admin("users", "deleted_at"),
    admin("user_districts", "id"),
    admin("user_districts", "user_id"),
    admin("user_districts", "district"),
    admin("user_districts", "created_at"),
    admin("user_districts", "updated_at"),
    admin("user_districts", "device_id"),
    admin("user_districts", "version"),
    admin("user_districts", "deleted_at"),
    admin("audit_events", "seq"),
    admin("audit_events", "at"),
    admin("audit_events", "user_id"),
    admin("audit_events", "device_id"),
    admin("audit_events", "action"),
    admin("audit_events", "entity"),
    admin("audit_events", "entity_id"),
    admin("audit_events", "prev_hash"),
    admin("audit_events", "hash"),
    admin("provinces", "id"),
    admin("provinces", "code"),
    admin("provinces", "name"),
    admin("provinces", "created_at"),
    admin("provinces", "updated_at"),
    admin("provinces", "device_id"),
    admin("provinces", "version"),
    admin("provinces", "deleted_at"),
    admin("districts", "id"),
    admin("districts", "province_id"),
    admin("districts", "name"),
    admin("districts", "created_at"),
    admin("districts", "updated_at"),
    admin("districts", "device_id"),
    admin("districts", "version"),
    admin("districts", "deleted_at"),
    admin("case_counters", "device_code"),
    admin("case_counters", "year"),
    admin("case_counters", "last_number"),
    // Drafts may hold anything a form holds; only their author reads them.
    restricted("drafts", "id"),
    restricted("drafts", "user_id"),
    restricted("drafts", "form"),
    restricted("drafts", "payload"),
    restricted("drafts", "created_at"),
    restricted("drafts", "updated_at"),
    restricted("drafts", "device_id"),
    restricted("drafts", "version"),
    restricted("drafts", "deleted_at"),
    case("cases", "seq", T0, Caseload),
    case("cases", "id", T0, Caseload),
    case("cases", "case_number", T0, Caseload),
    case("cases", "phase", T0, Caseload),
    case("cases", "district_id", T0, Caseload),
    case("cases", "assigned_worker_id", T0, Caseload),
    case("cases", "mentor_id", T0, Caseload),
    case("cases", "opened_on", T0, Caseload),
    case("cases", "closed_on", T0, Caseload),
    case("cases", "next_review_due", T0, Caseload),
    case("cases", "name_latin", T1, Identity),
    case("cases", "name_urdu", T1, Identity),
    case("cases", "alias", T1, Identity),
    case("cases", "date_of_birth", T1, Identity),
    case("cases", "approx_age", T1, Identity),
    case("cases", "gender", T1, Identity),
    case("cases", "languages", T1, Identity),
    case("cases", "interpreter_needed", T1, Identity),
    case("cases", "phone", T1, Identity),
    case("cases", "address", T1, Identity),
    case("cases", "female_practitioner_required", T1, Identity),
    case("cases", "custody_track", T2, Custody),
    case("cases", "referral_source", T2, Custody),
    case("cases", "referral_date", T2, Custody),
    case("cases", "religion", T3, Identity),
    case("cases", "sect", T3, Identity),
    case("cases", "ethnicity", T3, Identity),
    case("cases", "created_at", T0, Caseload),
    case("cases", "updated_at", T0, Caseload),
    case("cases", "device_id", T0, Caseload),
    case("cases", "version", T0, Caseload),
    case("cases", "deleted_at", T0, Caseload),
    case("custody_events", "id", T2, Custody),
    case("custody_events", "case_id", T2, Custody),
    case("custody_events", "track", T2, Custody),
    case("custody_events", "since", T2, Custody),
    case("custody_events", "created_at", T2, Custody),
    case("custody_events", "updated_at", T2, Custody),
    case("custody_events", "device_id", T2, Custody),
    case("custody_events", "version", T2, Custody),
    case("custody_events", "deleted_at", T2, Custody),
    case("consents", "id", T2, Consents),
    case("consents", "case_id", T2, Consents),
    case("consents", "purpose", T2, Consents),
    case("consents", "organisation", T2, Consents),
    case("consents", "information_kinds", T2, Consents),
    case("consents", "family_member", T2, Consents),
    case("consents", "wording_version", T2, Consents),
    case("consents", "language", T2, Consents),
    case("consents", "method", T2, Consents),
    case("consents", "given_by", T2, Consents),
    case("consents", "giver_name", T2, Consents),
    case("consents", "given_on", T2, Consents),
    case("consents", "withdrawn_on", T2, Consents),
    case("consents", "recorded_by", T2, Consents),
    case("consents", "created_at", T2, Consents),
    case("consents", "updated_at", T2, Consents),
    case("consents", "device_id", T2, Consents),
    case("consents", "version", T2, Consents),
    case("consents", "deleted_at", T2, Consents),
    case("legal_bases", "id", T2, Consents),
    case("legal_bases", "case_id", T2, Consents),
    case("legal_bases", "kind", T2, Consents),
    case("legal_bases", "reference", T2, Consents),
    case("legal_bases", "recorded_by", T2, Consents),
    case("legal_bases", "recorded_on", T2, Consents),
    case("legal_bases", "countersigned_by", T2, Consents),
    case("legal_bases", "countersigned_on", T2, Consents),
    case("legal_bases", "created_at", T2, Consents),
    case("legal_bases", "updated_at", T2, Consents),
    case("legal_bases", "device_id", T2, Consents),
    case("legal_bases", "version", T2, Consents),
    case("legal_bases", "deleted_at", T2, Consents),
    case("safety_screens", "id", T3, Safety),
    case("safety_screens", "case_id", T3, Safety),
    case("safety_screens", "screened_on", T3, Safety),
    case("safety_screens", "threats_to_participant", T3, Safety),
    case("safety_screens", "risks_to_staff", T3, Safety),
    case("safety_screens", "female_practitioner_required", T3, Safety),
    case("safety_screens", "note", T3, Safety),
    case("safety_screens", "screened_by", T3, Safety),
    case("safety_screens", "created_at", T3, Safety),
    case("safety_screens", "updated_at", T3, Safety),
    case("safety_screens", "device_id", T3, Safety),
    case("safety_screens", "version", T3, Safety),
    case("safety_screens", "deleted_at", T3, Safety),
    case("cases", "closure_reason", T0, Caseload),
    case("cases", "intake_outcome", T0, Caseload),
    case("cases", "ending_note", T2, Custody),
    case("assessments", "id", T2, Needs),
    case("assessments", "case_id", T2, Needs),
    case("assessments", "status", T2, Needs),
    case("assessments", "assessed_on", T2, Needs),
    case("assessments", "assessor_id", T2, Needs),
    case("assessments", "strengths", T2, Needs),
    case("assessments", "participant_account", T2, Needs),
    case("assessments", "priorities", T2, Needs),
    case("assessments", "signed_off_by", T2, Needs),
    case("assessments", "signed_off_on", T2, Needs),
    case("assessments", "corrects_id", T2, Needs),
    case("assessments", "prefilled_from_id", T2, Needs),
    case("assessments", "created_at", T2, Needs),
    case("assessments", "updated_at", T2, Needs),
    case("assessments", "device_id", T2, Needs),
    case("assessments", "version", T2, Needs),
    case("assessments", "deleted_at", T2, Needs),
    case("need_scores", "id", T2, Needs),
    case("need_scores", "assessment_id", T2, Needs),
    case("need_scores", "domain", T2, Needs),
    case("need_scores", "score", T2, Needs),
    case("need_scores", "not_assessed_reason", T2, Needs),
    case("need_scores", "evidence_source", T2, Needs),
    case("need_scores", "participant_priority", T2, Needs),
    case("need_scores", "note", T2, Needs),
    case("need_scores", "created_at", T2, Needs),
    case("need_scores", "updated_at", T2, Needs),
    case("need_scores", "device_id", T2, Needs),
    case("need_scores", "version", T2, Needs),
    case("need_scores", "deleted_at", T2, Needs),
    case("need_scores_restricted", "id", T3, Needs),
    case("need_scores_restricted", "assessment_id", T3, Needs),
    case("need_scores_restricted", "domain", T3, Needs),
    case("need_scores_restricted", "score", T3, Needs),
    case("need_scores_restricted", "not_assessed_reason", T3, Needs),
    case("need_scores_restricted", "evidence_source", T3, Needs),
    case("need_scores_restricted", "participant_priority", T3, Needs),
    case("need_scores_restricted", "note", T3, Needs),
    case("need_scores_restricted", "created_at", T3, Needs),
    case("need_scores_restricted", "updated_at", T3, Needs),
    case("need_scores_restricted", "device_id", T3, Needs),
    case("need_scores_restricted", "version", T3, Needs),
    case("need_scores_restricted", "deleted_at", T3, Needs),
    case("disengagement_profiles", "id", T3, Needs),
    case("disengagement_profiles", "assessment_id", T3, Needs),
    case("disengagement_profiles", "stage", T3, Needs),
    case("disengagement_profiles", "behaviour", T3, Needs),
    case("disengagement_profiles", "ties", T3, Needs),
    case("disengagement_profiles", "views", T3, Needs),
    case("disengagement_profiles", "created_at", T3, Needs),
    case("disengagement_profiles", "updated_at", T3, Needs),
    case("disengagement_profiles", "device_id", T3, Needs),
    case("disengagement_profiles", "version", T3, Needs),
    case("disengagement_profiles", "deleted_at", T3, Needs),
    case("specialist_assessments", "id", T3, Needs),
    case("specialist_assessments", "case_id", T3, Needs),
    case("specialist_assessments", "tool", T3, Needs),
    case("specialist_assessments", "assessed_on", T3, Needs),
    case("specialist_assessments", "assessor", T3, Needs),
    case("specialist_assessments", "summary_band", T3, Needs),
    case("specialist_assessments", "created_at", T3, Needs),
    case("specialist_assessments", "updated_at", T3, Needs),
    case("specialist_assessments", "device_id", T3, Needs),
    case("specialist_assessments", "version", T3, Needs),
    case("specialist_assessments", "deleted_at", T3, Needs),
    reference("organisations", "id"),
    reference("organisations", "district_id"),
    reference("organisations", "name"),
    reference("organisations", "org_type"),
    reference("organisations", "level"),
    reference("organisations", "contact_role"),
    reference("organisations", "created_at"),
    reference("organisations", "updated_at"),
    reference("organisations", "device_id"),
    reference("organisations", "version"),
    reference("organisations", "deleted_at"),
    reference("services", "id"),
    reference("services", "organisation_id"),
    reference("services", "name"),
    reference("services", "domain"),
    reference("services", "description"),
    reference("services", "modality"),
    reference("services", "min_age"),
    reference("services", "max_age"),
    reference("services", "gender"),
    reference("services", "legal_status_exclusions"),
    reference("services", "documents_needed"),
    reference("services", "catchment"),
    reference("services", "cost"),
    reference("services", "waiting_days"),
    reference("services", "female_staff"),
    reference("services", "languages"),
    reference("services", "child_friendly"),
    reference("services", "disability_access"),
    reference("services", "quality"),
    reference("services", "quality_how"),
    reference("services", "quality_judged_on"),
    reference("services", "open_to_public"),
    reference("services", "last_verified"),
    reference("services", "created_at"),
    reference("services", "updated_at"),
    reference("services", "device_id"),
    reference("services", "version"),
    reference("services", "deleted_at"),
    reference("service_risks", "id"),
    reference("service_risks", "service_id"),
    reference("service_risks", "kind"),
    reference("service_risks", "level"),
    reference("service_risks", "mitigation"),
    reference("service_risks", "created_at"),
    reference("service_risks", "updated_at"),
    reference("service_risks", "device_id"),
    reference("service_risks", "version"),
    reference("service_risks", "deleted_at"),
    case("referrals", "id", T2, Referrals),
    case("referrals", "case_id", T2, Referrals),
    case("referrals", "service_id", T2, Referrals),
    case("referrals", "domain", T2, Referrals),
    case("referrals", "reason", T2, Referrals),
    case("referrals", "consent_id", T2, Referrals),
    case("referrals", "legal_basis_id", T2, Referrals),
    case("referrals", "status", T2, Referrals),
    case("referrals", "proposed_on", T2, Referrals),
    case("referrals", "status_on", T2, Referrals),
    case("referrals", "used", T2, Referrals),
    case("referrals", "barrier", T2, Referrals),
    case("referrals", "barrier_note", T2, Referrals),
    case("referrals", "recorded_by", T2, Referrals),
    case("referrals", "created_at", T2, Referrals),
    case("referrals", "updated_at", T2, Referrals),
    case("referrals", "device_id", T2, Referrals),
    case("referrals", "version", T2, Referrals),
    case("referrals", "deleted_at", T2, Referrals),
    case("referral_events", "id", T2, Referrals),
    case("referral_events", "referral_id", T2, Referrals),
    case("referral_events", "status", T2, Referrals),
    case("referral_events", "status_on", T2, Referrals),
    case("referral_events", "recorded_by", T2, Referrals),
    case("referral_events", "created_at", T2, Referrals),
    case("referral_events", "updated_at", T2, Referrals),
    case("referral_events", "device_id", T2, Referrals),
    case("referral_events", "version", T2, Referrals),
    case("referral_events", "deleted_at", T2, Referrals),
    case("planned_actions", "id", T2, PlanActions),
    case("planned_actions", "case_id", T2, PlanActions),
    case("planned_actions", "domain", T2, PlanActions),
    case("planned_actions", "description", T2, PlanActions),
    case("planned_actions", "responsible", T2, PlanActions),
    case("planned_actions", "status", T2, PlanActions),
    case("planned_actions", "recorded_by", T2, PlanActions),
    case("planned_actions", "created_at", T2, PlanActions),
    case("planned_actions", "updated_at", T2, PlanActions),
    case("planned_actions", "device_id", T2, PlanActions),
    case("planned_actions", "version", T2, PlanActions),
    case("planned_actions", "deleted_at", T2, PlanActions),
    case("contacts", "id", T2, Contacts),
    case("contacts", "case_id", T2, Contacts),
    case("contacts", "contact_on", T2, Contacts),
    case("contacts", "kind", T2, Contacts),
    case("contacts", "duration_minutes", T2, Contacts),
    case("contacts", "place", T2, Contacts),
    case("contacts", "note", T2, Contacts),
    case("contacts", "recorded_by", T2, Contacts),
    case("contacts", "created_at", T2, Contacts),
    case("contacts", "updated_at", T2, Contacts),
    case("contacts", "device_id", T2, Contacts),
    case("contacts", "version", T2, Contacts),
    case("contacts", "deleted_at", T2, Contacts),
    case("contacts_restricted", "id", T3, Contacts),
    case("contacts_restricted", "case_id", T3, Contacts),
    case("contacts_restricted", "contact_on", T3, Contacts),
    case("contacts_restricted", "kind", T3, Contacts),
    case("contacts_restricted", "duration_minutes", T3, Contacts),
    case("contacts_restricted", "place", T3, Contacts),
    case("contacts_restricted", "note", T3, Contacts),
    case("contacts_restricted", "recorded_by", T3, Contacts),
    case("contacts_restricted", "created_at", T3, Contacts),
    case("contacts_restricted", "updated_at", T3, Contacts),
    case("contacts_restricted", "device_id", T3, Contacts),
    case("contacts_restricted", "version", T3, Contacts),
    case("contacts_restricted", "deleted_at", T3, Contacts),
    case("incidents", "id", T2, Incidents),
    case("incidents", "case_id", T2, Incidents),
    case("incidents", "occurred_on", T2, Incidents),
    case("incidents", "kind", T2, Incidents),
    case("incidents", "severity", T2, Incidents),
    case("incidents", "description", T2, Incidents),
    case("incidents", "response", T2, Incidents),
    case("incidents", "lesson", T2, Incidents),
    case("incidents", "recorded_by", T2, Incidents),
    case("incidents", "created_at", T2, Incidents),
    case("incidents", "updated_at", T2, Incidents),
    case("incidents", "device_id", T2, Incidents),
    case("incidents", "version", T2, Incidents),
    case("incidents", "deleted_at", T2, Incidents),
    case("incidents_restricted", "id", T3, Incidents),
    case("incidents_restricted", "case_id", T3, Incidents),
    case("incidents_restricted", "occurred_on", T3, Incidents),
    case("incidents_restricted", "kind", T3, Incidents),
    case("incidents_restricted", "severity", T3, Incidents),
    case("incidents_restricted", "description", T3, Incidents),
    case("incidents_restricted", "response", T3, Incidents),
    case("incidents_restricted", "lesson", T3, Incidents),
    case("incidents_restricted", "recorded_by", T3, Incidents),
    case("incidents_restricted", "created_at", T3, Incidents),
    case("incidents_restricted", "updated_at", T3, Incidents),
    case("incidents_restricted", "device_id", T3, Incidents),
    case("incidents_restricted", "version", T3, Incidents),
    case("incidents_restricted", "deleted_at", T3, Incidents),
    case("disclosures", "id", T2, Disclosures),
    case("disclosures", "case_id", T2, Disclosures),
    case("disclosures", "disclosed_on", T2, Disclosures),
    case("disclosures", "organisation", T2, Disclosures),
    case("disclosures", "information_kinds", T2, Disclosures),
    case("disclosures", "purpose", T2, Disclosures),
    case("disclosures", "consent_id", T2, Disclosures),
    case("disclosures", "legal_basis_id", T2, Disclosures),
    case("disclosures", "referral_id", T2, Disclosures),
    case("disclosures", "recorded_by", T2, Disclosures),
    case("disclosures", "created_at", T2, Disclosures),
    case("disclosures", "updated_at", T2, Disclosures),
    case("disclosures", "device_id", T2, Disclosures),
    case("disclosures", "version", T2, Disclosures),
    case("disclosures", "deleted_at", T2, Disclosures),
    case("disclosures_restricted", "id", T3, Disclosures),
    case("disclosures_restricted", "case_id", T3, Disclosures),
    case("disclosures_restricted", "disclosed_on", T3, Disclosures),
    case("disclosures_restricted", "organisation", T3, Disclosures),
    case(
        "disclosures_restricted",
        "information_kinds",
        T3,
        Disclosures,
    ),
    case("disclosures_restricted", "purpose", T3, Disclosures),
    case("disclosures_restricted", "consent_id", T3, Disclosures),
    case("disclosures_restricted", "legal_basis_id", T3, Disclosures),
    case("disclosures_restricted", "recorded_by", T3, Disclosures),
    case(
        "disclosures_restricted",
        "countersigned_by",
        T3,
        Disclosures,
    ),
    case(
        "disclosures_restricted",
        "countersigned_on",
        T3,
        Disclosures,
    ),
    case("disclosures_restricted", "created_at", T3, Disclosures),
    case("disclosures_restricted", "updated_at", T3, Disclosures),
    case("disclosures_restricted", "device_id", T3, Disclosures),
    case("disclosures_restricted", "version", T3, Disclosures),
    case("disclosures_restricted", "deleted_at", T3, Disclosures),
    case("case_search", "names", T1, Identity),
    case("case_search", "number", T0, Caseload),
];

/// The declared field for `table.column`, if any.
pub fn field(table: &str, column: &str) -> Option<&'static Field> {
    FIELDS
        .iter()
        .find(|f| f.table == table && f.column == column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::DbKey;
    use crate::store::open::{open_connection, OpenMode};

    /// FTS5 keeps its index in shadow tables named after the virtual
    /// table; they hold what the virtual table's columns hold.
    fn is_fts_shadow(name: &str) -> bool {
        ["_data", "_idx", "_content", "_docsize", "_config"]
            .iter()
            .any(|suffix| name.starts_with("case_search") && name.ends_with(suffix))
    }

    #[test]
    fn every_column_of_every_table_has_a_tier_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::generate().unwrap();
        let conn = open_connection(&dir.path().join("v.db"), &key, OpenMode::Create).unwrap();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut seen = Vec::new();
        for table in tables.iter().filter(|t| !is_fts_shadow(t)) {
            let columns: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert!(!columns.is_empty(), "{table} has columns");
            for column in columns {
                assert!(
                    field(table, &column).is_some(),
                    "{table}.{column} has no tier in the registry"
                );
                seen.push((table.clone(), column));
            }
        }
        for declared in FIELDS {
            assert!(
                seen.iter()
                    .any(|(t, c)| t == declared.table && c == declared.column),
                "{}.{} is declared but does not exist",
                declared.table,
                declared.column
            );
        }
    }
}
