//! The letters a listing leads to: the RGPD erasure request to the site's publisher, the CNIL
//! complaint pack and the search-engine dereferencing request, each assembled from the profile,
//! the site and the listing's history.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{signer, LetterFile, StoredLetter};
use crate::domain::address::PostalAddress;
use crate::domain::deadline::gdpr_answer_due;
use crate::domain::listing::{ActionKind, Event, RequestChannel, Shown, Status};
use crate::domain::practice::Practitioner;
use crate::domain::site::Site;
use crate::domain::validation::Invalid;
use crate::error::Error;
use crate::letters::{
    dereferencing_form_text, french_date, ChronologyEntry, CnilComplaint, DereferencingRequest, ErasureRequest,
    LayoutSettings, LetterData, LetterKind, LetterOptions, RequestOutcome,
};
use crate::store::listings::letters::{self as letter_repo, NewLetter};
use crate::store::listings::{self as repo, ListingView, StoredEvent};
use crate::store::{sites, Store};
use crate::usecases::listings::view::{publisher_address, EventRow};

/// The letters a listing can lead to; serialised under the same names as [`LetterKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListingLetterKind {
    ErasureRequest,
    CnilComplaint,
    DereferencingRequest,
}

impl ListingLetterKind {
    pub fn letter_kind(self) -> LetterKind {
        match self {
            ListingLetterKind::ErasureRequest => LetterKind::ErasureRequest,
            ListingLetterKind::CnilComplaint => LetterKind::CnilComplaint,
            ListingLetterKind::DereferencingRequest => LetterKind::DereferencingRequest,
        }
    }

    fn action(self) -> ActionKind {
        match self {
            ListingLetterKind::ErasureRequest => ActionKind::GenerateErasureLetter,
            ListingLetterKind::CnilComplaint => ActionKind::CnilComplaintPack,
            ListingLetterKind::DereferencingRequest => ActionKind::DereferencingRequest,
        }
    }

    fn file_stem(self) -> &'static str {
        match self {
            ListingLetterKind::ErasureRequest => "demande-effacement",
            ListingLetterKind::CnilComplaint => "plainte-cnil",
            ListingLetterKind::DereferencingRequest => "dereferencement",
        }
    }
}

/// Postal address of the CNIL for complaints sent by post. Source: domain brief §2.3 and
/// checklist F, marked there as to be checked before release; the UI says the online form is
/// preferred and that the address must be checked on cnil.fr.
pub const CNIL_ADDRESS: [&str; 4] = ["CNIL", "3 place de Fontenoy", "TSA 80715", "75334 PARIS CEDEX 07"];

fn site_problem(message: String) -> Error {
    Error::Invalid(Invalid::single("site", message))
}

fn offered(view: &ListingView, kind: ListingLetterKind) -> Result<(), Error> {
    if view.next_actions.iter().any(|a| a.kind == kind.action()) {
        return Ok(());
    }
    let status = view.listing.state.status.label();
    Err(Error::Refused(match kind {
        ListingLetterKind::ErasureRequest => format!("La demande d'effacement n'est pas proposée pour une fiche à l'état « {status} »."),
        ListingLetterKind::CnilComplaint => match view.answer_deadline {
            Some(d) if view.listing.state.awaiting_answer() => format!(
                "La plainte à la CNIL se prépare une fois le délai de réponse de l'éditeur dépassé : il court jusqu'au {} ({}).",
                french_date(d.due_on),
                d.basis
            ),
            _ => format!("La plainte à la CNIL n'est pas proposée pour une fiche à l'état « {status} » : elle suit une demande d'effacement restée sans réponse ou refusée."),
        },
        ListingLetterKind::DereferencingRequest => format!("La demande de déréférencement n'est pas proposée pour une fiche à l'état « {status} » : elle suit une demande d'effacement restée sans effet."),
    }))
}

/// A listing's letter assembled under the store's lock, not yet rendered nor recorded.
pub struct Planned {
    pub kind: ListingLetterKind,
    pub listing_id: i64,
    pub stored: StoredLetter,
    /// The listing as the letter was assembled from it: [`record`] refuses if it changed since.
    seen: crate::domain::listing::ListingState,
}

