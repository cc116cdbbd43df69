//! Homeward core: the whole product minus the window. No Tauri here.
//!
//! Reading order:
//! - [`domain`]: pure rules (roles, passphrase policy, unlock throttle).
//!   No I/O, no clock, no serde.
//! - [`crypto`]: ring: key slots, keyed username lookups, the recovery
//!   key, the audit chain's hashes.
//! - [`store`]: SQLCipher through rusqlite, the key-slot sidecar, the
//!   vault lock file, schema migrations, the audit table.
//! - [`clock`]: time is injected, never read by rules.
//! - [`api`]: the `App` facade, DTOs and `ApiError`: the only door in.

pub mod api;
pub mod bench;
pub mod clock;
pub mod crypto;
pub mod domain;
pub mod report;
pub mod seed;
pub mod store;
