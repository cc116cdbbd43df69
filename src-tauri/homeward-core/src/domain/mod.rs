//! Pure rules: roles, the passphrase policy, the unlock throttle, and
//! phases and gates, consent, the needs instrument and the service map.
//! No I/O, no clock, no serde.

pub mod access;
pub mod account;
pub mod backup;
pub mod cadence;
pub mod consent;
pub mod idle;
pub mod limits;
pub mod needs;
pub mod passphrase;
pub mod period;
pub mod phase;
pub mod plan;
pub mod register;
pub mod role;
pub mod services;
pub mod text;
pub mod throttle;
