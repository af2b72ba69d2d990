//! Field-by-field validation results. Every rule the UI checks for comfort is checked again
//! here, and each failure names its field so the UI can put the message next to it.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The input field, with the same name as in the UI and the JSON (`last_name`, `rpps`…).
    pub field: String,
    /// A French sentence the doctor can act on.
    pub message: String,
}

/// A set of field errors; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Invalid {
    pub errors: Vec<FieldError>,
}

impl Invalid {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut inv = Self::new();
        inv.push(field, message);
        inv
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.to_owned(), message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(value)` when nothing was pushed, the errors otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Invalid> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errors.as_slice() {
            [] => write!(f, "Saisie invalide."),
            [one] => write!(f, "{}", one.message),
            many => {
                write!(f, "{} champs sont à corriger : ", many.len())?;
                let msgs: Vec<&str> = many.iter().map(|e| e.message.as_str()).collect();
                write!(f, "{}", msgs.join(" "))
            }
        }
    }
}

impl std::error::Error for Invalid {}

/// A deliberately plain email check, the one rule for every address the app stores: one @,
/// something before it, a dotted domain after, no spaces or control characters, 254 bytes at most.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && s.len() <= 254
}

/// Trims and collapses inner runs of white space; the form of every free-text field we store.
pub fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A calendar date as a French doctor types it — « 05/03/2026 », « 5/3/2026 », « 05.03.2026 » —
/// or as a stored value (`AAAA-MM-JJ`). The forms show dates as JJ/MM/AAAA whatever the
/// system's language, so this is the one reading of a typed date.
pub fn calendar_date(raw: &str) -> Option<chrono::NaiveDate> {
    let raw = raw.trim();
    ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(raw, f).ok())
        // A two-digit year is refused rather than guessed (chrono reads "26" as the year 26).
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
}

/// Reads a date typed in a form; the message names what is expected, on `field`.
pub fn parse_form_date(field: &str, raw: &str, what: &str) -> Result<chrono::NaiveDate, Invalid> {
    calendar_date(raw).ok_or_else(|| Invalid::single(field, format!("Indiquez {what} (une date au format JJ/MM/AAAA).")))
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn dates_are_read_as_a_french_doctor_types_them() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        for raw in ["05/03/2026", "5/3/2026", " 05.03.2026 ", "05-03-2026", "2026-03-05"] {
            assert_eq!(calendar_date(raw), Some(d), "{raw}");
        }
        // Month/day order (an English-configured computer) is not silently swapped.
        assert_eq!(calendar_date("03/25/2026"), None);
        for bad in ["", "5/3/26", "11/02/26", "31/02/2026", "demain", "2026/03/05"] {
            assert_eq!(calendar_date(bad), None, "{bad}");
        }
        assert!(parse_form_date("sent_on", "3/25/2026", "la date").unwrap_err().to_string().contains("JJ/MM/AAAA"));
    }
}