/// Assembles the letter of `kind` for listing `id` (read only: nothing is written).
pub fn plan(
    store: &Store,
    id: i64,
    kind: ListingLetterKind,
    engine: Option<&str>,
    layout: LayoutSettings,
    today: NaiveDate,
) -> Result<Planned, Error> {
    let conn = store.conn();
    let view = repo::view(conn, id, today)?;
    offered(&view, kind)?;
    let sender = signer(store)?;
    let site = sites::get(conn, view.listing.site_id)?;
    let history = repo::events(conn, id)?;
    let (letter, recipient) = match kind {
        ListingLetterKind::ErasureRequest => (erasure(&view, &site), publisher_address(&site).map_err(site_problem)?),
        ListingLetterKind::CnilComplaint => (cnil_complaint(&view, &site, &history)?, PostalAddress::parse("recipient", &CNIL_ADDRESS)?),
        ListingLetterKind::DereferencingRequest => (dereferencing(&view, &sender, engine)?, sender.postal_address()?),
    };
    let options = LetterOptions { layout, registered: kind == ListingLetterKind::ErasureRequest, ..Default::default() };
    let file_name = format!("{today}-{}-{}.pdf", kind.file_stem(), site.domain);
    let stored = StoredLetter { letter, sender, recipient: recipient.lines().to_vec(), date: today, options, file_name };
    Ok(Planned { kind, listing_id: id, stored, seen: view.listing.state })
}

/// Records a planned letter once its PDF rendered. Refused when the listing moved on while the
/// PDF was being made (another window recorded a step): the doctor asks again.
pub fn record(store: &mut Store, planned: &Planned) -> Result<LetterFile, Error> {
    let new = NewLetter {
        kind: planned.kind.letter_kind(),
        listing_id: Some(planned.listing_id),
        recipient: serde_json::json!(planned.stored.recipient),
        data: planned.stored.to_json()?,
    };
    let row = store.transaction(|tx| {
        if repo::get(tx, planned.listing_id)?.state != planned.seen {
            return Err(Error::Refused("La fiche a changé pendant la préparation du courrier : demandez-le à nouveau.".into()));
        }
        letter_repo::insert(tx, &new)
    })?;
    let form_text = match planned.kind {
        ListingLetterKind::DereferencingRequest => Some(dereferencing_form_text(&planned.stored.letter, &planned.stored.sender, planned.stored.date)?),
        _ => None,
    };
    Ok(LetterFile { row, file_name: planned.stored.file_name.clone(), form_text })
}

fn erasure(view: &ListingView, site: &Site) -> LetterData {
    let l = &view.listing;
    let mut data_shown = vec!["nom et prénom".to_owned(), "spécialité".to_owned()];
    for label in l.shows.iter().map(|s| s.label().to_owned()) {
        if !data_shown.contains(&label) {
            data_shown.push(label);
        }
    }
    LetterData::ErasureRequest(ErasureRequest {
        site_name: site.name.clone(),
        listing_urls: vec![l.url.clone()],
        data_shown,
        found_on: l.state.found_on,
        shows_reviews: site.has_reviews || l.shows.contains(&Shown::Reviews),
    })
}

/// The erasure request as recorded (channel and registered-mail number).
fn request_event(history: &[StoredEvent]) -> Option<(RequestChannel, Option<String>)> {
    history.iter().rev().find_map(|e| match &e.event {
        Event::ErasureRequested { channel, registered_number, .. } => Some((*channel, registered_number.clone())),
        _ => None,
    })
}

