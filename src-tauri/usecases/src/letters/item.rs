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
    /// What the register says of a letter not posted: « Pas encore posté » only for a letter
    /// that goes by post; a bordereau or a copy of an online request is said to be one.
    pub unsent_label: Option<&'static str>,
    /// Posted, by post, and its acknowledgement (or « pli non réclamé ») not yet entered.
    pub can_mark_received: bool,
}

/// See [`LetterItem::unsent_label`].
fn unsent_label(row: &LetterRow, can_mark_sent: bool) -> Option<&'static str> {
    if row.sent_on.is_some() {
        return None;
    }
    Some(match row.kind {
        _ if can_mark_sent => "Pas encore posté",
        LetterKind::EvidenceInventory => "Bordereau pour le dossier : il ne s'envoie pas",
        LetterKind::DereferencingRequest => "Copie pour vos dossiers : la demande se fait par le formulaire du moteur de recherche",
        LetterKind::CnilComplaint => "À déposer auprès de la CNIL (en ligne ou par courrier) ; notez-le ensuite dans la fiche",
        _ => "Pas encore posté",
    })
}

/// `listing_status`: the status of the listing the letter is about (none for a case letter).
pub fn letter_item(row: &LetterRow, listing_status: Option<Status>) -> LetterItem {
    let can_mark_sent = row.sent_on.is_none()
        && match row.kind {
            LetterKind::ErasureRequest => listing_status == Some(Status::Found),
            // A case's letters are posted when the doctor chooses; posting moves the case.
            LetterKind::HostNotice | LetterKind::FormalNotice | LetterKind::FollowUp => row.case_id.is_some(),
            _ => false,
        };
    LetterItem {
        id: row.id,
        kind: row.kind,
        kind_label: row.kind.label(),
        created_at: row.created_at.clone(),
        dated: crate::letters::StoredLetter::from_row(row).ok().map(|s| s.date),
        sent_on: row.sent_on,
        registered_number: row.registered_number.clone(),
        acknowledged_on: row.acknowledged_on,
        can_mark_sent,
        unsent_label: unsent_label(row, can_mark_sent),
        can_mark_received: row.sent_on.is_some() && row.acknowledged_on.is_none() && row.kind != LetterKind::EvidenceInventory,
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: LetterKind, case_id: Option<i64>) -> LetterRow {
        LetterRow {
            id: 1,
            kind,
            listing_id: None,
            case_id,
            recipient: serde_json::Value::Null,
            data: serde_json::Value::Null,
            created_at: "2026-12-01T10:00:00Z".into(),
            sent_on: None,
            registered_number: None,
            acknowledged_on: None,
        }
    }

    #[test]
    fn only_letters_that_go_by_post_are_waiting_to_be_posted() {
        // Issue 20: the bordereau and the copy of an online request were counted as unposted.
        let label = |kind, case| letter_item(&row(kind, case), None).unsent_label.unwrap();
        assert_eq!(label(LetterKind::FormalNotice, Some(3)), "Pas encore posté");
        assert!(label(LetterKind::EvidenceInventory, Some(3)).contains("ne s'envoie pas"));
        assert!(label(LetterKind::DereferencingRequest, None).contains("formulaire"));
        let mut sent = row(LetterKind::FormalNotice, Some(3));
        sent.sent_on = chrono::NaiveDate::from_ymd_opt(2026, 12, 2);
        assert_eq!(letter_item(&sent, None).unsent_label, None);
    }
}
