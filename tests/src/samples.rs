//! Sample arguments for every api method, shared by the tests that walk
//! the whole surface (`rpc::METHODS`): what a mentor may receive, and the
//! input limits. A method without a sample here fails those tests.

use serde_json::{json, Value};

use crate::{MENTOR, PASSPHRASE, WORKER, WORKER2};

/// The records the samples refer to.
pub struct SampleIds<'a> {
    pub case_id: &'a str,
    /// The arguments of `case_register`.
    pub case_input: &'a Value,
    pub organisation: &'a str,
    pub service: &'a str,
    /// A consent to share with a partner.
    pub sharing: &'a str,
    pub referral: &'a str,
    pub disclosure: &'a str,
    pub recovery_key: &'a str,
}

/// Arguments `method` takes, or None for a method not known here.
pub fn sample_args(method: &str, ids: &SampleIds) -> Option<Value> {
    Some(match method {
        "status" | "languages" | "user_list" | "audit_verify" | "district_list" | "vault_lock" => {
            json!({})
        }
        "activity" | "draft_list" | "vault_check" | "user_colleagues" => json!({}),
        "idle_lock_set" => json!({"seconds": 60}),
        "draft_save" => json!({"form": "case-form:new", "payload": {"note": "typed"}}),
        "draft_get" | "draft_discard" => json!({"form": "case-form:new"}),
        "vault_create" => json!({"username": "x", "passphrase": PASSPHRASE}),
        "vault_unlock" => json!({"username": MENTOR, "passphrase": PASSPHRASE}),
        "user_add" => json!({"username": "y.z", "role": "mentor", "passphrase": PASSPHRASE}),
        "user_deactivate" => json!({"username": WORKER}),
        "user_reassign" => json!({"from": WORKER, "to": WORKER2}),
        "passphrase_change" => json!({"current": PASSPHRASE, "new": PASSPHRASE}),
        "recover" => {
            json!({"recovery_key": ids.recovery_key, "username": MENTOR, "new_passphrase": PASSPHRASE})
        }
        "district_add" => json!({"province": "BA", "name": "Gwadar"}),
        "district_import" => json!({"csv": "BA,Gwadar"}),
        "case_register" => ids.case_input.clone(),
        "case_update" => json!({"id": ids.case_id, "version": 1, "case": ids.case_input.clone()}),
        "case_open" => json!({"id": ids.case_id}),
        "case_list" => json!({}),
        "case_search" => json!({"query": "Kashif"}),
        "consent_record" => {
            json!({"case_id": ids.case_id, "purpose": "mentoring", "wording_version": "v1",
            "language": "Urdu", "method": "signed", "given_by": "participant", "given_on": "2026-11-04"})
        }
        "consent_withdraw" => json!({"consent_id": "none"}),
        "legal_basis_record" => {
            json!({"case_id": ids.case_id, "kind": "court_order", "reference": "r"})
        }
        "legal_basis_countersign" => json!({"legal_basis_id": "none"}),
        "safety_screen_record" => json!({"case_id": ids.case_id, "screened_on": "2026-11-04",
            "threats_to_participant": "none", "risks_to_staff": "none", "female_practitioner_required": false}),
        "case_intake" | "case_gate" => json!({"case_id": ids.case_id}),
        "case_transition" => json!({"case_id": ids.case_id, "transition": "start_assessment"}),
        "assessment_start" | "case_assessments" => json!({"case_id": ids.case_id}),
        "assessment_save" => json!({"assessment_id": "none", "assessed_on": "2026-11-04"}),
        "assessment_sign_off" | "assessment_correct" => json!({"assessment_id": "none"}),
        "organisation_save" => json!({"district": "Quetta", "name": "Mentor Org",
            "org_type": "health", "level": "district"}),
        "organisation_list" | "service_find" | "service_export" => json!({}),
        "service_save" => json!({"organisation_id": ids.organisation, "name": "x",
            "domain": "family", "modality": "outreach"}),
        "service_get" | "service_verify" => json!({"id": ids.service}),
        "service_import" => json!({"csv": "organisation_id\n"}),
        "referral_add" => json!({"case_id": ids.case_id, "service_id": ids.service,
            "domain": "mental_health", "reason": "r", "consent_id": ids.sharing}),
        "referral_status" => json!({"referral_id": ids.referral, "status": "sent"}),
        "case_referrals" | "case_contacts" | "case_incidents" | "case_disclosures" => {
            json!({"case_id": ids.case_id})
        }
        "action_add" => json!({"case_id": ids.case_id, "domain": "family", "description": "d"}),
        "action_status" => json!({"action_id": "none", "status": "done"}),
        "contact_add" => json!({"case_id": ids.case_id, "contact_on": "2026-11-06",
            "kind": "mentoring_session", "duration_minutes": 30, "note": "mentorownnote"}),
        "incident_add" => json!({"case_id": ids.case_id, "occurred_on": "2026-11-04",
            "kind": "media", "severity": "low"}),
        "disclosure_add" => json!({"case_id": ids.case_id, "disclosed_on": "2026-11-04",
            "organisation": "o", "recipient_kind": "partner", "information_kinds": "k",
            "purpose": "p", "consent_id": ids.sharing}),
        "disclosure_countersign" => json!({"disclosure_id": ids.disclosure}),
        "plan_draft" | "case_plans" | "review_start" | "case_reviews" => {
            json!({"case_id": ids.case_id})
        }
        "plan_goal_save" => {
            json!({"plan_id": "none", "description": "d", "domains": ["family"]})
        }
        "plan_action_save" => {
            json!({"goal_id": "none", "description": "d", "responsible_org": "o"})
        }
        "plan_item_remove" => json!({"item": "goal", "id": "none"}),
        "plan_agreement" => {
            json!({"plan_id": "none", "agreement": "agreed", "on": "2026-11-04"})
        }
        "plan_sign" | "plan_sign_off" => json!({"plan_id": "none"}),
        "plan_action_status" => json!({"action_id": "none", "status": "done"}),
        "plan_compare" => json!({"case_id": ids.case_id, "from": 1, "to": 2}),
        "review_save" => json!({"review_id": "none"}),
        "review_sign" => json!({"review_id": "none"}),
        "reviews_due" | "revisions_due" | "home" | "report_exports" => json!({}),
        "report_preview" => json!({"period": "2026Q3"}),
        "backup_list" | "backup_targets" => json!({}),
        "backup_create" => json!({"folder": "/nonexistent"}),
        "backup_verify" | "backup_newest_good" | "backup_restore" => {
            json!({"path": "/nonexistent"})
        }
        "report_export" => json!({"request": {"period": "2026Q3"}, "approver": "admin",
            "approver_passphrase": "wrong", "folder": "/nonexistent"}),
        "agreement_draft" | "case_agreements" => json!({"case_id": ids.case_id}),
        "agreement_save" => json!({"agreement_id": "none"}),
        "agreement_goal_save" => json!({"agreement_id": "none", "goal": "g"}),
        "agreement_member_add" => json!({"agreement_id": "none", "name": "n",
            "relation": "r", "positive": true}),
        "agreement_acknowledge" => json!({"agreement_id": "none", "party": "mentor",
            "on": "2026-11-04"}),
        "agreement_revise" => json!({"agreement_id": "none", "revised_on": "2026-11-04",
            "satisfaction": 3, "outcomes": []}),
        "specialist_record" => {
            json!({"case_id": ids.case_id, "tool": "t", "assessed_on": "2026-11-04",
            "assessor": "a", "summary_band": "b"})
        }
        _ => return None,
    })
}
