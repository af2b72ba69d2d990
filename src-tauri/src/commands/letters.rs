//! « Courriers »: the register of every letter the app wrote, and what can be done with any
//! letter wherever it is shown: save a copy of its PDF, copy its form text, record its posting
//! and its acknowledgement.

use erm_usecases::letters::ReceiptBasis;
use erm_usecases::letters::{self, RegisterEntry};
use erm_usecases::letters::LetterItem;
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use crate::clock::today;
use crate::error::{Arg, CmdResult};
use crate::{export, AppState};

#[tauri::command]
pub async fn letter_list(state: State<'_, AppState>) -> CmdResult<Vec<RegisterEntry>> {
    state.run(|s| letters::register(s, today())).await
}

/// Makes a stored letter's PDF again from its row (outside the store's lock), asks where to save
/// it and opens it.
#[tauri::command]
pub async fn letter_export<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<Option<export::Saved>> {
    let (name, pdf) = letters::export_pdf(&*state, id.0).await?;
    export::save_and_open(&app, &name, &pdf)
}

/// « Copier le texte »: the dereferencing form text, regenerated from the stored letter and put
/// on the clipboard from Rust.
#[tauri::command]
pub async fn letter_copy_form_text<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<()> {
    let text = state.run(move |s| letters::form_text(s, id.0)).await?;
    export::copy_text(&app, &text)
}

#[derive(Deserialize)]
pub struct MarkSentArgs {
    pub id: i64,
    pub sent_on: String,
    #[serde(default)]
    pub registered_number: String,
}

#[tauri::command]
pub async fn letter_mark_sent(state: State<'_, AppState>, args: Arg<MarkSentArgs>) -> CmdResult<LetterItem> {
    let a = args.0;
    state.run(move |s| letters::mark_sent(s, a.id, &a.sent_on, &a.registered_number, today())).await
}

#[derive(Deserialize)]
pub struct MarkAcknowledgedArgs {
    pub id: i64,
    pub acknowledged_on: String,
    /// Signed acknowledgement (the default), first presentation, or returned unclaimed.
    #[serde(default)]
    pub basis: ReceiptBasis,
}

#[tauri::command]
pub async fn letter_mark_acknowledged(state: State<'_, AppState>, args: Arg<MarkAcknowledgedArgs>) -> CmdResult<LetterItem> {
    let a = args.0;
    state.run(move |s| letters::mark_received(s, a.id, &a.acknowledged_on, a.basis, today())).await
}
