//! Validation of what the doctor enters to open or edit a case. To be written (issue 10).

use chrono::NaiveDate;

use super::CaseInput;
use crate::domain::validation::Invalid;

/// Checks and cleans a case input: one French message per field at fault.
pub fn validate_case(input: &CaseInput, today: NaiveDate) -> Result<CaseInput, Invalid> {
    let _ = today;
    Ok(input.clone())
}
