//! The boundary used by the shell, the CLI and the tests: the [`App`]
//! facade, its input and view DTOs (serde lives here), and [`ApiError`].

pub mod app;
pub mod assessments;
pub mod backups;
pub mod cases;
pub mod casework;
pub mod check;
pub mod dto;
pub mod error;
mod filter;
pub mod home;
pub mod intake;
pub mod limits;
pub mod mentoring;
pub mod plans;
pub mod progress;
pub mod reports;
pub mod rpc;
pub mod services;
pub mod session;

pub use app::App;
pub use error::ApiError;
