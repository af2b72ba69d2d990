//! What the listings screens receive: the store's `ListingView` plus the French labels and the
//! proof sentences the UI shows as they are, so no wording or rule lives in JavaScript. Each view
//! model is built here and only here.

use serde::Serialize;

use erm_domain::listing::{
    actions::{CAVEAT_LAWYER, CAVEAT_NOT_FOR_REVIEWS},
    Event, PresenceOutcome, ReceiptBasis, RemovalProof, RequestChannel,
};
use erm_domain::site::Site;
use erm_documents::letters::french_date;
use erm_store::listings::{ListingView, StoredEvent};

use crate::letters::LetterItem;

/// One line of the list of listings.
#[derive(Debug, Serialize)]
pub struct ListingRow {
    #[serde(flatten)]
    pub view: ListingView,
    pub status_label: &'static str,
    pub shows_labels: Vec<&'static str>,
}

impl From<ListingView> for ListingRow {
    fn from(view: ListingView) -> Self {
        ListingRow {
            status_label: view.listing.state.status.label(),
            shows_labels: view.listing.shows.iter().map(|s| s.label()).collect(),
            view,
        }
    }
}

/// One step of the history, ready to print.
#[derive(Debug, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub occurred_on: chrono::NaiveDate,
    pub recorded_at: String,
    pub kind: &'static str,
    pub label: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    /// What proves the step, in French (registered-mail number, reply summary, HTTP status…).
    pub proof: Vec<String>,
    pub note: String,
    /// For presence checks: online / removed / unreachable / inconclusive.
    pub presence: Option<PresenceOutcome>,
}

impl From<StoredEvent> for EventRow {
    fn from(e: StoredEvent) -> Self {
        EventRow {
            id: e.id,
            occurred_on: e.occurred_on,
            recorded_at: e.recorded_at,
            kind: e.event.kind(),
            label: e.event.label(),
            from_label: e.from_status.label(),
            to_label: e.to_status.label(),
            presence: match &e.event {
                Event::PresenceChecked { check, .. } => Some(check.outcome),
                _ => None,
            },
            proof: proof_lines(&e.event),
            note: e.note,
        }
    }
}

fn proof_lines(event: &Event) -> Vec<String> {
    let filled = |s: &str| !s.trim().is_empty();
    match event {
        Event::ErasureRequested { channel, letter_id, registered_number, .. } => {
            let mut out = vec![match channel {
                RequestChannel::RegisteredLetter => match registered_number {
                    Some(n) => format!("Lettre recommandée avec avis de réception n° {n}"),
                    None => "Lettre recommandée avec avis de réception".to_owned(),
                },
                RequestChannel::Email => "Envoyée par courriel".to_owned(),
                RequestChannel::WebForm => "Envoyée par le formulaire du site".to_owned(),
            }];
            if let Some(id) = letter_id {
                out.push(format!("Courrier n° {id} préparé par l'application"));
            }
            out
        }
        Event::ReceiptAcknowledged { acknowledged_on, basis } => vec![match basis {
            ReceiptBasis::Acknowledged => {
                format!("Avis de réception daté du {} : le délai de réponse court depuis ce jour", french_date(*acknowledged_on))
            }
            ReceiptBasis::FirstPresentation => format!(
                "Pas d'avis de réception revenu : première présentation le {} (suivi La Poste), retenue comme date de réception ; le délai de réponse court depuis ce jour",
                french_date(*acknowledged_on)
            ),
            ReceiptBasis::ReturnedUnclaimed => format!(
                "Lettre retournée « pli avisé et non réclamé », présentée le {} : cette date de première présentation est retenue comme date de réception ; le délai de réponse court depuis ce jour",
                french_date(*acknowledged_on)
            ),
        }],
        Event::ExtensionNotified { reasons, .. } => vec![format!("Motifs donnés par l'éditeur : {reasons}")],
        Event::ReplyReceived { summary, .. } | Event::RefusalReceived { summary, .. } => vec![format!("Réponse : {summary}")],
        Event::NoAnswerRecorded { .. } => vec!["Aucune réponse reçue dans le délai légal".to_owned()],
        Event::CnilComplaintFiled { reference, .. } if filled(reference) => vec![format!("Référence de la plainte : {reference}")],
        Event::CnilComplaintFiled { .. } => vec![],
        Event::DereferencingRequested { engines, .. } => vec![format!("Moteurs de recherche : {}", engines.join(", "))],
        Event::PresenceChecked { check, .. } => {
            let mut out = vec![check.detail.clone()];
            if let Some(code) = check.http_status {
                out.push(format!("Réponse du site : HTTP {code}"));
            }
            out
        }
        Event::RemovalConfirmed { proof, .. } => vec![match proof {
            RemovalProof::PresenceCheck { check } => format!("Constaté par la vérification de présence : {}", check.detail),
            RemovalProof::PublisherConfirmation { summary } => format!("Confirmé par l'éditeur : {summary}"),
            RemovalProof::Observation { note } => format!("Constaté par vous : {note}"),
        }],
        Event::Reappeared { note, .. } if filled(note) => vec![note.clone()],
        Event::Reappeared { .. } => vec![],
    }
}

