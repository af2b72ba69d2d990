//! Dossiers: case files about illicit content — opening, editing, the steps of the ladder and the
//! letters of a case. Each command calls one use case of `erm_usecases::cases` (or its
//! letters); "today" comes from the shell's clock.

use erm_usecases::cases::form::{CaseForm, CaseStepInput};
use erm_usecases::cases::view::{CaseDetail, CaseRow};
use erm_usecases::cases::steps::StepForm;
use erm_usecases::cases::{self, CaseDraft, CaseOptions};
use erm_usecases::letters::case::{self as case_letters, CaseLetterExtras, CaseLetterKind};
use erm_usecases::letters::case_form::{self, LetterForm};
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use super::listings::GeneratedLetter;
use crate::clock::today;
use crate::error::{Arg, CmdResult};
use crate::{export, AppState};

#[tauri::command]
pub fn case_options() -> CaseOptions {
    cases::options(today())
}

#[tauri::command]
pub async fn case_list(state: State<'_, AppState>) -> CmdResult<Vec<CaseRow>> {
    state.run(|s| cases::list(s, today())).await
}

#[tauri::command]
pub async fn case_get(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<CaseDetail> {
    state.run(move |s| cases::detail(s, id.0, today())).await
}

/// The case form filled from a review qualified as illicit.
#[tauri::command]
pub async fn case_draft_from_review(state: State<'_, AppState>, review_id: Arg<i64>) -> CmdResult<CaseDraft> {
    state.run(move |s| cases::draft_from_review(s, review_id.0, today())).await
}

#[derive(Deserialize)]
pub struct SaveArgs {
    /// Absent for a new case.
    pub id: Option<i64>,
    pub form: CaseForm,
}

#[tauri::command]
pub async fn case_save(state: State<'_, AppState>, args: Arg<SaveArgs>) -> CmdResult<CaseDetail> {
    let SaveArgs { id, form } = args.0;
    state
        .run(move |s| cases::save(s, id, &form, today()))
        .await
}

#[tauri::command]
pub async fn case_delete(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<()> {
    state.run(move |s| cases::delete(s, id.0)).await
}

#[derive(Deserialize)]
pub struct RecordArgs {
    pub id: i64,
    pub input: CaseStepInput,
}

#[tauri::command]
pub async fn case_record_event(state: State<'_, AppState>, args: Arg<RecordArgs>) -> CmdResult<CaseDetail> {
    let RecordArgs { id, input } = args.0;
    state.run(move |s| cases::record_step(s, id, &input, today())).await
}

/// The form of a case step as the page draws it (fields, which are required).
#[tauri::command]
pub async fn case_step_form(state: State<'_, AppState>, id: Arg<i64>, kind: Arg<String>) -> CmdResult<StepForm> {
    let (id, kind) = (id.0, kind.0);
    state.run(move |s| cases::step_form(s, id, &kind, today())).await
}

/// The form of a case letter as the page draws it (fields, which are required, warnings).
#[tauri::command]
pub async fn case_letter_form(state: State<'_, AppState>, id: Arg<i64>, kind: Arg<CaseLetterKind>) -> CmdResult<LetterForm> {
    let (id, kind) = (id.0, kind.0);
    state.run(move |s| case_form::form(s, id, kind)).await
}

#[derive(Deserialize)]
pub struct GenerateArgs {
    pub id: i64,
    pub kind: CaseLetterKind,
    #[serde(flatten)]
    pub extras: CaseLetterExtras,
}

/// Writes a case's letter: assembled under the store's lock, rendered outside it, recorded in
/// the register, then saved where the doctor chooses and opened for printing.
#[tauri::command]
pub async fn case_letter_generate<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, args: Arg<GenerateArgs>) -> CmdResult<GeneratedLetter> {
    let GenerateArgs { id, kind, extras } = args.0;
    let done = case_letters::generate(&*state, id, kind, extras).await?;
    let saved = export::save_and_open(&app, &done.file_name, &done.pdf)?;
    Ok(GeneratedLetter { letter: done.letter, saved, form_text: None, warnings: done.warnings })
}
