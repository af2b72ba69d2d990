//! A letter as every screen shows it (register, listing, case), with what can still be
//! recorded on it. One type for every letter row: a case letter has no listing status.

use serde::Serialize;

use erm_domain::letter::LetterKind;
use erm_domain::listing::Status;
use erm_store::letters::LetterRow;

/// A letter, with what can still be recorded on it.
#[derive(Debug, Serialize)]
pub struct LetterItem {
    pub id: i64,
    /// Store kind: erasure, cnil_complaint, dereferencing.
    pub kind: LetterKind,
    pub kind_label: &'static str,
    pub created_at: String,
    /// The date printed on the letter.
    pub dated: Option<chrono::NaiveDate>,
    pub sent_on: Option<chrono::NaiveDate>,
    pub registered_number: Option<String>,
    pub acknowledged_on: Option<chrono::NaiveDate>,
    /// An erasure letter not yet posted while the listing still waits for its request, or a
    /// case's notice or mise en demeure not yet posted.
    pub can_mark_sent: bool,
}

/// `listing_status`: the status of the listing the letter is about (none for a case letter).
pub fn letter_item(row: &LetterRow, listing_status: Option<Status>) -> LetterItem {
    LetterItem {
        id: row.id,
        kind: row.kind,
        kind_label: row.kind.label(),
        created_at: row.created_at.clone(),
        dated: crate::letters::StoredLetter::from_row(row).ok().map(|s| s.date),
        sent_on: row.sent_on,
        registered_number: row.registered_number.clone(),
        acknowledged_on: row.acknowledged_on,
        can_mark_sent: row.sent_on.is_none()
            && match row.kind {
                LetterKind::ErasureRequest => listing_status == Some(Status::Found),
                // A case's letters are posted when the doctor chooses; posting moves the case.
                LetterKind::HostNotice | LetterKind::FormalNotice | LetterKind::FollowUp => row.case_id.is_some(),
                _ => false,
            },
    }
}

