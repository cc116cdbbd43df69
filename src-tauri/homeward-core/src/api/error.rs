//! The public error of the api boundary. It serialises as
//! `{ kind, message, field?, retry_after_seconds?, row?, max? }`; callers branch on
//! `kind`. Messages name ids and kinds, never names, notes or secrets.
//! Every lower-layer error is converted to it here and nowhere else.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::crypto::CryptoError;
use crate::domain::account::UsernameProblem;
use crate::domain::passphrase::PassphraseProblem;
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("no vault has been set up here yet")]
    NoVault,
    #[error("a vault already exists here")]
    VaultExists,
    #[error("this vault is open in another Homeward window or command")]
    VaultInUse,
    #[error("the username or passphrase is not right")]
    WrongPassphrase,
    #[error("too many attempts; try again in {seconds} seconds")]
    Throttled { seconds: u64 },
    #[error("the vault is locked")]
    Locked,
    #[error("the vault is already unlocked")]
    AlreadyUnlocked,
    #[error("your role may not do this")]
    Forbidden,
    #[error("{field}: {reason}")]
    InvalidInput {
        field: &'static str,
        reason: &'static str,
    },
    #[error("{field}: longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{field}, line {row}: {reason}")]
    InvalidRow {
        field: &'static str,
        row: usize,
        reason: &'static str,
    },
    #[error("{field}: this passphrase is {reason}")]
    WeakPassphrase {
        field: &'static str,
        reason: &'static str,
    },
    #[error("no {entity} with this id or name")]
    NotFound { entity: &'static str },
    #[error("a {entity} with this {field} already exists")]
    Duplicate {
        entity: &'static str,
        field: &'static str,
    },
    #[error("this record was changed by someone else since it was opened")]
    Conflict,
    #[error("no consent or countersigned legal basis for this")]
    ConsentRequired,
    #[error("the gate to the next phase is not met: {missing} things are missing")]
    GateNotMet { missing: usize },
    #[error("the case is closed and can no longer be changed")]
    CaseClosed,
    #[error("this record is signed off and frozen; make a correction instead")]
    Frozen,
    #[error("the vault is damaged: {detail}")]
    Damaged { detail: &'static str },
    #[error("storage failed: {detail}")]
    Storage { detail: String },
    #[error("the operation was cancelled")]
    Cancelled,
    #[error("the backup file failed its check: {check}")]
    BackupInvalid { check: &'static str },
    #[error("this restore must be confirmed first: {reason}")]
    ConfirmRequired { reason: &'static str },
    #[error(
        "the disk is full; nothing from this step was saved and nothing saved earlier is harmed"
    )]
    DiskFull,
    #[error("the disk refused a read or write")]
    IoFailed,
}

impl ApiError {
    /// The stable code the UI and scripts branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            ApiError::NoVault => "no_vault",
            ApiError::VaultExists => "vault_exists",
            ApiError::VaultInUse => "vault_in_use",
            ApiError::WrongPassphrase => "wrong_passphrase",
            ApiError::Throttled { .. } => "throttled",
            ApiError::Locked => "locked",
            ApiError::AlreadyUnlocked => "already_unlocked",
            ApiError::Forbidden => "forbidden",
            ApiError::InvalidInput { .. } | ApiError::InvalidRow { .. } => "invalid_input",
            ApiError::TooLong { .. } => "too_long",
            ApiError::WeakPassphrase { .. } => "weak_passphrase",
            ApiError::NotFound { .. } => "not_found",
            ApiError::Duplicate { .. } => "duplicate",
            ApiError::Conflict => "conflict",
            ApiError::ConsentRequired => "consent_required",
            ApiError::GateNotMet { .. } => "gate_not_met",
            ApiError::CaseClosed => "case_closed",
            ApiError::Frozen => "frozen",
            ApiError::Damaged { .. } => "damaged",
            ApiError::Storage { .. } => "storage",
            ApiError::Cancelled => "cancelled",
            ApiError::BackupInvalid { .. } => "backup_invalid",
            ApiError::ConfirmRequired { .. } => "confirm_required",
            ApiError::DiskFull => "disk_full",
            ApiError::IoFailed => "io_error",
        }
    }

    /// The form field the error belongs beside, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ApiError::InvalidInput { field, .. }
            | ApiError::InvalidRow { field, .. }
            | ApiError::TooLong { field, .. }
            | ApiError::WeakPassphrase { field, .. } => Some(field),
            ApiError::Duplicate { field, .. } => Some(field),
            ApiError::ConfirmRequired { reason } => Some(reason),
            ApiError::WrongPassphrase | ApiError::Throttled { .. } => Some("passphrase"),
            _ => None,
        }
    }

    pub(crate) fn weak(field: &'static str, problem: PassphraseProblem) -> Self {
        let reason = match problem {
            PassphraseProblem::TooShort => "shorter than 12 characters",
            PassphraseProblem::TooLong => "longer than 128 characters",
            PassphraseProblem::TooGuessable => "too common or too easy to guess",
        };
        ApiError::WeakPassphrase { field, reason }
    }

    pub(crate) fn bad_username(problem: UsernameProblem) -> Self {
        let reason = match problem {
            UsernameProblem::Empty => "is required",
            UsernameProblem::TooLong => "is longer than 64 characters",
            UsernameProblem::BadCharacter => "may hold only letters, digits, '.', '_' and '-'",
        };
        ApiError::InvalidInput {
            field: "username",
            reason,
        }
    }
}

