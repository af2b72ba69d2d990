//! The doctor's "today": the local calendar date every deadline is computed from. It is read
//! here, in the shell, never taken from the UI, and given to each use case.
//!
//! In debug builds (the end-to-end tests), `ERM_TODAY=AAAA-MM-JJ` overrides it so a one-month
//! deadline can pass without waiting; a release build ignores it (see `hooks.rs`).

use chrono::NaiveDate;

pub fn today() -> NaiveDate {
    crate::hooks::today().unwrap_or_else(|| chrono::Local::now().date_naive())
}
