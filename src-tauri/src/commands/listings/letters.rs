//! The letters a listing leads to: the RGPD erasure request to the site's publisher, the CNIL
//! complaint pack and the search-engine dereferencing request. Each is built from the profile,
//! the site and the listing's history, recorded as a `letter` row that holds everything the PDF
//! was made from ([`StoredLetter`]), then rendered by the core's letter engine. Regenerating a row
//! gives the same bytes, so the row is the truth and the saved PDF only a copy.

use chrono::NaiveDate;
use erm_core::domain::address::PostalAddress;
use erm_core::domain::deadline::gdpr_answer_due;
use erm_core::domain::listing::{ActionKind, Event, RequestChannel, Status};
use erm_core::domain::practice::Practitioner;
use erm_core::domain::site::Site;
use erm_core::domain::validation::Invalid;
use erm_core::letters::{
    dereferencing_form_text, french_date, render_letter, ChronologyEntry, CnilComplaint, DereferencingRequest, ErasureRequest,
    LayoutSettings, LetterData, LetterKind, LetterOptions, RequestOutcome,
};
use erm_core::store::listings::letters::{self as letter_repo, LetterRow, NewLetter};
use erm_core::store::listings::{self as repo, ListingView, StoredEvent};
use erm_core::store::{practice, sites, Store};
use erm_core::Error;
use serde::{Deserialize, Serialize};

use super::view::publisher_address;

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

/// The complete input of a letter's PDF, stored as the row's `data`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredLetter {
    pub letter: LetterData,
    /// The signer as they were when the letter was written (a later profile edit must not
    /// change a letter already posted).
    pub sender: Practitioner,
    pub recipient: Vec<String>,
    /// The date printed on the letter.
    pub date: NaiveDate,
    pub options: LetterOptions,
    pub file_name: String,
}

/// A letter just written: its row, its PDF and, for a dereferencing request, the text to paste
/// into the search engine's form.
pub struct Prepared {
    pub row: LetterRow,
    pub pdf: Vec<u8>,
    pub file_name: String,
    pub form_text: Option<String>,
}

/// Postal address of the CNIL for complaints sent by post. Source: domain brief §2.3 and
/// checklist F, marked there as to be checked before release; the UI says the online form is
/// preferred and that the address must be checked on cnil.fr.
pub const CNIL_ADDRESS: [&str; 4] = ["CNIL", "3 place de Fontenoy", "TSA 80715", "75334 PARIS CEDEX 07"];

fn site_problem(message: String) -> Error {
    Error::Invalid(Invalid::single("site", message))
}

fn signer(store: &Store) -> Result<Practitioner, Error> {
    practice::default_signer(store.conn())?
        .ok_or_else(|| Error::Refused("Enregistrez d'abord votre profil (Paramètres → Médecins du cabinet) : il signe les courriers.".into()))
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

/// Writes the letter of `kind` for listing `id`, records its row and renders its PDF. The caller
/// holds the store's lock, so nothing changes between the reads and the insert.
pub fn prepare(
    store: &mut Store,
    id: i64,
    kind: ListingLetterKind,
    engine: Option<&str>,
    layout: LayoutSettings,
    today: NaiveDate,
) -> Result<Prepared, Error> {
    let conn = store.conn();
    let view = repo::view(conn, id, today)?;
    offered(&view, kind)?;
    let sender = signer(store)?;
    let site = sites::get(conn, view.listing.site_id)?;
    let history = repo::events(conn, id)?;
    let (letter, recipient) = match kind {
        ListingLetterKind::ErasureRequest => (erasure(&view, &site), publisher_address(&site).map_err(site_problem)?),
        ListingLetterKind::CnilComplaint => (cnil_complaint(&view, &site, &history)?, PostalAddress::parse("recipient", &CNIL_ADDRESS)?),
        ListingLetterKind::DereferencingRequest => (dereferencing(&view, &sender, engine)?, sender.postal_address()),
    };
    let options = LetterOptions { layout, registered: kind == ListingLetterKind::ErasureRequest, ..Default::default() };
    let file_name = format!("{today}-{}-{}.pdf", kind.file_stem(), site.domain);
    let stored = StoredLetter { letter, sender, recipient: recipient.lines().to_vec(), date: today, options, file_name };
    let pdf = render(&stored)?;
    let form_text = match kind {
        ListingLetterKind::DereferencingRequest => Some(dereferencing_form_text(&stored.letter, &stored.sender, today)?),
        _ => None,
    };
    let data = serde_json::to_value(&stored).map_err(|e| Error::Document(format!("Courrier impossible à enregistrer : {e}")))?;
    let new = NewLetter { kind: kind.letter_kind(), listing_id: Some(id), recipient: serde_json::json!(stored.recipient), data };
    let row = store.transaction(|tx| letter_repo::insert(tx, &new))?;
    Ok(Prepared { row, pdf, file_name: stored.file_name, form_text })
}

fn render(stored: &StoredLetter) -> Result<Vec<u8>, Error> {
    let recipient = PostalAddress::parse("recipient", &stored.recipient)?;
    render_letter(&stored.letter, &stored.sender, &recipient, stored.date, &stored.options)
}

/// The date printed on a stored letter, when its row can be read.
pub fn regenerate_date(row: &LetterRow) -> Option<NaiveDate> {
    row.data.get("date").and_then(|d| serde_json::from_value(d.clone()).ok())
}

fn stored(row: &LetterRow) -> Result<StoredLetter, Error> {
    serde_json::from_value(row.data.clone())
        .map_err(|e| Error::Document(format!("Ce courrier a été enregistré dans un format que cette version ne sait pas relire ({e}).")))
}

/// The PDF of a stored letter, made again from its row, with the file name it was first given.
pub fn regenerate(row: &LetterRow) -> Result<(Vec<u8>, String), Error> {
    let stored = stored(row)?;
    Ok((render(&stored)?, stored.file_name))
}

/// The text to paste into a search engine's form, made again from a stored dereferencing request.
pub fn form_text(row: &LetterRow) -> Result<String, Error> {
    if row.kind != LetterKind::DereferencingRequest {
        return Err(Error::Refused("Seule une demande de déréférencement a un texte à coller dans un formulaire.".into()));
    }
    let stored = stored(row)?;
    dereferencing_form_text(&stored.letter, &stored.sender, stored.date)
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
        shows_reviews: site.has_reviews || l.shows.contains(&erm_core::domain::listing::Shown::Reviews),
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
            let proof = super::view::EventRow::from(e.clone()).proof;
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
