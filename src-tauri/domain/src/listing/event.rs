//! The steps of a listing's life ([`Event`]) and the proof each one carries. Events are stored
//! whole, as JSON, in `listing_event.proof`, so the history can back a CNIL complaint.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How the erasure request was sent; decides when the clock starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestChannel {
    /// Lettre recommandée avec AR: the clock starts at the acknowledgement date.
    RegisteredLetter,
    /// Email or the site's form: the clock starts the day it was sent.
    Email,
    WebForm,
}

/// What the receipt date of a registered letter rests on. A letter that is never collected, or
/// whose acknowledgement is lost, must not stop the procedure: the date La Poste first presented
/// it (on its tracking, or on the envelope returned « pli avisé et non réclamé ») then serves as
/// the date of receipt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptBasis {
    /// The signed acknowledgement (avis de réception) came back.
    #[default]
    Acknowledged,
    /// No acknowledgement came back: the date of first presentation shown by La Poste's tracking.
    FirstPresentation,
    /// The letter came back unclaimed: the date of first presentation written on the envelope.
    ReturnedUnclaimed,
}

impl ReceiptBasis {
    pub const ALL: [ReceiptBasis; 3] = [ReceiptBasis::Acknowledged, ReceiptBasis::FirstPresentation, ReceiptBasis::ReturnedUnclaimed];

    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptBasis::Acknowledged => "acknowledged",
            ReceiptBasis::FirstPresentation => "first_presentation",
            ReceiptBasis::ReturnedUnclaimed => "returned_unclaimed",
        }
    }

    /// The choice as the form shows it.
    pub fn label(self) -> &'static str {
        match self {
            ReceiptBasis::Acknowledged => "L'avis de réception signé m'est revenu",
            ReceiptBasis::FirstPresentation => "Pas d'avis de réception : date de première présentation (suivi La Poste)",
            ReceiptBasis::ReturnedUnclaimed => "La lettre m'est revenue « pli avisé et non réclamé »",
        }
    }

    /// The step as the history shows it.
    pub fn event_label(self) -> &'static str {
        match self {
            ReceiptBasis::Acknowledged => "accusé de réception",
            ReceiptBasis::FirstPresentation => "lettre présentée (date de première présentation)",
            ReceiptBasis::ReturnedUnclaimed => "lettre retournée non réclamée",
        }
    }
}

/// Shown beside the receipt form: why the clock can start without a signed acknowledgement.
pub const RECEIPT_RULE: &str = "Le délai d'un mois laissé à l'éditeur court à partir de la réception de votre lettre. Si l'avis de réception ne vous revient pas, ou si la lettre vous est retournée « pli avisé et non réclamé », saisissez la date de première présentation (suivi La Poste ou mention sur l'enveloppe) : l'application la retient comme date de réception, car un destinataire ne peut pas bloquer la procédure en ne retirant pas sa lettre. Gardez l'enveloppe fermée et le suivi comme preuves. (Règle retenue par l'application ; en cas de litige, le juge apprécie.)";

/// Outcome of a presence check, as stored in an event (the network part lives in `watch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PresenceOutcome {
    Online,
    Removed,
    Unreachable,
    Inconclusive,
}

impl PresenceOutcome {
    /// Whether the check ran and said something about the listing: the page is online, or it
    /// is gone. An unreachable site (offline computer, DNS, timeout, too many redirects) or an
    /// inconclusive answer (the site refuses robots, is down, the page is too large) is a fact
    /// about the check, not about the listing: it is reported to the doctor but never recorded
    /// in the history nor cited in a document.
    pub fn is_finding(self) -> bool {
        matches!(self, PresenceOutcome::Online | PresenceOutcome::Removed)
    }
}

/// The record of one presence check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceProof {
    pub outcome: PresenceOutcome,
    /// French explanation ("la page répond 404 (introuvable)", "délai dépassé"…).
    pub detail: String,
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    pub checked_at: DateTime<Utc>,
}

/// What shows that the listing is gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum RemovalProof {
    /// A presence check whose outcome is `removed`.
    PresenceCheck { check: PresenceProof },
    /// The publisher wrote that it deleted the listing.
    PublisherConfirmation { summary: String },
    /// The doctor saw it themselves.
    Observation { note: String },
}

