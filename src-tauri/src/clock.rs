//! The doctor's "today": the local calendar date every deadline is computed from. It is read
//! here, in the command layer, never taken from the UI.
//!
//! `ERM_TODAY=AAAA-MM-JJ` overrides it so the end-to-end tests can let a one-month deadline pass
//! without waiting (like `ERM_EXPORT_DIR` replaces the save dialog). An unreadable value is
//! ignored.

use chrono::NaiveDate;

pub const TODAY_ENV: &str = "ERM_TODAY";

pub fn today() -> NaiveDate {
    std::env::var(TODAY_ENV)
        .ok()
        .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}
