//! The session's life beyond unlock and lock: activity and the idle lock
//! (on the wall clock), the idle-time setting, and drafts of forms being
//! edited, kept encrypted in the vault and readable only by their author.

use super::app::App;
use super::dto::{DraftInput, DraftSummary};
use super::error::ApiError;
use crate::domain::idle::{should_lock, valid_idle_seconds, DEFAULT_IDLE_SECONDS};
use crate::domain::role::Role;
use crate::store::drafts;
use crate::store::vault::Vault;

const IDLE_SETTING: &str = "idle_lock_seconds";
/// The largest draft kept, in bytes of JSON.
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;

/// The vault's idle time, or the default when unset or unreadable.
pub(crate) fn idle_seconds(vault: &Vault) -> u32 {
    vault
        .conn()
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [IDLE_SETTING],
            |r| r.get::<_, String>(0),
        )
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|s| valid_idle_seconds(*s))
        .unwrap_or(DEFAULT_IDLE_SECONDS)
}

fn check_form_key(form: &str) -> Result<(), ApiError> {
    let ok = !form.is_empty()
        && form.len() <= 100
        && form
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::InvalidInput {
            field: "form",
            reason: "must be 1 to 100 letters, digits, ':', '-', '_' or '.'",
        })
    }
}

impl App {
    /// Records that the user did something now.
    pub fn touch(&mut self) -> Result<(), ApiError> {
        let now = self.clock.now();
        self.session_mut()?.last_activity = now;
        Ok(())
    }

    /// Locks the vault when the idle time has passed on the wall clock;
    /// true when it locked now.
    pub fn lock_if_idle(&mut self) -> Result<bool, ApiError> {
        let now = self.clock.now();
        let Ok(session) = self.session() else {
            return Ok(false);
        };
        if !should_lock(session.last_activity, now, idle_seconds(&session.vault)) {
            return Ok(false);
        }
        self.lock()?;
        Ok(true)
    }

    /// Sets the idle time for everyone on this vault (administrators).
    pub fn set_idle_seconds(&mut self, seconds: u32) -> Result<u32, ApiError> {
        self.require(Role::manages_users)?;
        if !valid_idle_seconds(seconds) {
            return Err(ApiError::InvalidInput {
                field: "idle_lock_seconds",
                reason: "must be between 5 and 3600 seconds",
            });
        }
        self.write(|w| -> Result<(), ApiError> {
            w.conn()
                .execute(
                    "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    rusqlite::params![IDLE_SETTING, seconds.to_string(), w.stamp.now],
                )
                .map_err(crate::store::StoreError::from)?;
            w.audit("setting_changed", "setting", IDLE_SETTING)?;
            Ok(())
        })?;
        Ok(seconds)
    }

    /// Keeps what is typed in `form` as an encrypted draft of the user's.
    pub fn save_draft(&mut self, input: DraftInput) -> Result<DraftSummary, ApiError> {
        check_form_key(&input.form)?;
        let payload = input.payload.to_string();
        if payload.len() > MAX_DRAFT_BYTES {
            return Err(ApiError::InvalidInput {
                field: "payload",
                reason: "is larger than 256 KiB",
            });
        }
        let updated_at = self.write(|w| -> Result<String, ApiError> {
            let id = drafts::save(w.conn(), &w.stamp, w.actor(), &input.form, &payload)?;
            w.audit("draft_saved", "draft", &id)?;
            Ok(w.stamp.now.clone())
        })?;
        Ok(DraftSummary {
            form: input.form,
            updated_at,
        })
    }

    /// The user's own drafts, newest first.
    pub fn list_drafts(&self) -> Result<Vec<DraftSummary>, ApiError> {
        let session = self.session()?;
        Ok(drafts::list(session.vault.conn(), &session.user.id)?
            .into_iter()
            .map(|(form, updated_at)| DraftSummary { form, updated_at })
            .collect())
    }

    /// The user's own draft of `form`.
    pub fn get_draft(&self, form: &str) -> Result<serde_json::Value, ApiError> {
        check_form_key(form)?;
        let session = self.session()?;
        let text = drafts::get(session.vault.conn(), &session.user.id, form)?
            .ok_or(ApiError::NotFound { entity: "draft" })?;
        serde_json::from_str(&text).map_err(|_| ApiError::Damaged {
            detail: "a draft is not valid JSON",
        })
    }

    /// Drops the user's draft of `form` (after a save, or on request).
    pub fn discard_draft(&mut self, form: &str) -> Result<(), ApiError> {
        check_form_key(form)?;
        self.write(|w| -> Result<(), ApiError> {
            if let Some(id) = drafts::discard(w.conn(), w.actor(), form)? {
                w.audit("draft_discarded", "draft", &id)?;
            }
            Ok(())
        })
    }
}
