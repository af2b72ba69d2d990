//! A case file (dossier): one illicit content found on the web, from the first report to court.
//!
//! It holds the disputed statements (each quoted apart and qualified apart, because a notice or a
//! summons must name the exact words and one qualification per statement), the parties, the date
//! of first publication (which starts the press-law clock), and the dated events of the
//! escalation ladder. The status follows [`machine::apply`]; the legal clocks are computed by
//! [`clock`]; [`actions::next_actions`] says what the window offers next. Only a judge decides
//! what is illicit: the case records the doctor's reading.
//!
//! This module holds the types; the rules live in the submodules.

pub mod actions;
pub mod basis;
pub mod clock;
pub mod event;
pub mod evidence;
pub mod machine;
pub mod validate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::review::qualification::{Ground, QuotedStatement};
pub use event::{CaseEvent, CourtAction, PlatformDecision};
pub use evidence::{Evidence, EvidenceKind, NewEvidence};
pub use actions::{next_actions, CaseAction, NextAction};
pub use clock::{clocks, deadlines, nearest_lapse, Clock, DatedItem, DatedKind, NO_STOP_WARNING};
pub use machine::{apply, replay, ApplyError, Ladder, Transition};
pub use validate::{approximate_from_age, validate_case};

/// Shown on every case screen: the app records the doctor's reading, a judge decides.
pub const ONLY_A_JUDGE: &str = "Seul un juge peut dire si un contenu est illicite : les qualifications que vous choisissez ici sont votre lecture des propos, pas une décision.";

crate::named_enum! {
    /// Who a party is to the disputed content.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PartyRole {
        Author = "author" => "Auteur des propos",
        Publisher = "publisher" => "Éditeur du site",
        Host = "host" => "Hébergeur ou plateforme",
    }
}

/// A person or company involved, with what is known of them (often only a pseudonym).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub role: PartyRole,
    /// Name, company name or pseudonym as displayed.
    pub name: String,
    /// True when the party can be written to: a real name and a postal address (an author known
    /// only by a pseudonym is not identified).
    #[serde(default)]
    pub identified: bool,
    /// Postal address lines (NF Z 10-011, without the name line), when known.
    #[serde(default)]
    pub address_lines: Vec<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// The host's or platform's own notice or report form.
    #[serde(default)]
    pub web_form: Option<String>,
    /// What else is known and where it comes from (mentions légales, WHOIS…).
    #[serde(default)]
    pub notes: String,
}

/// When the content was first put online: what starts the press-law clock. Platforms often show
/// only an age ("il y a 2 mois"): the case then keeps the window it may fall in, and the clocks
/// are computed from its earliest day, so the lapse shown is the earliest possible one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FirstPublication {
    Exact { on: NaiveDate },
    Approximate {
        /// The earliest day the content may have been published.
        earliest_on: NaiveDate,
        /// The latest day (at most the day it was seen).
        latest_on: NaiveDate,
        /// What was seen ("il y a 2 mois" on Google Maps) …
        seen_text: String,
        /// … and on which day.
        seen_on: NaiveDate,
    },
}

impl FirstPublication {
    /// The day the clocks start from: the exact day, or the earliest possible one.
    pub fn earliest(&self) -> NaiveDate {
        match self {
            FirstPublication::Exact { on } => *on,
            FirstPublication::Approximate { earliest_on, .. } => *earliest_on,
        }
    }

    pub fn latest(&self) -> NaiveDate {
        match self {
            FirstPublication::Exact { on } => *on,
            FirstPublication::Approximate { latest_on, .. } => *latest_on,
        }
    }

    pub fn is_approximate(&self) -> bool {
        matches!(self, FirstPublication::Approximate { .. })
    }
}

crate::named_enum! {
    /// Where a case stands on the ladder. Stored as the snake_case name (cached from the events).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CaseStatus {
        Open = "open" => "ouvert",
        Reported = "reported" => "signalé à la plateforme",
        HostNotified = "host_notified" => "notifié à l'hébergeur",
        FormalNotice = "formal_notice" => "mise en demeure envoyée",
        InCourt = "in_court" => "action en justice engagée",
        Removed = "removed" => "contenu retiré",
        Closed = "closed" => "clos",
    }
}

crate::named_enum! {
    /// How a case ended.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Outcome {
        Removed = "removed" => "contenu retiré",
        Judgment = "judgment" => "décision de justice obtenue",
        Settled = "settled" => "accord amiable",
        Abandoned = "abandoned" => "démarche abandonnée",
    }
}

/// What the doctor enters to open a case (from a review qualified as illicit, or from a page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseInput {
    /// A short title of the doctor's choosing ("Avis Google du 3 mars").
    pub title: String,
    /// The exact address of the content.
    pub url: String,
    /// The site or service ("Google Maps", "forum Doctissimo").
    pub site_name: String,
    /// The author's displayed name or pseudonym, if any.
    #[serde(default)]
    pub author: Option<String>,
    /// The review this case was opened from.
    #[serde(default)]
    pub review_id: Option<i64>,
    pub statements: Vec<QuotedStatement>,
    #[serde(default)]
    pub parties: Vec<Party>,
    pub first_publication: FirstPublication,
    /// When the doctor learnt of the content (starts the 5-year civil clock, C. civ. art. 2224).
    pub discovered_on: NaiveDate,
    #[serde(default)]
    pub notes: String,
}

/// A stored case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFile {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub site_name: String,
    pub author: Option<String>,
    pub review_id: Option<i64>,
    pub statements: Vec<QuotedStatement>,
    pub parties: Vec<Party>,
    pub first_publication: FirstPublication,
    pub discovered_on: NaiveDate,
    pub opened_on: NaiveDate,
    pub status: CaseStatus,
    pub outcome: Option<Outcome>,
    pub notes: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub updated_at: String,
}

impl CaseFile {
    pub fn party(&self, role: PartyRole) -> Option<&Party> {
        self.parties.iter().find(|p| p.role == role)
    }

    /// Every ground cited by at least one statement, in a stable order.
    pub fn grounds(&self) -> Vec<Ground> {
        let mut all: Vec<Ground> = self.statements.iter().flat_map(|s| s.grounds.iter().copied()).collect();
        all.sort();
        all.dedup();
        all
    }
}
/// The first publication as letters and the dossier say it: « le 5 mars 2026 », or the window
/// of an approximate date and the day the clocks count from.
pub fn publication_text(p: &FirstPublication) -> String {
    match p {
        FirstPublication::Exact { on } => format!("le {}", crate::text::french_date(*on)),
        FirstPublication::Approximate { earliest_on, latest_on, seen_text, seen_on } => format!(
            "entre le {} et le {} (date approximative : « {seen_text} » vu le {}) — les délais sont calculés depuis le {}, au plus tôt",
            crate::text::french_date(*earliest_on),
            crate::text::french_date(*latest_on),
            crate::text::french_date(*seen_on),
            crate::text::french_date(*earliest_on)
        ),
    }
}