fn cnil_complaint(view: &ListingView, site: &Site, history: &[StoredEvent]) -> Result<LetterData, Error> {
    let state = &view.listing.state;
    let sent = state
        .request_sent_on
        .ok_or_else(|| Error::Refused("Aucune demande d'effacement n'est enregistrée pour cette fiche : la CNIL exige d'abord une demande à l'éditeur.".into()))?;
    let p = &site.publisher;
    if p.company.trim().is_empty() {
        return Err(site_problem(format!(
            "La plainte doit nommer l'organisme mis en cause : indiquez la société qui édite « {} » dans la fiche du site.",
            site.name
        )));
    }
    let (channel, number) = request_event(history).unwrap_or((RequestChannel::RegisteredLetter, None));
    let refusal = history.iter().rev().find_map(|e| match &e.event {
        Event::RefusalReceived { replied_on, summary } => Some((*replied_on, summary.clone())),
        _ => None,
    });
    let reply = history.iter().rev().find_map(|e| match &e.event {
        Event::ReplyReceived { replied_on, summary } => Some((*replied_on, summary.clone())),
        _ => None,
    });
    let (outcome, outcome_detail) = match (&refusal, &reply, state.status) {
        (Some((_, s)), _, _) => (RequestOutcome::Refused, Some(s.clone())),
        (None, Some((_, s)), Status::Answered | Status::CnilComplaint | Status::DereferencingRequested) => (RequestOutcome::Incomplete, Some(s.clone())),
        _ => (RequestOutcome::NoAnswer, None),
    };
    let deadline = view
        .answer_deadline
        .map(|d| d.due_on)
        .unwrap_or_else(|| gdpr_answer_due(sent, state.extension_notified_on.is_some()).due_on);
    let events = history
        .iter()
        .filter(|e| !matches!(e.event, Event::ErasureRequested { .. } | Event::ReceiptAcknowledged { .. }))
        .map(|e| {
            let proof = EventRow::from(e.clone()).proof;
            let text = if proof.is_empty() { capitalise(e.event.label()) } else { format!("{} : {}", capitalise(e.event.label()), proof.join(" ; ")) };
            ChronologyEntry { date: e.occurred_on, event: text }
        })
        .collect();
    let mut attachments = vec![format!("Copie de ma demande d'opposition et d'effacement du {}", french_date(sent))];
    match (channel, &number) {
        (RequestChannel::RegisteredLetter, Some(n)) => attachments.push(format!("Preuve de dépôt de la lettre recommandée n° {n}")),
        (RequestChannel::RegisteredLetter, None) => attachments.push("Preuve de dépôt de la lettre recommandée".into()),
        _ => attachments.push(format!("Preuve de l'envoi de la demande le {} (courriel ou formulaire du site)", french_date(sent))),
    }
    if let (RequestChannel::RegisteredLetter, Some(r)) = (channel, state.received_on) {
        attachments.push(format!("Avis de réception daté du {}", french_date(r)));
    }
    for (on, _) in refusal.iter().chain(reply.iter()) {
        attachments.push(format!("Réponse de l'éditeur du {}", french_date(*on)));
    }
    attachments.push(format!("Copies d'écran de la fiche ({})", view.listing.url));
    Ok(LetterData::CnilComplaint(CnilComplaint {
        organisation: p.company.trim().to_owned(),
        siren: (!p.siren.is_empty()).then(|| p.siren.clone()),
        organisation_address: p.office_lines.clone(),
        site_name: site.name.clone(),
        listing_urls: vec![view.listing.url.clone()],
        request_sent_on: sent,
        received_on: state.received_on,
        registered_number: number,
        deadline,
        outcome,
        outcome_detail,
        events,
        attachments,
    }))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn dereferencing(view: &ListingView, sender: &Practitioner, engine: Option<&str>) -> Result<LetterData, Error> {
    let engine = engine.map(str::trim).filter(|e| !e.is_empty()).ok_or_else(|| {
        Error::Invalid(Invalid::single("engine_name", "Indiquez le moteur de recherche visé (Google, Bing…)."))
    })?;
    let mut attachments = vec!["Copie lisible d'une pièce d'identité".to_owned()];
    if let Some(sent) = view.listing.state.request_sent_on {
        attachments.push(format!("Copie de la demande d'effacement adressée à l'éditeur du site le {}", french_date(sent)));
    }
    Ok(LetterData::DereferencingRequest(DereferencingRequest {
        engine_name: engine.to_owned(),
        urls: vec![view.listing.url.clone()],
        searched_name: format!("{} {}", sender.first_name, sender.last_name),
        erasure_requested_on: view.listing.state.request_sent_on,
        extra_grounds: vec![],
        attachments,
    }))
}
