//! The window's commands. Each one that touches the vault hands its input
//! to one `api::App` method through [`VaultState`] (on a blocking thread,
//! never the main thread, which would freeze WebKitGTK) and returns that
//! method's view or its `ApiError` unchanged; long ones stream their steps
//! through a `Channel`. A few never touch the vault: `ping`,
//! `cancel_operation`, `session_watch`, `instance_raise`, `app_quit` and
//! `ui_drawn` (the start-up probe).
//! No rule, no SQL and no formatting of domain data lives here.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use homeward_core::api::app::Language;
use homeward_core::api::assessments::{
    AssessmentInput, AssessmentView, AssessmentsView, SpecialistInput,
};
use homeward_core::api::backups::{
    BackupCheckView, BackupCreateInput, BackupKeyInput, BackupListView, BackupTargetView,
    BackupView, RestoreInput, RestoredView,
};
use homeward_core::api::cases::{
    CaseInput, CaseListQuery, CasePage, CaseView, DistrictView, UpdateCaseInput,
};
use homeward_core::api::casework::{
    ActionInput, ContactInput, DisclosureInput, IncidentInput, ReferralInput, ReferralStatusInput,
    ReferralsView,
};
use homeward_core::api::check::VaultCheckView;
use homeward_core::api::dto::{
    AddUserInput, ChangePassphraseInput, CreateVaultInput, DeactivateUserInput, DraftInput,
    DraftSummary, ReassignedView, SessionView, StatusView, UnlockInput, UserView, VaultCreatedView,
};
use homeward_core::api::home::HomeView;
use homeward_core::api::intake::{
    ConsentInput, GateView, IntakeView, LegalBasisInput, SafetyScreenInput, TransitionInput,
};
use homeward_core::api::mentoring::{
    AcknowledgeInput, AgreementGoalInput, AgreementInput, AgreementView, MemberInput,
    RevisionDueView, RevisionInput,
};
use homeward_core::api::plans::{
    ActionInput as PlanActionInput, ActionStatusInput, AgreementInput as PlanAgreementInput,
    CompareView, DueView, GoalInput, PlanView, ReviewInput,
};
use homeward_core::api::progress::ProgressEvent;
use homeward_core::api::reports::{
    ExportInput, ExportSummaryView, ExportView, ReportRequest, ReportView,
};
use homeward_core::api::services::{
    ImportSummary, OrganisationInput, ServiceInput, ServiceQuery, ServiceView,
};
use homeward_core::api::ApiError;
use homeward_core::store::services::Organisation;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use crate::raise;
use crate::state::{LockNotice, LockedView, VaultState};

/// The languages the catalogs offer, for the language control. It needs no
/// vault, so it answers even when the vault could not be opened (in use by
/// another window, damaged), where every vault command answers that error.
#[tauri::command]
pub async fn languages() -> Vec<Language> {
    homeward_core::api::app::languages()
}

#[tauri::command]
pub async fn app_status(vault: State<'_, VaultState>) -> Result<StatusView, ApiError> {
    vault.run(|app| Ok(app.status())).await
}

#[tauri::command]
pub async fn vault_create(
    vault: State<'_, VaultState>,
    input: CreateVaultInput,
) -> Result<VaultCreatedView, ApiError> {
    let created = vault.run(move |app| app.create_vault(input)).await;
    if created.is_ok() {
        // The new vault is left open: its session starts now.
        vault.note_activity();
    }
    created
}

/// Unlocks, sending each step to `on_progress`; `cancel_operation` stops it.
#[tauri::command]
pub async fn vault_unlock(
    vault: State<'_, VaultState>,
    input: UnlockInput,
    on_progress: Channel<ProgressEvent>,
) -> Result<SessionView, ApiError> {
    let unlocked = vault
        .run_long(on_progress, move |app, progress| {
            app.unlock_with_progress(input, progress)
        })
        .await;
    if unlocked.is_ok() {
        vault.note_activity();
    }
    unlocked
}