/// One step in a listing's life, with its proof. Stored as JSON in `listing_event.proof`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    ErasureRequested {
        sent_on: NaiveDate,
        channel: RequestChannel,
        /// The `letter` row when the app produced the letter.
        letter_id: Option<i64>,
        /// La Poste tracking number, required for a registered letter.
        registered_number: Option<String>,
    },
    /// The publisher received the request: the acknowledgement date, or the date of first
    /// presentation when the acknowledgement is lost or the letter came back unclaimed.
    ReceiptAcknowledged {
        acknowledged_on: NaiveDate,
        #[serde(default)]
        basis: ReceiptBasis,
    },
    ExtensionNotified { notified_on: NaiveDate, reasons: String },
    ReplyReceived { replied_on: NaiveDate, summary: String },
    NoAnswerRecorded { noted_on: NaiveDate },
    RefusalReceived { replied_on: NaiveDate, summary: String },
    CnilComplaintFiled { filed_on: NaiveDate, reference: String },
    DereferencingRequested { requested_on: NaiveDate, engines: Vec<String> },
    PresenceChecked { checked_on: NaiveDate, check: PresenceProof },
    RemovalConfirmed { observed_on: NaiveDate, proof: RemovalProof },
    Reappeared { observed_on: NaiveDate, note: String },
}

impl Event {
    /// The snake_case kind stored in `listing_event.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::ErasureRequested { .. } => "erasure_requested",
            Event::ReceiptAcknowledged { .. } => "receipt_acknowledged",
            Event::ExtensionNotified { .. } => "extension_notified",
            Event::ReplyReceived { .. } => "reply_received",
            Event::NoAnswerRecorded { .. } => "no_answer_recorded",
            Event::RefusalReceived { .. } => "refusal_received",
            Event::CnilComplaintFiled { .. } => "cnil_complaint_filed",
            Event::DereferencingRequested { .. } => "dereferencing_requested",
            Event::PresenceChecked { .. } => "presence_checked",
            Event::RemovalConfirmed { .. } => "removal_confirmed",
            Event::Reappeared { .. } => "reappeared",
        }
    }

    /// French label of the step, used in messages and the history.
    pub fn label(&self) -> &'static str {
        match self {
            Event::ErasureRequested { .. } => "demande d'effacement envoyée",
            Event::ReceiptAcknowledged { basis, .. } => basis.event_label(),
            Event::ExtensionNotified { .. } => "prolongation notifiée",
            Event::ReplyReceived { .. } => "réponse reçue",
            Event::NoAnswerRecorded { .. } => "sans réponse",
            Event::RefusalReceived { .. } => "refus",
            Event::CnilComplaintFiled { .. } => "plainte CNIL déposée",
            Event::DereferencingRequested { .. } => "déréférencement demandé",
            Event::PresenceChecked { .. } => "vérification de présence",
            Event::RemovalConfirmed { .. } => "fiche supprimée",
            Event::Reappeared { .. } => "fiche réapparue",
        }
    }

    /// A presence check that could not run (see [`PresenceOutcome::is_finding`]). Versions before
    /// issue 9 recorded them; they stay in the store but are left out of the history the screen
    /// shows and of every document.
    pub fn is_failed_check(&self) -> bool {
        matches!(self, Event::PresenceChecked { check, .. } if !check.outcome.is_finding())
    }

    /// The calendar date the step happened.
    pub fn occurred_on(&self) -> NaiveDate {
        match self {
            Event::ErasureRequested { sent_on: d, .. }
            | Event::ReceiptAcknowledged { acknowledged_on: d, .. }
            | Event::ExtensionNotified { notified_on: d, .. }
            | Event::ReplyReceived { replied_on: d, .. }
            | Event::NoAnswerRecorded { noted_on: d }
            | Event::RefusalReceived { replied_on: d, .. }
            | Event::CnilComplaintFiled { filed_on: d, .. }
            | Event::DereferencingRequested { requested_on: d, .. }
            | Event::PresenceChecked { checked_on: d, .. }
            | Event::RemovalConfirmed { observed_on: d, .. }
            | Event::Reappeared { observed_on: d, .. } => *d,
        }
    }
}