/// Everything the listing screen shows.
#[derive(Debug, Serialize)]
pub struct ListingDetail {
    #[serde(flatten)]
    pub row: ListingRow,
    /// The version the listing form saves with (`store::versions`).
    pub row_version: i64,
    pub site: Site,
    /// The version the site form saves with, when the publisher is edited from the listing.
    pub site_row_version: i64,
    /// Why no letter can be addressed to the publisher yet (French), or `None` when the
    /// publisher's name and postal address make a valid window-envelope address.
    pub publisher_address_problem: Option<String>,
    pub events: Vec<EventRow>,
    pub letters: Vec<LetterItem>,
    /// Notes that apply to the whole flow (the guide's caveats).
    pub caveats: Vec<&'static str>,
    /// Where a printed CNIL complaint goes (one copy of it, in Rust; to be checked on cnil.fr).
    pub cnil_postal_address: &'static [&'static str],
    /// « à vérifier … relevé le … », to show beside that address.
    pub cnil_postal_caveat: String,
    /// What a receipt date may rest on (acknowledgement, first presentation, returned unclaimed).
    pub receipt_choices: Vec<super::Choice>,
    /// The search engines to ask for dereferencing, one request each, with their forms.
    pub engines: Vec<EngineForm>,
}

/// A search engine's dereferencing form as the screen shows it, with its « à vérifier » notes.
#[derive(Debug, Serialize)]
pub struct EngineForm {
    pub name: &'static str,
    pub form_title: String,
    pub form_title_caveat: String,
    pub form_url: String,
    pub form_url_caveat: String,
    /// A request to this engine is already recorded for the listing.
    pub asked: bool,
}

/// The engines with their forms, marked when the history already records a request to them.
pub fn engine_forms(history: &[Event]) -> Vec<EngineForm> {
    let left: Vec<&str> = erm_documents::letters::assembly::engines_still_to_ask(history).iter().map(|e| e.name).collect();
    erm_domain::facts::search_engines()
        .into_iter()
        .map(|e| EngineForm {
            name: e.name,
            form_title_caveat: e.form_title.caveat(),
            form_title: e.form_title.value,
            form_url_caveat: e.form_url.caveat(),
            form_url: e.form_url.value,
            asked: !left.contains(&e.name),
        })
        .collect()
}

pub const GENERAL_CAVEATS: [&str; 2] = [CAVEAT_NOT_FOR_REVIEWS, CAVEAT_LAWYER];

#[cfg(test)]
mod engine_tests {
    use super::*;

    #[test]
    fn both_engines_are_prompted_with_their_unverified_forms() {
        let on = chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap();
        let forms = engine_forms(&[Event::DereferencingRequested { requested_on: on, engines: vec!["Google".into()] }]);
        let names: Vec<(&str, bool)> = forms.iter().map(|f| (f.name, f.asked)).collect();
        assert_eq!(names, [("Google", true), ("Bing", false)]);
        assert!(forms.iter().all(|f| f.form_url.starts_with("https://") && f.form_url_caveat.contains("à vérifier") && f.form_title_caveat.contains("à vérifier")));
    }
}
