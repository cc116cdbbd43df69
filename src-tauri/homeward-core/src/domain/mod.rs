//! Pure rules: roles, the passphrase policy, the unlock throttle, and
//! (later) phases, gates, scores and cadence. No I/O, no clock, no serde.

pub mod access;
pub mod account;
pub mod consent;
pub mod idle;
pub mod needs;
pub mod passphrase;
pub mod phase;
pub mod register;
pub mod role;
pub mod text;
pub mod throttle;
