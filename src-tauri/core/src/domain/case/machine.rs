//! The case state machine (issue 10, point 2). To be written: the transition table, the proof
//! checks and the refusals, in the style of `domain/listing/machine.rs`.

use chrono::NaiveDate;

use super::{CaseEvent, CaseFile, CaseStatus, Outcome};
use crate::domain::validation::Invalid;

/// Why an event was not applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// Not allowed from the current state (French message naming both).
    #[error("{0}")]
    Refused(String),
    /// A proof field is missing or wrong.
    #[error("{0}")]
    Invalid(Invalid),
}

/// What a case becomes once an event is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub status: CaseStatus,
    /// Set by `Closed`, cleared by a reopening event.
    pub outcome: Option<Outcome>,
}

/// Checks `event` against the case and its history (oldest first) and returns the new status.
pub fn apply(case: &CaseFile, history: &[CaseEvent], event: &CaseEvent, today: NaiveDate) -> Result<Transition, ApplyError> {
    let _ = (history, event, today);
    Ok(Transition { status: case.status, outcome: case.outcome })
}
