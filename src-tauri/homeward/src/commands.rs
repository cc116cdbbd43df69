//! The window's commands. Each one hands its input to one `api::App` method
//! on a blocking thread (never the main thread, which would freeze
//! WebKitGTK) and returns that method's view or its `ApiError` unchanged.
//! No rule, no SQL and no formatting of domain data lives here.

use std::sync::{Arc, Mutex, PoisonError};

use homeward_core::api::dto::{
    CreateVaultInput, SessionView, StatusView, UnlockInput, VaultCreatedView,
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

/// The canary of the permission system: registered in the invoke handler
/// and listed in build.rs, but deliberately NOT granted by
/// `capabilities/main.json`. The end-to-end suite calls it from the page and
/// expects a refusal; if it ever answers, capabilities are not enforced.
#[tauri::command]
pub async fn acl_probe() -> Result<&'static str, ApiError> {
    Ok("acl_probe answered: the capability is not being enforced")
}
