//! Fiches nominatives: the listings a doctor found on directory sites, the steps of each one
//! (erasure request, receipt, answer, CNIL complaint, dereferencing, removal), the letters they
//! lead to and the presence check. "Today" is taken here, from the local clock, so every
//! deadline is computed in Rust and the UI never decides what is overdue.

mod events;
pub mod letters;
pub mod view;

use chrono::NaiveDate;
use erm_core::domain::listing::{self as rules, Event, ListingInput, Shown, Status};
use erm_core::domain::site::SiteKind;
use erm_core::letters::LetterKind;
use erm_core::store::listings::letters::{self as letter_repo, LetterRow};
use erm_core::store::listings::{self as repo};
use erm_core::store::{practice, settings, sites, Store};
use erm_core::watch::http::{HttpClient, HttpConfig};
use erm_core::watch::presence::check_presence;
use erm_core::Error;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

pub use events::EventInput;
use events::{parse_date, to_event};
pub use letters::ListingLetterKind;
use view::{letter_item, publisher_address, EventRow, LetterItem, ListingDetail, ListingRow, GENERAL_CAVEATS};

use crate::clock::today;
use crate::error::{CmdResult, CommandError};
use crate::{export, AppState};

#[derive(Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// The fixed lists the listing and site forms offer, with their French labels.
#[derive(Serialize)]
pub struct ListingOptions {
    pub shown: Vec<Choice>,
    pub site_kinds: Vec<Choice>,
    /// Default value of the date fields ("AAAA-MM-JJ").
    pub today: NaiveDate,
}

#[tauri::command]
pub fn listing_options() -> ListingOptions {
    ListingOptions {
        shown: Shown::ALL.iter().map(|s| Choice { value: s.as_str(), label: s.label() }).collect(),
        site_kinds: SiteKind::ALL.iter().map(|k| Choice { value: k.as_str(), label: k.label() }).collect(),
        today: today(),
    }
}

/// The listing screen's data on `today`.
pub fn detail(store: &Store, id: i64, today: NaiveDate) -> Result<ListingDetail, Error> {
    let conn = store.conn();
    let view = repo::view(conn, id, today)?;
    let site = sites::get(conn, view.listing.site_id)?;
    let status = view.listing.state.status;
    let publisher_address_problem = if site.kind.erasure_applies() { publisher_address(&site).err() } else { None };
    Ok(ListingDetail {
        events: repo::events(conn, id)?.into_iter().map(EventRow::from).collect(),
        letters: letter_repo::for_listing(conn, id)?.iter().map(|l| letter_item(l, status)).collect(),
        row: ListingRow::from(view),
        site,
        publisher_address_problem,
        caveats: GENERAL_CAVEATS.to_vec(),
    })
}

#[tauri::command]
pub fn listing_list(state: State<'_, AppState>) -> CmdResult<Vec<ListingRow>> {
    let store = state.store()?;
    Ok(repo::list(store.conn(), today())?.into_iter().map(ListingRow::from).collect())
}

#[tauri::command]
pub fn listing_get(state: State<'_, AppState>, id: i64) -> CmdResult<ListingDetail> {
    let store = state.store()?;
    Ok(detail(&store, id, today())?)
}

#[derive(Deserialize)]
pub struct SaveArgs {
    /// Absent for a new listing.
    pub id: Option<i64>,
    pub input: ListingInput,
}

#[tauri::command]
pub fn listing_save(state: State<'_, AppState>, args: SaveArgs) -> CmdResult<ListingDetail> {
    let today = today();
    let data = rules::validate(&args.input, today).map_err(Error::from)?;
    let mut store = state.store()?;
    let saved = store.transaction(|tx| match args.id {
        Some(id) => repo::update(tx, id, &data),
        None => repo::create(tx, &data),
    })?;
    Ok(detail(&store, saved.id, today)?)
}

#[tauri::command]
pub fn listing_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    let mut store = state.store()?;
    Ok(store.transaction(|tx| repo::delete(tx, id))?)
}

