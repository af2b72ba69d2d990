//! The letters a listing leads to: the RGPD erasure request to the site's publisher, the CNIL
//! complaint pack and the search-engine dereferencing request, each assembled from the profile,
//! the site and the listing's history.

use crate::handle::Handle;
use chrono::NaiveDate;
use serde::Deserialize;

use super::{signer, LetterFile, StoredLetter};
use erm_domain::address::PostalAddress;
use erm_domain::deadline::gdpr_answer_due;
use erm_domain::facts;
use erm_domain::listing::{ActionKind, Event};
use erm_domain::validation::Invalid;
use crate::error::Error;
use erm_documents::letters::{assembly, dereferencing_form_text, french_date, CopySent, LayoutSettings, LetterKind, LetterOptions};
use erm_store::letters::{self as letter_repo, NewLetter};
use erm_store::listings::{self as repo, ListingView};
use erm_store::{sites, Store};
use erm_domain::site::publisher_postal_address as publisher_address;

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

/// Postal address of the CNIL for complaints sent by post: [`facts::CNIL_POSTAL_LINES`], shown
/// with its « à vérifier » caveat ([`facts::cnil_postal_address`]) on screen and in the pack.
pub const CNIL_ADDRESS: [&str; 4] = facts::CNIL_POSTAL_LINES;

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
        ListingLetterKind::DereferencingRequest => match view.listing.state.dereferencing_requested_on {
            Some(on) => format!("Une demande de déréférencement est déjà enregistrée pour cette fiche (le {}).", french_date(on)),
            None => format!("La demande de déréférencement n'est pas proposée pour cette fiche (« {status} », site de type « {} »).", view.site_kind.label()),
        },
    }))
}

/// A listing's letter assembled under the store's lock, not yet rendered nor recorded.
pub struct Planned {
    pub kind: ListingLetterKind,
    pub listing_id: i64,
    pub stored: StoredLetter,
    /// The listing as the letter was assembled from it: [`record`] refuses if it changed since.
    seen: erm_domain::listing::ListingState,
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
    let extras = PlanExtras { engine: engine.map(str::to_owned), ..Default::default() };
    plan_with(store, id, kind, &extras, layout, today)
}

/// What the doctor may add in the letter's form, beyond what the store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PlanExtras {
    /// Dereferencing: the engine (Google, Bing, or another).
    pub engine: Option<String>,
    /// Erasure: the same request also sent today by email or through the site's form
    /// (« J'envoie aussi cette demande par courriel / par le formulaire du site »).
    pub copy_sent: Option<CopySent>,
    /// CNIL complaint: why the organisation's SIREN could not be found, when the site has none.
    pub siren_missing_reason: Option<String>,
    /// Erasure: the doctor says they never received the information article 14 of the GDPR
    /// requires (the letter says so only then).
    pub not_informed: bool,
    /// Erasure: the doctor chose to write a new version while an earlier one waits to be posted
    /// (the earlier one stays in the register).
    pub new_version: bool,
}

/// The erasure letter of listing `id` written but not posted yet, if any (the latest).
pub fn unposted_erasure_letter(letters: &[erm_store::letters::LetterRow]) -> Option<&erm_store::letters::LetterRow> {
    letters.iter().rfind(|l| l.kind == LetterKind::ErasureRequest && l.sent_on.is_none())
}

/// What happens to the earlier version when a new one is written, said before the doctor chooses.
pub fn new_version_caveat(written_on: NaiveDate) -> String {
    format!(
        "Une demande datée du {} attend déjà d'être postée. Une nouvelle version ne la remplace pas : \
         elle reste dans « Courriers » ; postez une seule version et marquez celle-là envoyée.",
        french_date(written_on)
    )
}