/// Locks at once (a running operation is cancelled first), keeping `draft`,
/// what the page was editing, when it brings one.
#[tauri::command]
pub async fn vault_lock(
    vault: State<'_, VaultState>,
    draft: Option<DraftInput>,
) -> Result<LockedView, ApiError> {
    vault.lock(draft).await
}

/// Raises the cancel flag of the running long operation; it gives up at
/// its next step and leaves the vault as it was.
#[tauri::command]
pub fn cancel_operation(vault: State<'_, VaultState>) {
    vault.cancel();
}

/// Checks the whole vault (administrators, supervisors), with progress.
#[tauri::command]
pub async fn vault_check(
    vault: State<'_, VaultState>,
    on_progress: Channel<ProgressEvent>,
) -> Result<VaultCheckView, ApiError> {
    vault
        .run_long(on_progress, |app, progress| app.check_vault(progress))
        .await
}

/// Answers without touching the vault. Deliberately synchronous, so it runs
/// on the main thread: an answer while a long operation runs shows that
/// the main thread (the one WebKitGTK needs) is free.
#[tauri::command]
pub fn ping() -> &'static str {
    "pong"
}

/// The window's page zoom, which the page asks for on Ctrl+= / Ctrl+- /
/// Ctrl+0 and again on each page it loads: WebKit's zoom, so text and
/// boxes grow and the page reflows into a narrower width. The limits table
/// holds `percent` to 50..=300 before this runs. No vault is touched.
#[tauri::command]
pub fn ui_zoom(webview: tauri::Webview, percent: u16) -> Result<(), ApiError> {
    webview
        .set_zoom(f64::from(percent) / 100.0)
        .map_err(|_| ApiError::NotFound { entity: "window" })
}

/// The page tells the core the user did something (keys, pointer).
#[tauri::command]
pub async fn activity(vault: State<'_, VaultState>) -> Result<(), ApiError> {
    vault.note_activity();
    vault.run(|app| app.touch()).await
}

/// The page shown now asks to be told when the vault locks by itself.
#[tauri::command]
pub fn session_watch(vault: State<'_, VaultState>, on_lock: Channel<LockNotice>) {
    vault.watch(on_lock);
}

/// Sets the idle time before the vault locks (administrators).
#[tauri::command]
pub async fn idle_lock_set(vault: State<'_, VaultState>, seconds: u32) -> Result<u32, ApiError> {
    vault.run(move |app| app.set_idle_seconds(seconds)).await
}

#[tauri::command]
pub async fn draft_save(
    vault: State<'_, VaultState>,
    input: DraftInput,
) -> Result<DraftSummary, ApiError> {
    vault.run(move |app| app.save_draft(input)).await
}

#[tauri::command]
pub async fn draft_list(vault: State<'_, VaultState>) -> Result<Vec<DraftSummary>, ApiError> {
    vault.run(|app| app.list_drafts()).await
}

#[tauri::command]
pub async fn draft_get(
    vault: State<'_, VaultState>,
    form: String,
) -> Result<serde_json::Value, ApiError> {
    vault.run(move |app| app.get_draft(&form)).await
}

#[tauri::command]
pub async fn draft_discard(vault: State<'_, VaultState>, form: String) -> Result<(), ApiError> {
    vault.run(move |app| app.discard_draft(&form)).await
}

/// Brings forward the window that holds this vault (asked by a second
/// launch), then this second window quits. `not_found` when nothing answers
/// (the vault is held by the command line, not a window).
#[tauri::command]
pub async fn instance_raise(
    handle: AppHandle,
    vault: State<'_, VaultState>,
) -> Result<(), ApiError> {
    let dir = vault.dir().to_owned();
    let asked = tauri::async_runtime::spawn_blocking(move || raise::ask_to_raise(&dir)).await;
    match asked {
        Ok(Ok(())) => {
            handle.exit(0);
            Ok(())
        }
        _ => Err(ApiError::NotFound { entity: "window" }),
    }
}

/// Quits this window's process (offered on the "already open" page).
#[tauri::command]
pub fn app_quit(handle: AppHandle) {
    handle.exit(0);
}