#[derive(Deserialize)]
pub struct RecordArgs {
    pub id: i64,
    pub input: EventInput,
}

/// Records one step through the state machine; an illegal step comes back as `refused` with a
/// French message naming both states. An acknowledgement of receipt goes onto the erasure letter
/// waiting for it, so the letter row and the listing stay in step.
#[tauri::command]
pub fn listing_record_event(state: State<'_, AppState>, args: RecordArgs) -> CmdResult<ListingDetail> {
    let today = today();
    let mut store = state.store()?;
    let history = repo::events(store.conn(), args.id)?;
    let event = to_event(&args.input, &history).map_err(Error::from)?;
    let note = args.input.note.clone();
    let awaiting_ack = letter_repo::for_listing(store.conn(), args.id)?
        .into_iter()
        .rfind(|l| l.kind == LetterKind::ErasureRequest && l.sent_on.is_some() && l.acknowledged_on.is_none());
    store.transaction(|tx| match (&event, awaiting_ack) {
        (Event::ReceiptAcknowledged { acknowledged_on }, Some(letter)) => {
            letter_repo::mark_acknowledged(tx, letter.id, *acknowledged_on, today).map(|_| ())
        }
        _ => repo::record_event(tx, args.id, &event, &note, today).map(|_| ()),
    })?;
    Ok(detail(&store, args.id, today)?)
}

/// What the presence check found, with the updated listing.
#[derive(Serialize)]
pub struct PresenceReport {
    pub outcome: erm_core::domain::listing::PresenceOutcome,
    /// One French sentence (also stored in the history).
    pub detail: String,
    pub listing: ListingDetail,
}

/// Fetches the listing's page once and records the verdict as a dated event. Offline, the
/// verdict is "unreachable" with a French explanation; it is recorded too (it is a fact).
#[tauri::command]
pub async fn listing_check_presence(state: State<'_, AppState>, id: i64) -> CmdResult<PresenceReport> {
    let (url, names) = {
        let store = state.store()?;
        let listing = repo::get(store.conn(), id)?;
        let names: Vec<String> = practice::list(store.conn())?.into_iter().map(|p| p.last_name).collect();
        (listing.url, names)
    };
    let client = HttpClient::new(HttpConfig::default()).map_err(Error::from)?;
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let result = check_presence(&client, &url, &name_refs).await?;
    let today = today();
    let proof = result.to_proof();
    let mut store = state.store()?;
    store.transaction(|tx| repo::record_event(tx, id, &Event::PresenceChecked { checked_on: today, check: proof.clone() }, "", today))?;
    Ok(PresenceReport { outcome: proof.outcome, detail: proof.detail, listing: detail(&store, id, today)? })
}

#[derive(Deserialize)]
pub struct GenerateArgs {
    pub id: i64,
    pub kind: ListingLetterKind,
    /// Search engine, for a dereferencing request.
    #[serde(default)]
    pub engine: Option<String>,
}

/// A letter just written.
#[derive(Serialize)]
pub struct GeneratedLetter {
    pub letter: LetterItem,
    /// Where the PDF was saved and whether it opened; absent when the doctor cancelled the
    /// dialog or, for a dereferencing request, before the printable copy is asked for.
    #[serde(flatten)]
    pub saved: Option<export::Saved>,
    /// The text to paste into the search engine's form (dereferencing only).
    pub form_text: Option<String>,
}

fn envelope(store: &Store) -> Result<erm_core::letters::LayoutSettings, Error> {
    // Read here rather than through `settings::envelope`, which would take the store lock we hold.
    Ok(settings::get(store.conn(), super::settings::ENVELOPE_KEY)?.unwrap_or_default())
}

