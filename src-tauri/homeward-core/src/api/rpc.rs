//! Every api method by name, taking and returning JSON, with the same
//! inputs the window's commands take. The CLI and the tests come through
//! here, and [`METHODS`] lists every name, so a test can enumerate the
//! whole surface (a new method is covered by default).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::cases::{CaseInput, CaseListQuery, UpdateCaseInput};
use super::dto::*;
use super::{ApiError, App};

/// Every method [`call`] answers.
pub const METHODS: &[&str] = &[
    "status",
    "languages",
    "vault_create",
    "vault_unlock",
    "vault_lock",
    "user_add",
    "user_list",
    "user_colleagues",
    "user_deactivate",
    "user_reassign",
    "passphrase_change",
    "recover",
    "audit_verify",
    "district_add",
    "district_import",
    "district_list",
    "case_register",
    "case_update",
    "case_open",
    "case_list",
    "case_search",
    "activity",
    "idle_lock_set",
    "draft_save",
    "draft_list",
    "draft_get",
    "draft_discard",
    "vault_check",
    "consent_record",
    "consent_withdraw",
    "legal_basis_record",
    "legal_basis_countersign",
    "safety_screen_record",
    "case_intake",
    "case_gate",
    "case_transition",
    "assessment_start",
    "assessment_save",
    "assessment_sign_off",
    "assessment_correct",
    "specialist_record",
    "case_assessments",
    "organisation_save",
    "organisation_list",
    "service_save",
    "service_get",
    "service_verify",
    "service_find",
    "service_export",
    "service_import",
    "referral_add",
    "referral_status",
    "case_referrals",
    "action_add",
    "action_status",
    "contact_add",
    "case_contacts",
    "incident_add",
    "case_incidents",
    "disclosure_add",
    "disclosure_countersign",
    "case_disclosures",
    "plan_draft",
    "plan_goal_save",
    "plan_action_save",
    "plan_item_remove",
    "plan_agreement",
    "plan_sign",
    "plan_sign_off",
    "plan_action_status",
    "case_plans",
    "plan_compare",
    "review_start",
    "review_save",
    "review_sign",
    "case_reviews",
    "reviews_due",
    "agreement_draft",
    "agreement_save",
    "agreement_goal_save",
    "agreement_member_add",
    "agreement_acknowledge",
    "agreement_revise",
    "case_agreements",
    "revisions_due",
    "home",
    "report_preview",
    "report_export",
    "report_exports",
    "backup_list",
    "backup_targets",
    "backup_create",
    "backup_verify",
    "backup_newest_good",
    "backup_restore",
];

fn input<T: DeserializeOwned>(args: Value) -> Result<T, ApiError> {
    serde_json::from_value(args).map_err(|_| ApiError::InvalidInput {
        field: "input",
        reason: "does not have the fields this call takes",
    })
}

fn output<T: Serialize>(value: T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|_| ApiError::Storage {
        detail: "the answer could not be encoded".into(),
    })
}

fn text_arg(args: &Value, name: &'static str) -> Result<String, ApiError> {
    args.get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or(ApiError::InvalidInput {
            field: name,
            reason: "is required",
        })
}