/// [`plan`] with the optional elements of the letter's form.
pub fn plan_with(
    store: &Store,
    id: i64,
    kind: ListingLetterKind,
    extras: &PlanExtras,
    layout: LayoutSettings,
    today: NaiveDate,
) -> Result<Planned, Error> {
    let engine = extras.engine.as_deref();
    let conn = store.conn();
    let view = repo::view(conn, id, today)?;
    offered(&view, kind)?;
    let sender = signer(store)?;
    let site = sites::get(conn, view.listing.site_id)?;
    let history = repo::events(conn, id)?;
    let events: Vec<Event> = history.into_iter().map(|e| e.event).collect();
    if let Some(copy) = &extras.copy_sent {
        check_copy_sent(copy, today)?;
    }
    if kind == ListingLetterKind::ErasureRequest && !extras.new_version {
        if let Some(earlier) = unposted_erasure_letter(&letter_repo::for_listing(conn, id)?) {
            let on = StoredLetter::from_row(earlier).map(|s| s.date).unwrap_or(today);
            return Err(Error::Refused(format!("{} Confirmez si vous voulez tout de même une nouvelle version.", new_version_caveat(on))));
        }
    }
    let (letter, recipient) = match kind {
        ListingLetterKind::ErasureRequest => {
            (assembly::erasure_request(&view.listing, &site, extras.copy_sent.clone(), extras.not_informed), publisher_address(&site).map_err(site_problem)?)
        }
        ListingLetterKind::CnilComplaint => {
            let state = &view.listing.state;
            let sent = state.request_sent_on.ok_or_else(|| {
                Error::Refused("Aucune demande d'effacement n'est enregistrée pour cette fiche : la CNIL exige d'abord une demande à l'éditeur.".into())
            })?;
            // The clock starts at receipt; without one recorded, a month after sending is the
            // nearest estimate (the machine only offers the pack once a deadline has passed).
            let deadline = view
                .answer_deadline
                .map(|d| d.due_on)
                .unwrap_or_else(|| gdpr_answer_due(sent, state.extension_notified_on.is_some()).due_on);
            let inputs = assembly::CnilInputs { deadline, status: state.status, siren_missing_reason: extras.siren_missing_reason.clone() };
            (assembly::cnil_complaint(&view.listing, &site, &events, &inputs)?, PostalAddress::parse("recipient", &CNIL_ADDRESS)?)
        }
        ListingLetterKind::DereferencingRequest => {
            let engine = engine.unwrap_or_default();
            let name = format!("{} {}", sender.first_name, sender.last_name);
            // Filed through the engine's form: the PDF is a copy for the file and prints no
            // window address; the row keeps the doctor's address as its (unused) recipient.
            (assembly::dereferencing_request(&view.listing, &name, engine)?, sender.postal_address()?)
        }
    };
    let options = LetterOptions { layout, registered: kind == ListingLetterKind::ErasureRequest, ..Default::default() };
    // The checklist of the kind (SIREN or its reason, proofs of the prior request…) is checked
    // here, under the lock, so that the doctor hears what is missing before any rendering.
    letter.check_wording(options.wording)?;
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
        case_id: None,
        recipient: serde_json::json!(planned.stored.recipient),
        data: planned.stored.to_json()?,
    };
    let row = store.transaction(|tx| {
        if repo::get(tx, planned.listing_id)?.state != planned.seen {
            return Err(Error::Refused("La fiche a changé pendant la préparation du courrier : demandez-le à nouveau.".into()));
        }
        Ok(letter_repo::insert(tx, &new)?)
    })?;
    let form_text = match planned.kind {
        ListingLetterKind::DereferencingRequest => Some(dereferencing_form_text(&planned.stored.letter, &planned.stored.sender, planned.stored.date)?),
        _ => None,
    };
    let file_name = super::pdf_name(row.id, &planned.stored);
    Ok(LetterFile { row, file_name, form_text })
}

/// The copy sent electronically must name a real address and a date that has come.
fn check_copy_sent(copy: &erm_documents::letters::CopySent, today: NaiveDate) -> Result<(), Invalid> {
    use erm_documents::letters::CopyChannel;
    let mut inv = Invalid::new();
    match copy.channel {
        CopyChannel::Email if !erm_domain::validation::is_email(copy.address.trim()) => {
            inv.push("copy_address", "Indiquez l'adresse électronique à laquelle la copie a été envoyée (par exemple dpo@exemple.fr).");
        }
        CopyChannel::WebForm => {
            if let Err(e) = erm_domain::web::parse_web_address(&copy.address) {
                inv.push("copy_address", format!("Adresse du formulaire : {}", e.message(&copy.address)));
            }
        }
        _ => {}
    }
    if copy.on > today {
        inv.push("copy_on", "La copie ne peut pas avoir été envoyée dans le futur.");
    }
    inv.into_result(())
}

/// Writes a listing's letter: assembled under the store's lock with the saved envelope settings,
/// rendered outside it, then recorded.
pub async fn generate(h: &impl Handle, id: i64, kind: ListingLetterKind, extras: PlanExtras) -> Result<super::Generated, Error> {
    let today = h.today();
    let planned = h
        .run(move |s| {
            let layout = crate::settings::envelope(s)?;
            plan_with(s, id, kind, &extras, layout, today)
        })
        .await?;
    super::render_and_record(h, planned, |p| &p.stored, |s, p| record(s, p), kind.letter_kind()).await
}