impl Serialize for ApiError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut body = serializer.serialize_struct("ApiError", 5)?;
        body.serialize_field("kind", self.kind())?;
        body.serialize_field("message", &self.to_string())?;
        body.serialize_field("field", &self.field())?;
        let retry = match self {
            ApiError::Throttled { seconds } => Some(*seconds),
            _ => None,
        };
        body.serialize_field("retry_after_seconds", &retry)?;
        if let ApiError::InvalidRow { row, .. } = self {
            body.serialize_field("row", row)?;
        }
        if let ApiError::TooLong { max, .. } = self {
            body.serialize_field("max", max)?;
        }
        body.end()
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NoVault => ApiError::NoVault,
            StoreError::VaultExists => ApiError::VaultExists,
            StoreError::VaultInUse => ApiError::VaultInUse,
            StoreError::KeyRejected => ApiError::Damaged {
                detail: "the database does not match its key file",
            },
            StoreError::NotEncrypted => ApiError::Damaged {
                detail: "the database library does not encrypt",
            },
            StoreError::SchemaTooNew { .. } => ApiError::Damaged {
                detail: "the vault was written by a newer version of Homeward",
            },
            StoreError::SidecarMalformed => ApiError::Damaged {
                detail: "the key file is malformed",
            },
            StoreError::Corrupt(_) => ApiError::Damaged {
                detail: "a stored value is invalid",
            },
            StoreError::Stale => ApiError::Conflict,
            // SQLITE_CORRUPT and SQLITE_NOTADB (a page whose HMAC fails):
            // never shown as data, always as damage.
            StoreError::Sqlite { code } if matches!(code & 0xff, 11 | 26) => ApiError::Damaged {
                detail: "a page of the vault is damaged",
            },
            // SQLITE_FULL, and the file system's own "no space".
            StoreError::Sqlite { code } if code & 0xff == 13 => ApiError::DiskFull,
            StoreError::Io(std::io::ErrorKind::StorageFull) => ApiError::DiskFull,
            // SQLITE_IOERR: the disk refused a read or a write.
            StoreError::Sqlite { code } if code & 0xff == 10 => ApiError::IoFailed,
            StoreError::BackupInvalid(check) => ApiError::BackupInvalid { check },
            StoreError::Cancelled => ApiError::Cancelled,
            StoreError::Duplicate(field) => ApiError::Duplicate {
                entity: "record",
                field,
            },
            other => ApiError::Storage {
                detail: other.to_string(),
            },
        }
    }
}

impl From<CryptoError> for ApiError {
    fn from(err: CryptoError) -> Self {
        match err {
            CryptoError::WrongSecret => ApiError::WrongPassphrase,
            CryptoError::IterationsBelowFloor => ApiError::Damaged {
                detail: "a key slot is weaker than allowed",
            },
            CryptoError::MalformedSlot => ApiError::Damaged {
                detail: "a key slot is malformed",
            },
            CryptoError::MalformedRecoveryKey => ApiError::InvalidInput {
                field: "recovery_key",
                reason: "is not a recovery key (eight groups of four letters and digits)",
            },
            CryptoError::Seal | CryptoError::Random => ApiError::Storage {
                detail: err.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_kind_and_field() {
        let json = serde_json::to_value(ApiError::Throttled { seconds: 42 }).unwrap();
        assert_eq!(json["kind"], "throttled");
        assert_eq!(json["field"], "passphrase");
        assert_eq!(json["retry_after_seconds"], 42);
        let json = serde_json::to_value(ApiError::Locked).unwrap();
        assert_eq!(json["kind"], "locked");
        assert!(json["field"].is_null());
    }

    #[test]
    fn store_failures_map_to_the_kinds_the_window_branches_on() {
        use std::io::ErrorKind;
        let table: &[(&str, StoreError, &str)] = &[
            ("SQLITE_CORRUPT", StoreError::Sqlite { code: 11 }, "damaged"),
            ("SQLITE_NOTADB", StoreError::Sqlite { code: 26 }, "damaged"),
            ("SQLITE_FULL", StoreError::Sqlite { code: 13 }, "disk_full"),
            (
                "the file system is full",
                StoreError::Io(ErrorKind::StorageFull),
                "disk_full",
            ),
            ("SQLITE_IOERR", StoreError::Sqlite { code: 10 }, "io_error"),
            (
                "SQLITE_IOERR_WRITE (extended)",
                StoreError::Sqlite {
                    code: 10 | (3 << 8),
                },
                "io_error",
            ),
            (
                "SQLITE_IOERR_FSYNC (extended)",
                StoreError::Sqlite {
                    code: 10 | (4 << 8),
                },
                "io_error",
            ),
            (
                "SQLITE_CORRUPT_INDEX (extended)",
                StoreError::Sqlite {
                    code: 11 | (3 << 8),
                },
                "damaged",
            ),
            (
                "SQLITE_BUSY is not damage",
                StoreError::Sqlite { code: 5 },
                "storage",
            ),
            (
                "SQLITE_CONSTRAINT is not damage",
                StoreError::Sqlite { code: 19 },
                "storage",
            ),
            (
                "another I/O error is not a full disk",
                StoreError::Io(ErrorKind::PermissionDenied),
                "storage",
            ),
            (
                "the key file does not fit",
                StoreError::KeyRejected,
                "damaged",
            ),
            ("a stale record", StoreError::Stale, "conflict"),
            ("a cancelled backup", StoreError::Cancelled, "cancelled"),
        ];
        for (case, error, kind) in table {
            assert_eq!(ApiError::from(error.clone()).kind(), *kind, "{case}");
        }
    }

    #[test]
    fn a_refused_length_names_its_field_and_its_limit() {
        let json = serde_json::to_value(ApiError::TooLong {
            field: "name_latin",
            max: 200,
        })
        .unwrap();
        assert_eq!(json["kind"], "too_long");
        assert_eq!(json["field"], "name_latin");
        assert_eq!(json["max"], 200);
    }
}