/// Calls the api method `method` with JSON `args`.
pub fn call(app: &mut App, method: &str, args: Value) -> Result<Value, ApiError> {
    super::limits::check_args(&args)?;
    match method {
        "status" => output(app.status()),
        "languages" => output(app.languages()),
        "vault_create" => output(app.create_vault(input::<CreateVaultInput>(args)?)?),
        "vault_unlock" => output(app.unlock(input::<UnlockInput>(args)?)?),
        "vault_lock" => output(app.lock()?),
        "user_add" => output(app.add_user(input::<AddUserInput>(args)?)?),
        "user_list" => output(app.list_users()?),
        "user_colleagues" => output(app.list_colleagues()?),
        "user_deactivate" => output(app.deactivate_user(input::<DeactivateUserInput>(args)?)?),
        "user_reassign" => output(app.reassign_user(input::<ReassignInput>(args)?)?),
        "passphrase_change" => {
            output(app.change_passphrase(input::<ChangePassphraseInput>(args)?)?)
        }
        "recover" => output(app.recover(input::<RecoverInput>(args)?)?),
        "audit_verify" => output(app.verify_audit()?),
        "district_add" => {
            let province = text_arg(&args, "province")?;
            let name = text_arg(&args, "name")?;
            output(app.add_district(&province, &name)?)
        }
        "district_import" => output(app.import_districts(&text_arg(&args, "csv")?)?),
        "district_list" => output(app.list_districts()?),
        "case_register" => output(app.register_case(input::<CaseInput>(args)?)?),
        "case_update" => output(app.update_case(input::<UpdateCaseInput>(args)?)?),
        "case_open" => output(app.open_case(&text_arg(&args, "id")?)?),
        "case_list" => output(app.list_cases(&input::<CaseListQuery>(args)?)?),
        "case_search" => output(app.search_cases(&text_arg(&args, "query")?)?),
        "activity" => output(app.touch()?),
        "idle_lock_set" => {
            let seconds = args
                .get("seconds")
                .and_then(Value::as_u64)
                .and_then(|s| u32::try_from(s).ok())
                .ok_or(ApiError::InvalidInput {
                    field: "idle_lock_seconds",
                    reason: "is required",
                })?;
            output(app.set_idle_seconds(seconds)?)
        }
        "draft_save" => output(app.save_draft(input::<DraftInput>(args)?)?),
        "draft_list" => output(app.list_drafts()?),
        "draft_get" => output(app.get_draft(&text_arg(&args, "form")?)?),
        "draft_discard" => output(app.discard_draft(&text_arg(&args, "form")?)?),
        "vault_check" => {
            let never = std::sync::atomic::AtomicBool::new(false);
            let mut ignore = |_| {};
            output(app.check_vault(&mut super::progress::Progress::new(&mut ignore, &never))?)
        }
        "consent_record" => output(app.record_consent(input(args)?)?),
        "consent_withdraw" => {
            let on = args
                .get("on")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            output(app.withdraw_consent(&text_arg(&args, "consent_id")?, &on)?)
        }
        "legal_basis_record" => output(app.record_legal_basis(input(args)?)?),
        "legal_basis_countersign" => {
            output(app.countersign_legal_basis(&text_arg(&args, "legal_basis_id")?)?)
        }
        "safety_screen_record" => output(app.record_safety_screen(input(args)?)?),
        "case_intake" => output(app.case_intake(&text_arg(&args, "case_id")?)?),
        "case_gate" => output(app.case_gate(&text_arg(&args, "case_id")?)?),
        "case_transition" => output(app.transition_case(input(args)?)?),
        "assessment_start" => output(app.start_assessment(&text_arg(&args, "case_id")?)?),
        "assessment_save" => output(app.save_assessment(input(args)?)?),
        "assessment_sign_off" => {
            output(app.sign_off_assessment(&text_arg(&args, "assessment_id")?)?)
        }
        "assessment_correct" => output(app.correct_assessment(&text_arg(&args, "assessment_id")?)?),
        "specialist_record" => output(app.record_specialist(input(args)?)?),
        "case_assessments" => output(app.case_assessments(&text_arg(&args, "case_id")?)?),
        "organisation_save" => output(app.save_organisation(input(args)?)?),
        "organisation_list" => {
            output(app.list_organisations(args.get("district").and_then(Value::as_str))?)
        }
        "service_save" => output(app.save_service(input(args)?)?),
        "service_get" => output(app.service(&text_arg(&args, "id")?)?),
        "service_verify" => output(app.verify_service(&text_arg(&args, "id")?)?),
        "service_find" => output(app.find_services(&input(args)?)?),
        "service_export" => {
            output(app.export_services(args.get("district").and_then(Value::as_str))?)
        }
        "service_import" => output(app.import_services(&text_arg(&args, "csv")?)?),
        "referral_add" => output(app.add_referral(input(args)?)?),
        "referral_status" => output(app.set_referral_status(input(args)?)?),
        "case_referrals" => output(app.case_referrals(&text_arg(&args, "case_id")?)?),
        "action_add" => output(app.add_action(input(args)?)?),
        "action_status" => output(
            app.set_action_status(&text_arg(&args, "action_id")?, &text_arg(&args, "status")?)?,
        ),
        "contact_add" => output(app.add_contact(input(args)?)?),
        "case_contacts" => output(app.case_contacts(&text_arg(&args, "case_id")?)?),
        "incident_add" => output(app.add_incident(input(args)?)?),
        "case_incidents" => output(app.case_incidents(&text_arg(&args, "case_id")?)?),
        "disclosure_add" => output(app.add_disclosure(input(args)?)?),
        "disclosure_countersign" => {
            output(app.countersign_disclosure(&text_arg(&args, "disclosure_id")?)?)
        }
        "case_disclosures" => output(app.case_disclosures(&text_arg(&args, "case_id")?)?),
        "plan_draft" => output(app.plan_draft(&text_arg(&args, "case_id")?)?),
        "plan_goal_save" => output(app.save_goal(input(args)?)?),
        "plan_action_save" => output(app.save_plan_action(input(args)?)?),
        "plan_item_remove" => {
            output(app.remove_plan_item(&text_arg(&args, "item")?, &text_arg(&args, "id")?)?)
        }
        "plan_agreement" => output(app.record_plan_agreement(input(args)?)?),
        "plan_sign" => output(app.sign_plan(&text_arg(&args, "plan_id")?)?),
        "plan_sign_off" => output(app.sign_off_plan(&text_arg(&args, "plan_id")?)?),
        "plan_action_status" => output(app.set_plan_action_status(input(args)?)?),
        "case_plans" => output(app.case_plans(&text_arg(&args, "case_id")?)?),
        "plan_compare" => {
            let number = |name: &'static str| {
                args.get(name)
                    .and_then(Value::as_i64)
                    .ok_or(ApiError::InvalidInput {
                        field: name,
                        reason: "is required",
                    })
            };
            output(app.compare_plans(
                &text_arg(&args, "case_id")?,
                number("from")?,
                number("to")?,
            )?)
        }
        "review_start" => output(app.start_review(&text_arg(&args, "case_id")?)?),
        "review_save" => output(app.save_review(input(args)?)?),
        "review_sign" => {
            let reason = args
                .get("reason")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            output(app.sign_review(&text_arg(&args, "review_id")?, &reason)?)
        }
        "case_reviews" => output(app.case_reviews(&text_arg(&args, "case_id")?)?),
        "reviews_due" => output(app.reviews_due()?),
        "agreement_draft" => output(app.agreement_draft(&text_arg(&args, "case_id")?)?),
        "agreement_save" => output(app.save_agreement(input(args)?)?),
        "agreement_goal_save" => output(app.save_agreement_goal(input(args)?)?),
        "agreement_member_add" => output(app.add_agreement_member(input(args)?)?),
        "agreement_acknowledge" => output(app.acknowledge_agreement(input(args)?)?),
        "agreement_revise" => output(app.revise_agreement(input(args)?)?),
        "case_agreements" => output(app.case_agreements(&text_arg(&args, "case_id")?)?),
        "revisions_due" => output(app.revisions_due()?),
        "home" => output(app.home()?),
        "report_preview" => {
            let never = std::sync::atomic::AtomicBool::new(false);
            let mut ignore = |_| {};
            let request: super::reports::ReportRequest = input(args)?;
            output(app.report_preview(
                &request,
                &mut super::progress::Progress::new(&mut ignore, &never),
            )?)
        }
        "report_export" => {
            let never = std::sync::atomic::AtomicBool::new(false);
            let mut ignore = |_| {};
            output(app.report_export(
                input(args)?,
                &mut super::progress::Progress::new(&mut ignore, &never),
            )?)
        }
        "report_exports" => output(app.report_exports()?),
        "backup_list" => output(app.backup_list()?),
        "backup_targets" => output(app.backup_targets()?),
        "backup_create" => {
            let never = std::sync::atomic::AtomicBool::new(false);
            let mut ignore = |_| {};
            output(app.backup_create(
                input(args)?,
                &mut super::progress::Progress::new(&mut ignore, &never),
            )?)
        }
        "backup_verify" => output(app.backup_verify(input(args)?)?),
        "backup_newest_good" => output(app.backup_newest_good(input(args)?)?),
        "backup_restore" => {
            let never = std::sync::atomic::AtomicBool::new(false);
            let mut ignore = |_| {};
            output(app.backup_restore(
                input(args)?,
                &mut super::progress::Progress::new(&mut ignore, &never),
            )?)
        }
        _ => Err(ApiError::NotFound { entity: "method" }),
    }
}
