//! End-to-end tests through the `api::App` facade and real processes:
//! one test binary, one module per concern, each test named after the
//! rule it guards.

mod access;
mod accounts;
mod assessment;
mod audit;
mod backup;
mod bench;
mod disclosure;
mod exposure;
mod fuzz_replay;
mod intake;
mod limits;
mod plans;
mod register;
mod reports;
mod seed;
mod services;
mod session;
mod sidecar_crash;
mod vault;
