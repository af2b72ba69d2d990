//! What the Dossiers screens show, built once here: the list row, the case screen (statements
//! with their qualifications, the clocks, the next steps, the chronology, evidence and letters)
//! and the French wording of each step of the chronology.

use chrono::NaiveDate;
use serde::Serialize;

use erm_domain::case::actions::NextAction;
use erm_domain::case::clock::Clock;
use erm_domain::case::{CaseEvent, CaseFile, Evidence, Ground};
use erm_domain::deadline::days_left;
use crate::letters::LetterItem;

/// A ground with its label, as the screens and the letters name it.
#[derive(Debug, Clone, Serialize)]
pub struct GroundView {
    pub value: Ground,
    pub label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatementView {
    pub quote: String,
    pub grounds: Vec<GroundView>,
}

/// The nearest lapse of a case, as the list and the dashboard show it.
#[derive(Debug, Clone, Serialize)]
pub struct LapseView {
    pub label: String,
    pub lapses_on: NaiveDate,
    pub days_left: i64,
    /// How the screens mark it (passed, within 30 days, later).
    pub urgency: erm_domain::deadline::Urgency,
    /// Computed from the earliest possible publication day.
    pub approximate: bool,
}

/// One line of the Dossiers list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub title: String,
    pub site_name: String,
    pub url: String,
    pub status: erm_domain::case::CaseStatus,
    pub status_label: &'static str,
    pub open: bool,
    pub nearest_lapse: Option<LapseView>,
}

/// One step of the chronology, in French.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub on: NaiveDate,
    pub label: String,
    pub details: Vec<String>,
    pub note: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    #[serde(flatten)]
    pub evidence: Evidence,
    pub kind_label: &'static str,
}

/// Everything the case screen shows.
#[derive(Debug, Serialize)]
pub struct CaseDetail {
    pub case: CaseFile,
    /// The version the case form saves with (`store::versions`).
    pub row_version: i64,
    pub status_label: &'static str,
    pub statements: Vec<StatementView>,
    /// « le 3 mars 2026 », or the window of an approximate date with what was seen.
    pub publication_text: String,
    pub clocks: Vec<Clock>,
    pub nearest_lapse: Option<LapseView>,
    pub next_actions: Vec<NextAction>,
    pub events: Vec<EventRow>,
    pub evidence: Vec<EvidenceRow>,
    pub letters: Vec<LetterItem>,
    pub only_a_judge: &'static str,
    pub no_stop_warning: &'static str,
}

pub fn statements(case: &CaseFile) -> Vec<StatementView> {
    case.statements
        .iter()
        .map(|s| StatementView {
            quote: s.quote.clone(),
            grounds: s.grounds.iter().map(|g| GroundView { value: *g, label: g.label() }).collect(),
        })
        .collect()
}

pub use erm_domain::case::publication_text;

pub fn lapse_view(clock: &Clock, today: NaiveDate) -> LapseView {
    LapseView {
        label: clock.claim.to_owned(),
        lapses_on: clock.lapses_on,
        days_left: days_left(clock.lapses_on, today),
        urgency: erm_domain::deadline::urgency(days_left(clock.lapses_on, today), erm_domain::deadline::LAPSE_SOON_DAYS),
        approximate: clock.approximate,
    }
}

fn opt(label: &str, v: &Option<String>) -> Option<String> {
    v.as_deref().filter(|s| !s.is_empty()).map(|s| format!("{label} : {s}"))
}

/// The French label of a step and its proof, one line each.
pub fn describe(event: &CaseEvent) -> (String, Vec<String>) {
    let (label, details): (String, Vec<Option<String>>) = match event {
        CaseEvent::ReportMade { reason, reference, .. } => (
            "Signalement à la plateforme (outil de signalement)".into(),
            vec![Some(format!("Motif choisi : {reason}")), opt("Référence", reference)],
        ),
        CaseEvent::ReportDecided { decision, note, .. } => {
            (format!("Décision de la plateforme : {}", decision.label()), vec![(!note.is_empty()).then(|| note.clone())])
        }
        CaseEvent::AppealMade { reference, .. } => ("Contestation de la décision de la plateforme".into(), vec![opt("Référence", reference)]),
        CaseEvent::HostNotified { host, reference, registered_number, .. } => (
            format!("Notification à l'hébergeur {host} (DSA, art. 16)"),
            vec![opt("Référence du formulaire", reference), opt("Recommandé n°", registered_number)],
        ),
        CaseEvent::HostDecided { decision, note, .. } => {
            (format!("Décision de l'hébergeur : {}", decision.label()), vec![(!note.is_empty()).then(|| note.clone())])
        }
        CaseEvent::FormalNoticeSent { to, deadline_days, registered_number, .. } => (
            format!("Mise en demeure envoyée ({})", to.label().to_lowercase()),
            vec![Some(format!("Délai laissé : {deadline_days} jours après réception")), opt("Recommandé n°", registered_number)],
        ),
        CaseEvent::FormalNoticeReceived { basis, .. } => (format!("Mise en demeure reçue ({})", basis.event_label()), vec![]),
        CaseEvent::FollowUpSent { .. } => ("Relance envoyée".into(), vec![]),
        CaseEvent::AnswerReceived { from, complied, summary, .. } => (
            format!("Réponse reçue ({}) : {}", from.label().to_lowercase(), if *complied { "demande satisfaite" } else { "demande non satisfaite" }),
            vec![(!summary.is_empty()).then(|| summary.clone())],
        ),
        CaseEvent::ConstatOrdered { officer, reference, .. } => (
            "Constat commandé à un commissaire de justice".into(),
            vec![Some(format!("Commissaire de justice : {officer}")), opt("Référence", reference)],
        ),
        CaseEvent::ConstatDone { reference, .. } => ("Constat dressé".into(), vec![Some(format!("Référence : {reference}"))]),
        CaseEvent::LawyerConsulted { who, .. } => ("Conseil consulté".into(), vec![Some(who.clone())]),
        CaseEvent::CourtActionFiled { action, reference, .. } => (
            format!("Action en justice : {} — le délai de prescription est interrompu", action.label()),
            vec![opt("Référence", reference)],
        ),
        CaseEvent::ContentRemoved { how, .. } => ("Contenu retiré".into(), vec![(!how.is_empty()).then(|| how.clone())]),
        CaseEvent::ContentReappeared { .. } => ("Contenu de nouveau en ligne".into(), vec![]),
        CaseEvent::Closed { outcome, note, .. } => {
            (format!("Dossier clos : {}", outcome.label()), vec![(!note.is_empty()).then(|| note.clone())])
        }
    };
    (label, details.into_iter().flatten().collect())
}