/// The start-up probe, for `scripts/bench-app.sh`: the unlock page calls
/// this once its form is painted. With `HOMEWARD_STARTUP_PROBE=1` the first
/// call prints `homeward-startup drawn_unix_ms=<epoch ms>` on stdout and
/// quits; otherwise it does nothing.
#[tauri::command]
pub fn ui_drawn(handle: AppHandle) {
    static PRINTED: AtomicBool = AtomicBool::new(false);
    if std::env::var_os("HOMEWARD_STARTUP_PROBE").is_none_or(|value| value != "1")
        || PRINTED.swap(true, Ordering::SeqCst)
    {
        return;
    }
    let drawn = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis());
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "homeward-startup drawn_unix_ms={drawn}");
    let _ = out.flush();
    drop(out);
    handle.exit(0);
}

#[tauri::command]
pub async fn user_add(
    vault: State<'_, VaultState>,
    input: AddUserInput,
) -> Result<UserView, ApiError> {
    vault.run(move |app| app.add_user(input)).await
}

#[tauri::command]
pub async fn user_list(vault: State<'_, VaultState>) -> Result<Vec<UserView>, ApiError> {
    vault.run(|app| app.list_users()).await
}

/// Case workers and mentors the reader may choose for a case.
#[tauri::command]
pub async fn user_colleagues(vault: State<'_, VaultState>) -> Result<Vec<UserView>, ApiError> {
    vault.run(|app| app.list_colleagues()).await
}

#[tauri::command]
pub async fn user_deactivate(
    vault: State<'_, VaultState>,
    input: DeactivateUserInput,
) -> Result<ReassignedView, ApiError> {
    vault.run(move |app| app.deactivate_user(input)).await
}

#[tauri::command]
pub async fn passphrase_change(
    vault: State<'_, VaultState>,
    input: ChangePassphraseInput,
) -> Result<(), ApiError> {
    vault.run(move |app| app.change_passphrase(input)).await
}

#[tauri::command]
pub async fn district_add(
    vault: State<'_, VaultState>,
    province: String,
    name: String,
) -> Result<DistrictView, ApiError> {
    vault
        .run(move |app| app.add_district(&province, &name))
        .await
}

#[tauri::command]
pub async fn district_import(vault: State<'_, VaultState>, csv: String) -> Result<usize, ApiError> {
    vault.run(move |app| app.import_districts(&csv)).await
}

#[tauri::command]
pub async fn district_list(vault: State<'_, VaultState>) -> Result<Vec<DistrictView>, ApiError> {
    vault.run(|app| app.list_districts()).await
}

#[tauri::command]
pub async fn case_register(
    vault: State<'_, VaultState>,
    input: CaseInput,
) -> Result<CaseView, ApiError> {
    vault.run(move |app| app.register_case(input)).await
}

#[tauri::command]
pub async fn case_update(
    vault: State<'_, VaultState>,
    input: UpdateCaseInput,
) -> Result<CaseView, ApiError> {
    vault.run(move |app| app.update_case(input)).await
}

#[tauri::command]
pub async fn case_open(vault: State<'_, VaultState>, id: String) -> Result<CaseView, ApiError> {
    vault.run(move |app| app.open_case(&id)).await
}

#[tauri::command]
pub async fn case_list(
    vault: State<'_, VaultState>,
    query: CaseListQuery,
) -> Result<CasePage, ApiError> {
    vault.run(move |app| app.list_cases(&query)).await
}

#[tauri::command]
pub async fn case_search(
    vault: State<'_, VaultState>,
    query: String,
) -> Result<Vec<CaseView>, ApiError> {
    vault.run(move |app| app.search_cases(&query)).await
}

/// Records one consent (or a child's assent) for one purpose.
#[tauri::command]
pub async fn consent_record(
    vault: State<'_, VaultState>,
    input: ConsentInput,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    vault.run(move |app| app.record_consent(input)).await
}

