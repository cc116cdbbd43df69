//! Inputs and views crossing the api boundary, as JSON. Serde lives here
//! and nowhere deeper. Secret inputs are wiped when dropped.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::store::audit::ChainBreak;

#[derive(Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct CreateVaultInput {
    pub username: String,
    pub passphrase: String,
}

#[derive(Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct UnlockInput {
    pub username: String,
    pub passphrase: String,
}

#[derive(Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct AddUserInput {
    pub username: String,
    pub role: String,
    #[serde(default)]
    pub districts: Vec<String>,
    pub passphrase: String,
}

#[derive(Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct ChangePassphraseInput {
    pub current: String,
    pub new: String,
}

#[derive(Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
pub struct RecoverInput {
    pub recovery_key: String,
    pub username: String,
    pub new_passphrase: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserView {
    pub id: String,
    pub username: String,
    pub role: String,
    pub active: bool,
    pub districts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionView {
    pub user: UserView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusView {
    pub vault_exists: bool,
    pub unlocked: bool,
    pub user: Option<UserView>,
    /// Seconds of inactivity before the vault locks (known once unlocked).
    pub idle_lock_seconds: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftInput {
    pub form: String,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftSummary {
    pub form: String,
    pub updated_at: String,
}

/// What creating a vault returns: the recovery key, shown once.
#[derive(Serialize, Zeroize, ZeroizeOnDrop)]
pub struct VaultCreatedView {
    pub recovery_key: String,
    #[zeroize(skip)]
    pub session: SessionView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerifyView {
    pub intact: bool,
    pub events: i64,
    pub head_seq: Option<i64>,
    pub sidecar_head_seq: Option<i64>,
    pub first_break: Option<ChainBreak>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeactivateUserInput {
    pub username: String,
    /// Who takes over the user's open cases and mentees; required when
    /// there are any. Must have the same role.
    #[serde(default)]
    pub successor: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReassignInput {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReassignedView {
    pub user: UserView,
    pub cases_moved: usize,
}
