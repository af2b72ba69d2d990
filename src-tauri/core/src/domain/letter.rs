//! The kinds of letter the application writes: a domain word, named by the store (`letter.kind`
//! column), the documents (one template each) and the screens alike.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    ErasureRequest,
    CnilComplaint,
    DereferencingRequest,
    HostNotice,
    FormalNotice,
    EvidenceInventory,
}

impl LetterKind {
    pub const ALL: [LetterKind; 6] = [
        LetterKind::ErasureRequest,
        LetterKind::CnilComplaint,
        LetterKind::DereferencingRequest,
        LetterKind::HostNotice,
        LetterKind::FormalNotice,
        LetterKind::EvidenceInventory,
    ];

    /// The kind named `name` (its [`LetterKind::as_str`] form), if any.
    pub fn parse(name: &str) -> Option<LetterKind> {
        LetterKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The snake_case name, also the template file name and the `letter.kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::ErasureRequest => "erasure_request",
            LetterKind::CnilComplaint => "cnil_complaint",
            LetterKind::DereferencingRequest => "dereferencing_request",
            LetterKind::HostNotice => "host_notice",
            LetterKind::FormalNotice => "formal_notice",
            LetterKind::EvidenceInventory => "evidence_inventory",
        }
    }

    /// French label for lists and buttons.
    pub fn label(self) -> &'static str {
        match self {
            LetterKind::ErasureRequest => "Opposition et demande d'effacement (RGPD)",
            LetterKind::CnilComplaint => "Réclamation auprès de la CNIL",
            LetterKind::DereferencingRequest => "Demande de déréférencement",
            LetterKind::HostNotice => "Notification à l'hébergeur (DSA, art. 16)",
            LetterKind::FormalNotice => "Mise en demeure",
            LetterKind::EvidenceInventory => "Inventaire des preuves",
        }
    }

    /// Kinds whose proof of sending matters so much that they always go as registered mail.
    pub fn always_registered(self) -> bool {
        matches!(self, LetterKind::ErasureRequest | LetterKind::FormalNotice | LetterKind::HostNotice)
    }
}
