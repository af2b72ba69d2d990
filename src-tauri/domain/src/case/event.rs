//! The dated steps of a case ([`CaseEvent`]) and the proof each one carries. Stored whole, as
//! JSON, in `case_event.proof`, so the chronology can be printed for a lawyer.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Outcome, PartyRole};
use crate::listing::ReceiptBasis;

crate::named_enum! {
    /// What a platform or host decided about a report or a notice.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PlatformDecision {
        Removed = "removed" => "contenu retiré",
        Restricted = "restricted" => "contenu masqué ou restreint",
        NoViolation = "no_violation" => "aucune infraction constatée (refus)",
    }
}

crate::named_enum! {
    /// The court acts that stop the press-law clock (loi 1881 art. 65: only acts of prosecution).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CourtAction {
        /// Assignation (including in référé) delivered by a commissaire de justice.
        Summons = "summons" => "assignation délivrée",
        /// Plainte avec constitution de partie civile.
        CivilPartyComplaint = "civil_party_complaint" => "plainte avec constitution de partie civile",
        /// Citation directe devant le tribunal correctionnel, delivered by a commissaire de justice.
        DirectSummons = "direct_summons" => "citation directe",
    }
}

/// One step of a case, with its date and proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseEvent {
    /// Rung 1: reported with the platform's own tool.
    ReportMade { on: NaiveDate, reason: String, #[serde(default)] reference: Option<String> },
    ReportDecided { on: NaiveDate, decision: PlatformDecision, #[serde(default)] note: String },
    /// Appeal after a "no violation" answer (the platform's internal complaint system).
    AppealMade { on: NaiveDate, #[serde(default)] reference: Option<String> },
    /// Rung 2: notice to the host (DSA art. 16), through its form and/or by registered letter.
    HostNotified {
        on: NaiveDate,
        host: String,
        #[serde(default)]
        reference: Option<String>,
        #[serde(default)]
        registered_number: Option<String>,
        #[serde(default)]
        letter_id: Option<i64>,
    },
    HostDecided { on: NaiveDate, decision: PlatformDecision, #[serde(default)] note: String },
    /// Rung 3: mise en demeure to the author (if identifiable) or the publisher.
    FormalNoticeSent {
        on: NaiveDate,
        to: PartyRole,
        deadline_days: u32,
        #[serde(default)]
        registered_number: Option<String>,
        #[serde(default)]
        letter_id: Option<i64>,
    },
    /// The notice reached its recipient (or was presented): the period starts.
    FormalNoticeReceived { on: NaiveDate, #[serde(default)] basis: ReceiptBasis },
    FollowUpSent { on: NaiveDate, #[serde(default)] letter_id: Option<i64> },
    AnswerReceived { on: NaiveDate, from: PartyRole, complied: bool, #[serde(default)] summary: String },
    /// Evidence: a constat by a commissaire de justice (NF Z67-147).
    ConstatOrdered { on: NaiveDate, officer: String, #[serde(default)] reference: Option<String> },
    ConstatDone { on: NaiveDate, reference: String },
    /// Rungs 4–5: lawyer, insurer's legal protection, Ordre.
    LawyerConsulted { on: NaiveDate, who: String },
    /// Stops the press-law clock.
    CourtActionFiled { on: NaiveDate, action: CourtAction, #[serde(default)] reference: Option<String> },
    ContentRemoved { on: NaiveDate, #[serde(default)] how: String },
    ContentReappeared { on: NaiveDate },
    Closed { on: NaiveDate, outcome: Outcome, #[serde(default)] note: String },
}

impl CaseEvent {
    pub fn occurred_on(&self) -> NaiveDate {
        match self {
            CaseEvent::ReportMade { on, .. }
            | CaseEvent::ReportDecided { on, .. }
            | CaseEvent::AppealMade { on, .. }
            | CaseEvent::HostNotified { on, .. }
            | CaseEvent::HostDecided { on, .. }
            | CaseEvent::FormalNoticeSent { on, .. }
            | CaseEvent::FormalNoticeReceived { on, .. }
            | CaseEvent::FollowUpSent { on, .. }
            | CaseEvent::AnswerReceived { on, .. }
            | CaseEvent::ConstatOrdered { on, .. }
            | CaseEvent::ConstatDone { on, .. }
            | CaseEvent::LawyerConsulted { on, .. }
            | CaseEvent::CourtActionFiled { on, .. }
            | CaseEvent::ContentRemoved { on, .. }
            | CaseEvent::ContentReappeared { on }
            | CaseEvent::Closed { on, .. } => *on,
        }
    }

    /// The snake_case tag, as stored in `case_event.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            CaseEvent::ReportMade { .. } => "report_made",
            CaseEvent::ReportDecided { .. } => "report_decided",
            CaseEvent::AppealMade { .. } => "appeal_made",
            CaseEvent::HostNotified { .. } => "host_notified",
            CaseEvent::HostDecided { .. } => "host_decided",
            CaseEvent::FormalNoticeSent { .. } => "formal_notice_sent",
            CaseEvent::FormalNoticeReceived { .. } => "formal_notice_received",
            CaseEvent::FollowUpSent { .. } => "follow_up_sent",
            CaseEvent::AnswerReceived { .. } => "answer_received",
            CaseEvent::ConstatOrdered { .. } => "constat_ordered",
            CaseEvent::ConstatDone { .. } => "constat_done",
            CaseEvent::LawyerConsulted { .. } => "lawyer_consulted",
            CaseEvent::CourtActionFiled { .. } => "court_action_filed",
            CaseEvent::ContentRemoved { .. } => "content_removed",
            CaseEvent::ContentReappeared { .. } => "content_reappeared",
            CaseEvent::Closed { .. } => "closed",
        }
    }
}
