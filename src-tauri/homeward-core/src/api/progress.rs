//! Progress and cancellation for long operations: the caller passes a
//! [`Progress`] whose reporter receives each step (the shell forwards them
//! to the page) and whose flag, once raised, makes the operation give up
//! at its next check and leave the vault as it was.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::error::ApiError;

/// One step of a long operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressEvent {
    /// A stable code the page translates, e.g. `unlock.key_slot`.
    pub step: &'static str,
    pub done: u64,
    pub total: u64,
}

pub struct Progress<'a> {
    report: &'a mut dyn FnMut(ProgressEvent),
    cancel: &'a AtomicBool,
}

impl<'a> Progress<'a> {
    pub fn new(report: &'a mut dyn FnMut(ProgressEvent), cancel: &'a AtomicBool) -> Self {
        Self { report, cancel }
    }

    /// Reports a step, then answers `cancelled` if the flag was raised.
    pub fn step(&mut self, step: &'static str, done: u64, total: u64) -> Result<(), ApiError> {
        self.report(step, done, total);
        self.check()
    }

    /// Reports a step without a chance to cancel (the work is done).
    pub fn report(&mut self, step: &'static str, done: u64, total: u64) {
        (self.report)(ProgressEvent { step, done, total });
    }

    /// The cancel flag itself, for work that must watch it from another
    /// thread (a backup interrupting its SQL).
    pub fn flag(&self) -> &AtomicBool {
        self.cancel
    }

    /// `cancelled` when the flag was raised.
    pub fn check(&self) -> Result<(), ApiError> {
        if self.cancel.load(Ordering::SeqCst) {
            Err(ApiError::Cancelled)
        } else {
            Ok(())
        }
    }
}
