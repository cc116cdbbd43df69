//! Build script of the shell: lists every app command so Tauri generates an
//! `allow-<command>` permission for each, and checks the capability file
//! against that list. A command missing here cannot be granted at all; a
//! command listed here but not granted in `capabilities/main.json` is
//! refused at run time (see `acl_probe`, the canary kept for that test).

const APP_COMMANDS: &[&str] = &[
    "app_status",
    "vault_create",
    "vault_unlock",
    "vault_lock",
    "cancel_operation",
    "vault_check",
    "ping",
    "activity",
    "session_watch",
    "idle_lock_set",
    "draft_save",
    "draft_list",
    "draft_get",
    "draft_discard",
    "instance_raise",
    "app_quit",
    "user_add",
    "user_list",
    "user_colleagues",
    "user_deactivate",
    "passphrase_change",
    "district_add",
    "district_import",
    "district_list",
    "case_register",
    "case_update",
    "case_open",
    "case_list",
    "case_search",
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
    "acl_probe",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(APP_COMMANDS);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
