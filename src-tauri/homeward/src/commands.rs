//! The window's commands. Each one hands its input to one `api::App` method
//! on a blocking thread (never the main thread, which would freeze
//! WebKitGTK) and returns that method's view or its `ApiError` unchanged.
//! No rule, no SQL and no formatting of domain data lives here.

use std::sync::{Arc, Mutex, PoisonError};

use homeward_core::api::cases::{
    CaseInput, CaseListQuery, CasePage, CaseView, DistrictView, UpdateCaseInput,
};
use homeward_core::api::dto::{
    AddUserInput, ChangePassphraseInput, CreateVaultInput, DeactivateUserInput, ReassignedView,
    SessionView, StatusView, UnlockInput, UserView, VaultCreatedView,
};
use homeward_core::api::{ApiError, App};
use tauri::State;

/// The process's one vault, opened once at start. When the opening failed
/// (another process holds the vault: `vault_in_use`), the error is kept and
/// every command answers it, so the page can say so.
pub struct VaultState(Arc<Mutex<Result<App, ApiError>>>);

impl VaultState {
    pub fn new(opened: Result<App, ApiError>) -> Self {
        Self(Arc::new(Mutex::new(opened)))
    }

    /// Runs `work` on the vault on a blocking thread, holding the lock.
    async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut App) -> Result<T, ApiError> + Send + 'static,
    {
        let shared = Arc::clone(&self.0);
        let task = tauri::async_runtime::spawn_blocking(move || {
            let mut opened = shared.lock().unwrap_or_else(PoisonError::into_inner);
            match opened.as_mut() {
                Ok(app) => work(app),
                Err(error) => Err(error.clone()),
            }
        });
        task.await.unwrap_or_else(|_| {
            Err(ApiError::Storage {
                detail: "the command stopped before it finished".to_owned(),
            })
        })
    }

    /// Locks the vault when the app exits, on the calling thread.
    pub fn lock_on_exit(&self) {
        let mut opened = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Ok(app) = opened.as_mut() {
            let _ = app.lock();
        }
    }
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
    vault.run(move |app| app.create_vault(input)).await
}

#[tauri::command]
pub async fn vault_unlock(
    vault: State<'_, VaultState>,
    input: UnlockInput,
) -> Result<SessionView, ApiError> {
    vault.run(move |app| app.unlock(input)).await
}

#[tauri::command]
pub async fn vault_lock(vault: State<'_, VaultState>) -> Result<(), ApiError> {
    vault.run(|app| app.lock()).await
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

/// The canary of the permission system: registered in the invoke handler
/// and listed in build.rs, but deliberately NOT granted by
/// `capabilities/main.json`. The end-to-end suite calls it from the page and
/// expects a refusal; if it ever answers, capabilities are not enforced.
#[tauri::command]
pub async fn acl_probe() -> Result<&'static str, ApiError> {
    Ok("acl_probe answered: the capability is not being enforced")
}
