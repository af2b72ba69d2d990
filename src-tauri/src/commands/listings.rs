//! Fiches nominatives: the listings a doctor found on directory sites, their steps, the letters
//! they lead to and the presence check. Each command calls one use case of
//! `erm_usecases::listings`; "today" comes from the shell's clock.

use erm_usecases::letters::listing::{self as listing_letters, ListingLetterKind, PlanExtras};
use erm_usecases::listings::step::StepInput;
use erm_usecases::letters::LetterItem;
use erm_usecases::listings::view::{ListingDetail, ListingRow};
use erm_usecases::listings::{self, ListingInput, ListingOptions, PresenceReport};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use crate::clock::today;
use crate::error::{Arg, CmdResult};
use crate::{export, AppState};

#[tauri::command]
pub fn listing_options() -> ListingOptions {
    listings::options(today())
}

#[tauri::command]
pub async fn listing_list(state: State<'_, AppState>) -> CmdResult<Vec<ListingRow>> {
    state.run(|s| listings::list(s, today())).await
}

#[tauri::command]
pub async fn listing_get(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<ListingDetail> {
    state.run(move |s| listings::detail(s, id.0, today())).await
}

#[derive(Deserialize)]
pub struct SaveArgs {
    /// Absent for a new listing.
    pub id: Option<i64>,
    pub input: ListingInput,
}

#[tauri::command]
pub async fn listing_save(state: State<'_, AppState>, args: Arg<SaveArgs>) -> CmdResult<ListingDetail> {
    let SaveArgs { id, input } = args.0;
    state.run(move |s| listings::save(s, id, &input, today())).await
}

#[tauri::command]
pub async fn listing_delete(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<()> {
    state.run(move |s| listings::delete(s, id.0)).await
}

#[derive(Deserialize)]
pub struct RecordArgs {
    pub id: i64,
    pub input: StepInput,
}

#[tauri::command]
pub async fn listing_record_event(state: State<'_, AppState>, args: Arg<RecordArgs>) -> CmdResult<ListingDetail> {
    let RecordArgs { id, input } = args.0;
    state.run(move |s| listings::record_step(s, id, &input, today())).await
}

/// Fetches the listing's page once (without holding the store) and records the verdict.
#[tauri::command]
pub async fn listing_check_presence(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<PresenceReport> {
    Ok(listings::check_presence(&*state, id.0).await?)
}

#[derive(Deserialize)]
pub struct GenerateArgs {
    pub id: i64,
    pub kind: ListingLetterKind,
    /// The letter's optional elements (engine, copy sent by email or form, missing SIREN).
    #[serde(flatten)]
    pub extras: PlanExtras,
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
    /// What the doctor must know or do before sending (e.g. add the screenshot it encloses).
    pub warnings: &'static [&'static str],
}

/// Writes a listing's letter: assembled under the store's lock, rendered outside it, then
/// recorded. The erasure letter and the CNIL pack are saved where the doctor chooses and opened
/// in the system viewer; a dereferencing request returns its form text first, its printable copy
/// comes from `letter_export`.
#[tauri::command]
pub async fn listing_letter_generate<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, args: Arg<GenerateArgs>) -> CmdResult<GeneratedLetter> {
    let GenerateArgs { id, kind, extras } = args.0;
    let done = listing_letters::generate(&*state, id, kind, extras).await?;
    if done.form_text.is_some() {
        return Ok(GeneratedLetter { letter: done.letter, saved: None, form_text: done.form_text, warnings: done.warnings });
    }
    let saved = export::save_and_open(&app, &done.file_name, &done.pdf)?;
    Ok(GeneratedLetter { letter: done.letter, saved, form_text: None, warnings: done.warnings })
}