/// Withdraws a consent from the day `on` (today when empty); at once.
#[tauri::command]
pub async fn consent_withdraw(
    vault: State<'_, VaultState>,
    consent_id: String,
    on: Option<String>,
) -> Result<(), ApiError> {
    vault
        .run(move |app| app.withdraw_consent(&consent_id, on.as_deref().unwrap_or("")))
        .await
}

#[tauri::command]
pub async fn legal_basis_record(
    vault: State<'_, VaultState>,
    input: LegalBasisInput,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    vault.run(move |app| app.record_legal_basis(input)).await
}

/// A supervisor of the case's district countersigns a legal basis.
#[tauri::command]
pub async fn legal_basis_countersign(
    vault: State<'_, VaultState>,
    legal_basis_id: String,
) -> Result<(), ApiError> {
    vault
        .run(move |app| app.countersign_legal_basis(&legal_basis_id))
        .await
}

#[tauri::command]
pub async fn safety_screen_record(
    vault: State<'_, VaultState>,
    input: SafetyScreenInput,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    vault.run(move |app| app.record_safety_screen(input)).await
}

/// Consents, legal bases and safety screens of a case, as the reader may see them.
#[tauri::command]
pub async fn case_intake(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<IntakeView, ApiError> {
    vault.run(move |app| app.case_intake(&case_id)).await
}

/// The case's phase and what its next gate still lacks.
#[tauri::command]
pub async fn case_gate(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<GateView, ApiError> {
    vault.run(move |app| app.case_gate(&case_id)).await
}

#[tauri::command]
pub async fn case_transition(
    vault: State<'_, VaultState>,
    input: TransitionInput,
) -> Result<GateView, ApiError> {
    vault.run(move |app| app.transition_case(input)).await
}

/// Starts (or returns the open draft of) an assessment, pre-filled from the last one.
#[tauri::command]
pub async fn assessment_start(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<AssessmentView, ApiError> {
    vault.run(move |app| app.start_assessment(&case_id)).await
}

#[tauri::command]
pub async fn assessment_save(
    vault: State<'_, VaultState>,
    input: AssessmentInput,
) -> Result<AssessmentView, ApiError> {
    vault.run(move |app| app.save_assessment(input)).await
}

#[tauri::command]
pub async fn assessment_sign_off(
    vault: State<'_, VaultState>,
    assessment_id: String,
) -> Result<AssessmentView, ApiError> {
    vault
        .run(move |app| app.sign_off_assessment(&assessment_id))
        .await
}

/// A correction of a signed-off assessment: a new draft version.
#[tauri::command]
pub async fn assessment_correct(
    vault: State<'_, VaultState>,
    assessment_id: String,
) -> Result<AssessmentView, ApiError> {
    vault
        .run(move |app| app.correct_assessment(&assessment_id))
        .await
}

#[tauri::command]
pub async fn specialist_record(
    vault: State<'_, VaultState>,
    input: SpecialistInput,
) -> Result<(), ApiError> {
    vault.run(move |app| app.record_specialist(input)).await
}

/// Every assessment of a case (the chart's data) and specialist references.
#[tauri::command]
pub async fn case_assessments(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<AssessmentsView, ApiError> {
    vault.run(move |app| app.case_assessments(&case_id)).await
}

/// A case's records as the reader may see them (rows of the read filter).
type Rows = Vec<serde_json::Map<String, serde_json::Value>>;
type Row = serde_json::Map<String, serde_json::Value>;

/// Adds or updates an organisation of a district's service map.
#[tauri::command]
pub async fn organisation_save(
    vault: State<'_, VaultState>,
    input: OrganisationInput,
) -> Result<Organisation, ApiError> {
    vault.run(move |app| app.save_organisation(input)).await
}

#[tauri::command]
pub async fn organisation_list(
    vault: State<'_, VaultState>,
    district: Option<String>,
) -> Result<Vec<Organisation>, ApiError> {
    vault
        .run(move |app| app.list_organisations(district.as_deref()))
        .await
}

/// Adds or updates a service with its risks of access.
#[tauri::command]
pub async fn service_save(
    vault: State<'_, VaultState>,
    input: ServiceInput,
) -> Result<ServiceView, ApiError> {
    vault.run(move |app| app.save_service(input)).await
}

#[tauri::command]
pub async fn service_get(
    vault: State<'_, VaultState>,
    id: String,
) -> Result<ServiceView, ApiError> {
    vault.run(move |app| app.service(&id)).await
}

/// Marks a service checked today.
#[tauri::command]
pub async fn service_verify(
    vault: State<'_, VaultState>,
    id: String,
) -> Result<ServiceView, ApiError> {
    vault.run(move |app| app.verify_service(&id)).await
}

/// Services by district, domain, language, female staff, child-friendliness.
#[tauri::command]
pub async fn service_find(
    vault: State<'_, VaultState>,
    query: ServiceQuery,
) -> Result<Vec<ServiceView>, ApiError> {
    vault.run(move |app| app.find_services(&query)).await
}

/// The map (or one district's) as CSV text, for the page to save.
#[tauri::command]
pub async fn service_export(
    vault: State<'_, VaultState>,
    district: Option<String>,
) -> Result<String, ApiError> {
    vault
        .run(move |app| app.export_services(district.as_deref()))
        .await
}

/// Imports a shared map from CSV text: all of it, or nothing.
#[tauri::command]
pub async fn service_import(
    vault: State<'_, VaultState>,
    csv: String,
) -> Result<ImportSummary, ApiError> {
    vault.run(move |app| app.import_services(&csv)).await
}

/// Refers a domain scored 3 or 4 to a service on a consent or legal basis.
#[tauri::command]
pub async fn referral_add(
    vault: State<'_, VaultState>,
    input: ReferralInput,
) -> Result<Row, ApiError> {
    vault.run(move |app| app.add_referral(input)).await
}

#[tauri::command]
pub async fn referral_status(
    vault: State<'_, VaultState>,
    input: ReferralStatusInput,
) -> Result<Row, ApiError> {
    vault.run(move |app| app.set_referral_status(input)).await
}

/// Referrals, their history and the planned actions of a case.
#[tauri::command]
pub async fn case_referrals(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<ReferralsView, ApiError> {
    vault.run(move |app| app.case_referrals(&case_id)).await
}

#[tauri::command]
pub async fn action_add(vault: State<'_, VaultState>, input: ActionInput) -> Result<Row, ApiError> {
    vault.run(move |app| app.add_action(input)).await
}

#[tauri::command]
pub async fn action_status(
    vault: State<'_, VaultState>,
    action_id: String,
    status: String,
) -> Result<(), ApiError> {
    vault
        .run(move |app| app.set_action_status(&action_id, &status))
        .await
}

#[tauri::command]
pub async fn contact_add(
    vault: State<'_, VaultState>,
    input: ContactInput,
) -> Result<Row, ApiError> {
    vault.run(move |app| app.add_contact(input)).await
}

#[tauri::command]
pub async fn case_contacts(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<Rows, ApiError> {
    vault.run(move |app| app.case_contacts(&case_id)).await
}

#[tauri::command]
pub async fn incident_add(
    vault: State<'_, VaultState>,
    input: IncidentInput,
) -> Result<Row, ApiError> {
    vault.run(move |app| app.add_incident(input)).await
}

#[tauri::command]
pub async fn case_incidents(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<Rows, ApiError> {
    vault.run(move |app| app.case_incidents(&case_id)).await
}

#[tauri::command]
pub async fn disclosure_add(
    vault: State<'_, VaultState>,
    input: DisclosureInput,
) -> Result<Row, ApiError> {
    vault.run(move |app| app.add_disclosure(input)).await
}

/// A supervisor countersigns a disclosure to police or a security body.
#[tauri::command]
pub async fn disclosure_countersign(
    vault: State<'_, VaultState>,
    disclosure_id: String,
) -> Result<Row, ApiError> {
    vault
        .run(move |app| app.countersign_disclosure(&disclosure_id))
        .await
}

#[tauri::command]
pub async fn case_disclosures(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<Rows, ApiError> {
    vault.run(move |app| app.case_disclosures(&case_id)).await
}

/// The case's draft plan (a new version copied from the last).
#[tauri::command]
pub async fn plan_draft(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<PlanView, ApiError> {
    vault.run(move |app| app.plan_draft(&case_id)).await
}

/// Adds or edits a goal of a draft plan.
#[tauri::command]
pub async fn plan_goal_save(
    vault: State<'_, VaultState>,
    input: GoalInput,
) -> Result<PlanView, ApiError> {
    vault.run(move |app| app.save_goal(input)).await
}

/// Adds or edits an action of a draft plan.
#[tauri::command]
pub async fn plan_action_save(
    vault: State<'_, VaultState>,
    input: PlanActionInput,
) -> Result<PlanView, ApiError> {
    vault.run(move |app| app.save_plan_action(input)).await
}

/// Removes a goal (with its actions) or an action from a draft.
#[tauri::command]
pub async fn plan_item_remove(
    vault: State<'_, VaultState>,
    item: String,
    id: String,
) -> Result<PlanView, ApiError> {
    vault.run(move |app| app.remove_plan_item(&item, &id)).await
}

/// The participant's answer to a draft (and a child's and guardian's views).
#[tauri::command]
pub async fn plan_agreement(
    vault: State<'_, VaultState>,
    input: PlanAgreementInput,
) -> Result<PlanView, ApiError> {
    vault.run(move |app| app.record_plan_agreement(input)).await
}

/// The case worker signs a complete, agreed draft.
#[tauri::command]
pub async fn plan_sign(
    vault: State<'_, VaultState>,
    plan_id: String,
) -> Result<PlanView, ApiError> {
    vault.run(move |app| app.sign_plan(&plan_id)).await
}

/// A supervisor signs a draft off; it becomes the active version.
#[tauri::command]
pub async fn plan_sign_off(
    vault: State<'_, VaultState>,
    plan_id: String,
) -> Result<PlanView, ApiError> {
    vault.run(move |app| app.sign_off_plan(&plan_id)).await
}

/// Moves an action of the active plan.
#[tauri::command]
pub async fn plan_action_status(
    vault: State<'_, VaultState>,
    input: ActionStatusInput,
) -> Result<PlanView, ApiError> {
    vault
        .run(move |app| app.set_plan_action_status(input))
        .await
}

/// Every plan version of a case.
#[tauri::command]
pub async fn case_plans(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<Vec<PlanView>, ApiError> {
    vault.run(move |app| app.case_plans(&case_id)).await
}

/// Goals and actions added, changed and dropped between two versions.
#[tauri::command]
pub async fn plan_compare(
    vault: State<'_, VaultState>,
    case_id: String,
    from: i64,
    to: i64,
) -> Result<CompareView, ApiError> {
    vault
        .run(move |app| app.compare_plans(&case_id, from, to))
        .await
}

/// Opens the three-monthly review of a case.
#[tauri::command]
pub async fn review_start(vault: State<'_, VaultState>, case_id: String) -> Result<Row, ApiError> {
    vault.run(move |app| app.start_review(&case_id)).await
}

/// Saves the review's date, feedback, family re-check and decision.
#[tauri::command]
pub async fn review_save(
    vault: State<'_, VaultState>,
    input: ReviewInput,
) -> Result<Row, ApiError> {
    vault.run(move |app| app.save_review(input)).await
}

/// Signs a review; a closing decision needs a supervisor and a reason.
#[tauri::command]
pub async fn review_sign(
    vault: State<'_, VaultState>,
    review_id: String,
    reason: Option<String>,
) -> Result<Row, ApiError> {
    vault
        .run(move |app| app.sign_review(&review_id, reason.as_deref().unwrap_or("")))
        .await
}

/// Every review of a case.
#[tauri::command]
pub async fn case_reviews(vault: State<'_, VaultState>, case_id: String) -> Result<Rows, ApiError> {
    vault.run(move |app| app.case_reviews(&case_id)).await
}

/// Reviews due within 14 days and overdue among the reader's cases.
#[tauri::command]
pub async fn reviews_due(vault: State<'_, VaultState>) -> Result<Vec<DueView>, ApiError> {
    vault.run(move |app| app.reviews_due()).await
}

/// The case's draft mentoring agreement.
#[tauri::command]
pub async fn agreement_draft(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<AgreementView, ApiError> {
    vault.run(move |app| app.agreement_draft(&case_id)).await
}

/// Sets a draft agreement's start, focus, meetings, venue and safety note.
#[tauri::command]
pub async fn agreement_save(
    vault: State<'_, VaultState>,
    input: AgreementInput,
) -> Result<AgreementView, ApiError> {
    vault.run(move |app| app.save_agreement(input)).await
}

/// Adds or edits a goal of a draft agreement.
#[tauri::command]
pub async fn agreement_goal_save(
    vault: State<'_, VaultState>,
    input: AgreementGoalInput,
) -> Result<AgreementView, ApiError> {
    vault.run(move |app| app.save_agreement_goal(input)).await
}

/// Adds a family or network member (not positive: a supervisor's override).
#[tauri::command]
pub async fn agreement_member_add(
    vault: State<'_, VaultState>,
    input: MemberInput,
) -> Result<AgreementView, ApiError> {
    vault.run(move |app| app.add_agreement_member(input)).await
}

/// One party acknowledges a draft agreement.
#[tauri::command]
pub async fn agreement_acknowledge(
    vault: State<'_, VaultState>,
    input: AcknowledgeInput,
) -> Result<AgreementView, ApiError> {
    vault.run(move |app| app.acknowledge_agreement(input)).await
}

/// The three-monthly revision of the acknowledged agreement.
#[tauri::command]
pub async fn agreement_revise(
    vault: State<'_, VaultState>,
    input: RevisionInput,
) -> Result<AgreementView, ApiError> {
    vault.run(move |app| app.revise_agreement(input)).await
}

/// Every mentoring agreement version of a case.
#[tauri::command]
pub async fn case_agreements(
    vault: State<'_, VaultState>,
    case_id: String,
) -> Result<Vec<AgreementView>, ApiError> {
    vault.run(move |app| app.case_agreements(&case_id)).await
}

/// Agreement revisions due within 14 days and overdue among the reader's cases.
#[tauri::command]
pub async fn revisions_due(vault: State<'_, VaultState>) -> Result<Vec<RevisionDueView>, ApiError> {
    vault.run(move |app| app.revisions_due()).await
}

/// The reader's home screen: reviews due and overdue, what waits for their
/// signature, overdue plan actions by organisation, revisions due.
#[tauri::command]
pub async fn home(vault: State<'_, VaultState>) -> Result<HomeView, ApiError> {
    vault.run(|app| app.home()).await
}

/// The canary of the permission system: registered in the invoke handler
/// and listed in build.rs, but deliberately NOT granted by
/// `capabilities/main.json`. The end-to-end suite calls it from the page and
/// expects a refusal; if it ever answers, capabilities are not enforced.
#[tauri::command]
pub async fn acl_probe() -> Result<&'static str, ApiError> {
    Ok("acl_probe answered: the capability is not being enforced")
}

/// The report of a period as it would be exported (supervisors), with
/// progress while it is worked out.
#[tauri::command]
pub async fn report_preview(
    vault: State<'_, VaultState>,
    request: ReportRequest,
    on_progress: Channel<ProgressEvent>,
) -> Result<ReportView, ApiError> {
    vault
        .run_long(on_progress, move |app, progress| {
            app.report_preview(&request, progress)
        })
        .await
}

/// Where a report's folder goes: the folder the page names, taken inside
/// the home folder (empty means `Reports` there, made if missing);
/// anything that leaves home is refused.
fn report_folder(given: &str) -> Result<String, ApiError> {
    let refused = ApiError::InvalidInput {
        field: "folder",
        reason: "must be a folder inside the home folder",
    };
    let home = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .ok_or(refused.clone())?;
    let given = given.trim();
    let wanted = if given.is_empty() {
        home.join("Reports")
    } else if let Some(rest) = given.strip_prefix("~/") {
        home.join(rest)
    } else {
        home.join(given)
    };
    if given.is_empty() {
        std::fs::create_dir_all(&wanted).map_err(|_| refused.clone())?;
    }
    let real_home = home.canonicalize().map_err(|_| refused.clone())?;
    let real = wanted.canonicalize().map_err(|_| ApiError::InvalidInput {
        field: "folder",
        reason: "must be an existing folder",
    })?;
    if !real.starts_with(&real_home) || !real.is_dir() {
        return Err(refused);
    }
    Ok(real.to_string_lossy().into_owned())
}

/// Writes a period's report once a second person approves it.
#[tauri::command]
pub async fn report_export(
    vault: State<'_, VaultState>,
    mut input: ExportInput,
    on_progress: Channel<ProgressEvent>,
) -> Result<ExportView, ApiError> {
    input.folder = report_folder(&input.folder)?;
    vault
        .run_long(on_progress, move |app, progress| {
            app.report_export(input, progress)
        })
        .await
}

/// Earlier exports, newest first.
#[tauri::command]
pub async fn report_exports(
    vault: State<'_, VaultState>,
) -> Result<Vec<ExportSummaryView>, ApiError> {
    vault.run(|app| app.report_exports()).await
}

/// The backups in the vault's `backups` folder, newest first (works locked).
#[tauri::command]
pub async fn backup_list(vault: State<'_, VaultState>) -> Result<BackupListView, ApiError> {
    vault.run(|app| app.backup_list()).await
}

/// Where "back up to…" may write: mounted USB drives and `~/Backups`.
#[tauri::command]
pub async fn backup_targets(
    vault: State<'_, VaultState>,
) -> Result<Vec<BackupTargetView>, ApiError> {
    vault.run(|app| app.backup_targets()).await
}

/// The folder a backup goes to, as a full path: `~` and `~/…` are the home
/// folder; `~/Backups`, offered by `backup_targets`, is made when missing.
fn backup_folder(given: &str) -> String {
    let given = given.trim();
    let Some(home) = std::env::var_os("HOME").map(std::path::PathBuf::from) else {
        return given.to_owned();
    };
    let folder = match given {
        "~" => home.clone(),
        _ => match given.strip_prefix("~/") {
            Some(rest) => home.join(rest),
            None => std::path::PathBuf::from(given),
        },
    };
    if folder == home.join("Backups") && !folder.exists() {
        let _ = std::fs::create_dir(&folder);
    }
    folder.to_string_lossy().into_owned()
}

/// "Back up to…" (administrators), the bar counting bytes; Cancel leaves nothing.
#[tauri::command]
pub async fn backup_create(
    vault: State<'_, VaultState>,
    mut input: BackupCreateInput,
    on_progress: Channel<ProgressEvent>,
) -> Result<BackupView, ApiError> {
    input.folder = backup_folder(&input.folder);
    vault
        .run_long(on_progress, move |app, progress| {
            app.backup_create(input, progress)
        })
        .await
}

/// Checks a backup file without installing anything (locked or not).
#[tauri::command]
pub async fn backup_verify(
    vault: State<'_, VaultState>,
    input: BackupKeyInput,
) -> Result<BackupCheckView, ApiError> {
    vault.run(move |app| app.backup_verify(input)).await
}

/// The newest automatic backup of this vault that passes every check.
#[tauri::command]
pub async fn backup_newest_good(
    vault: State<'_, VaultState>,
    input: BackupKeyInput,
) -> Result<Option<BackupCheckView>, ApiError> {
    vault.run(move |app| app.backup_newest_good(input)).await
}

/// Restores a backup while locked, with progress; another vault's or an
/// older backup needs `confirm`.
#[tauri::command]
pub async fn backup_restore(
    vault: State<'_, VaultState>,
    input: RestoreInput,
    on_progress: Channel<ProgressEvent>,
) -> Result<RestoredView, ApiError> {
    vault
        .run_long(on_progress, move |app, progress| {
            app.backup_restore(input, progress)
        })
        .await
}
