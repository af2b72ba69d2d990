//! The kinds of letter the application writes: a domain word, named by the store (`letter.kind`
//! column), the documents (one template each) and the screens alike.

use serde::{Deserialize, Serialize};

crate::named_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum LetterKind {
        ErasureRequest = "erasure_request" => "Opposition et demande d'effacement (RGPD)",
        CnilComplaint = "cnil_complaint" => "Réclamation auprès de la CNIL",
        DereferencingRequest = "dereferencing_request" => "Demande de déréférencement",
        HostNotice = "host_notice" => "Notification à l'hébergeur (DSA, art. 16)",
        FormalNotice = "formal_notice" => "Mise en demeure",
        EvidenceInventory = "evidence_inventory" => "Inventaire des preuves",
        /// A second letter after a host notice or a formal notice left without effect.
        FollowUp = "follow_up" => "Relance",
    }
}

impl LetterKind {
    /// Kinds whose proof of sending matters so much that they always go as registered mail.
    pub fn always_registered(self) -> bool {
        matches!(self, LetterKind::ErasureRequest | LetterKind::FormalNotice | LetterKind::HostNotice | LetterKind::FollowUp)
    }
}
