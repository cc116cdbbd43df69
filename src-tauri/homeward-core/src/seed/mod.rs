//! Demo and synthetic vaults. `demo` writes the fictional cases of
//! domain.md through the api like any user's work (so every rule and the
//! audit apply). `generate` writes a deterministic vault of any size from
//! a seed: users and service maps through the api, then each case's whole
//! history (phases, consents, assessments, referrals, plans, reviews,
//! mentoring, incidents, closures) over the period before `today`, written
//! in bulk by `store::generate` with an audit event per record, so that
//! 100,000 cases take minutes. Its story follows the rules the api
//! enforces (gates in order, consent or a countersigned basis before
//! sharing, three-monthly cadence); the same seed gives the same content
//! (ids and keys are random). All names are invented.

mod demo;
mod generate;

pub use demo::{demo, DEMO_USERS};
pub use generate::{generate, SeededRandom};