/// Writes a listing's letter and records it. The erasure letter and the CNIL pack are then saved
/// where the doctor chooses and opened in the system viewer; a dereferencing request returns its
/// form text first, its printable copy comes from [`letter_export`].
#[tauri::command]
pub async fn listing_letter_generate<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: GenerateArgs,
) -> CmdResult<GeneratedLetter> {
    let today = today();
    let prepared = {
        let mut store = state.store()?;
        let layout = envelope(&store)?;
        letters::prepare(&mut store, args.id, args.kind, args.engine.as_deref(), layout, today)?
    };
    let status = repo::get(state.store()?.conn(), args.id)?.state.status;
    let letter = letter_item(&prepared.row, status);
    if args.kind == ListingLetterKind::DereferencingRequest {
        return Ok(GeneratedLetter { letter, saved: None, form_text: prepared.form_text });
    }
    let saved = export::save_and_open(&app, &prepared.file_name, &prepared.pdf)?;
    Ok(GeneratedLetter { letter, saved, form_text: None })
}

/// Makes a stored letter's PDF again from its row, asks where to save it and opens it.
#[tauri::command]
pub async fn letter_export<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: i64) -> CmdResult<Option<export::Saved>> {
    let row = letter_repo::get(state.store()?.conn(), id)?;
    let (pdf, file_name) = letters::regenerate(&row)?;
    export::save_and_open(&app, &file_name, &pdf)
}

/// « Copier le texte »: the dereferencing form text, regenerated from the stored letter and put
/// on the clipboard from Rust.
#[tauri::command]
pub fn letter_copy_form_text<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    let text = letters::form_text(&letter_repo::get(state.store()?.conn(), id)?)?;
    export::copy_text(&app, &text)
}

fn letter_view(store: &Store, row: &LetterRow) -> CmdResult<LetterItem> {
    let status = match row.listing_id {
        Some(l) => repo::get(store.conn(), l)?.state.status,
        None => Status::Found,
    };
    Ok(letter_item(row, status))
}

#[derive(Deserialize)]
pub struct MarkSentArgs {
    pub id: i64,
    pub sent_on: String,
    #[serde(default)]
    pub registered_number: String,
}

/// "Marquer envoyée": the posting date and the registered-mail number; an erasure letter moves
/// its listing to "demande d'effacement envoyée".
#[tauri::command]
pub fn letter_mark_sent(state: State<'_, AppState>, args: MarkSentArgs) -> CmdResult<LetterItem> {
    let today = today();
    let sent_on = parse_date("sent_on", &args.sent_on, "la date de dépôt à La Poste").map_err(Error::from)?;
    let mut store = state.store()?;
    // A letter the app wrote cannot have been posted before the date printed on it.
    let written = letters::regenerate_date(&letter_repo::get(store.conn(), args.id)?);
    if let Some(written) = written.filter(|w| sent_on < *w) {
        let msg = format!("Ce courrier est daté du {} : il n'a pas pu être posté avant.", erm_core::letters::french_date(written));
        return Err(CommandError::invalid("sent_on", msg));
    }
    let row = store
        .transaction(|tx| letter_repo::mark_sent(tx, args.id, sent_on, Some(args.registered_number.as_str()), today))
        .map_err(|e| field_as(e, "occurred_on", "sent_on"))?;
    letter_view(&store, &row)
}

#[derive(Deserialize)]
pub struct MarkAcknowledgedArgs {
    pub id: i64,
    pub acknowledged_on: String,
}

/// "Accusé de réception reçu": the date on the card starts the publisher's one-month clock.
#[tauri::command]
pub fn letter_mark_acknowledged(state: State<'_, AppState>, args: MarkAcknowledgedArgs) -> CmdResult<LetterItem> {
    let today = today();
    let on = parse_date("acknowledged_on", &args.acknowledged_on, "la date portée sur l'avis de réception").map_err(Error::from)?;
    let mut store = state.store()?;
    let row = store
        .transaction(|tx| letter_repo::mark_acknowledged(tx, args.id, on, today))
        .map_err(|e| field_as(e, "occurred_on", "acknowledged_on"))?;
    letter_view(&store, &row)
}

/// The state machine reports dates on `occurred_on`; the letter forms call that field otherwise.
fn field_as(e: Error, from: &str, to: &str) -> CommandError {
    let mut e = CommandError::from(e);
    for f in &mut e.fields {
        if f.field == from {
            f.field = to.to_owned();
        }
    }
    e
}
