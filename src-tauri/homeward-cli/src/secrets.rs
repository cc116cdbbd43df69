//! Secrets for the CLI: from an environment variable when set, otherwise
//! from a prompt that does not echo. Never from a command-line argument.
//! `HOMEWARD_PASSPHRASE` is the acting user's passphrase;
//! `HOMEWARD_NEW_PASSPHRASE` a passphrase being set; `HOMEWARD_RECOVERY_KEY`
//! the recovery key; `HOMEWARD_APPROVER_PASSPHRASE` a second person's
//! passphrase approving what the acting user drafted.

use homeward_core::api::ApiError;
use zeroize::Zeroizing;

fn from_env_or_prompt(var: &str, prompt: &str) -> Result<Zeroizing<String>, ApiError> {
    if let Ok(value) = std::env::var(var) {
        return Ok(Zeroizing::new(value));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|_| ApiError::InvalidInput {
            field: "passphrase",
            reason: "no terminal to ask on; set the environment variable instead",
        })
}

pub fn passphrase(prompt: &str) -> Result<Zeroizing<String>, ApiError> {
    from_env_or_prompt("HOMEWARD_PASSPHRASE", prompt)
}

/// A passphrase being set: asked twice when prompted.
pub fn new_passphrase(prompt: &str) -> Result<Zeroizing<String>, ApiError> {
    if let Ok(value) = std::env::var("HOMEWARD_NEW_PASSPHRASE") {
        return Ok(Zeroizing::new(value));
    }
    let first = from_env_or_prompt("HOMEWARD_NEW_PASSPHRASE", prompt)?;
    let second = from_env_or_prompt("HOMEWARD_NEW_PASSPHRASE", "Again: ")?;
    if first != second {
        return Err(ApiError::InvalidInput {
            field: "new_passphrase",
            reason: "the two entries differ",
        });
    }
    Ok(first)
}

pub fn recovery_key() -> Result<Zeroizing<String>, ApiError> {
    from_env_or_prompt("HOMEWARD_RECOVERY_KEY", "Recovery key: ")
}

/// The passphrase of a second person approving (a report's approver).
pub fn approver_passphrase(prompt: &str) -> Result<Zeroizing<String>, ApiError> {
    from_env_or_prompt("HOMEWARD_APPROVER_PASSPHRASE", prompt)
}
