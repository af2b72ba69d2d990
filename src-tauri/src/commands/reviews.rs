//! « Avis et commentaires »: the inbox, entry by hand, file import (with progress), qualification
//! and the decision to reply or not. The reply itself is in [`super::replies`].

use std::path::PathBuf;

use erm_usecases::reviews::{Qualification, Review, ReviewInput};
use erm_usecases::reviews::{self, BulkAction, BulkOutcome, Decision, ImportOutcome, ReviewChoices, ReviewDetail, ReviewFilter, ReviewPage};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::clock::today;
use crate::error::{Arg, CmdResult};
use crate::{export, AppState};

#[tauri::command]
pub async fn review_list(state: State<'_, AppState>, filter: Arg<ReviewFilter>) -> CmdResult<ReviewPage> {
    state.run(move |s| reviews::list(s, &filter.0)).await
}

#[tauri::command]
pub async fn review_choices(state: State<'_, AppState>) -> CmdResult<ReviewChoices> {
    state.run(|s| reviews::choices(s)).await
}

#[tauri::command]
pub async fn review_get(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<ReviewDetail> {
    state.run(move |s| reviews::detail(s, id.0)).await
}

#[tauri::command]
pub async fn review_add(state: State<'_, AppState>, input: Arg<ReviewInput>) -> CmdResult<Review> {
    state.run(move |s| reviews::add(s, &input.0, today())).await
}

fn pick_import_file<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(path) = crate::hooks::import_file() {
        return Some(path);
    }
    app.dialog()
        .file()
        .set_title("Importer des avis")
        .add_filter("Avis (CSV ou JSON Google)", &["csv", "txt", "json"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// What the page shows while an import runs.
#[derive(Clone, Serialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum ImportProgress {
    /// The file is being read and checked (no store involved).
    Reading,
    /// Rows written so far, out of `total`.
    Writing { done: usize, total: usize },
}

/// Asks for a CSV or Google JSON file and imports it, all or nothing. `Ok(None)` when the doctor
/// cancels the dialog. The file is read and checked without the store; only the writing holds
/// it, and `progress` tells the page how far it is.
#[tauri::command]
pub async fn review_import<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, progress: Channel<ImportProgress>) -> CmdResult<Option<ImportOutcome>> {
    let Some(path) = pick_import_file(&app) else { return Ok(None) };
    let _ = progress.send(ImportProgress::Reading);
    let outcome = reviews::import_file(&*state, path, move |done, total| {
        let _ = progress.send(ImportProgress::Writing { done, total });
    })
    .await?;
    Ok(Some(outcome))
}

/// Step 1 of the wizard: the doctor's reading of the review.
#[tauri::command]
pub async fn review_qualify(state: State<'_, AppState>, id: Arg<i64>, qualification: Arg<Qualification>) -> CmdResult<Review> {
    state.run(move |s| reviews::qualify(s, id.0, &qualification.0, today())).await
}

/// After a lawful qualification: reply, or deliberately leave the review unanswered.
#[tauri::command]
pub async fn review_decide(state: State<'_, AppState>, id: Arg<i64>, decision: Arg<Decision>) -> CmdResult<Review> {
    state.run(move |s| reviews::decide(s, id.0, decision.0, today())).await
}

/// A bulk action on the inbox's selection, all or nothing (the reviews it does not fit are
/// reported, not refused).
#[tauri::command]
pub async fn review_bulk(state: State<'_, AppState>, ids: Arg<Vec<i64>>, action: Arg<BulkAction>) -> CmdResult<BulkOutcome> {
    state.run(move |s| reviews::bulk(s, &ids.0, action.0, today())).await
}

/// Opens the review's page in the browser (to paste the reply there).
#[tauri::command]
pub async fn review_open_page<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<()> {
    let url = state.run(move |s| reviews::page_url(s, id.0)).await?;
    export::open_web_page(&app, &url)
}

#[tauri::command]
pub async fn review_delete(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<()> {
    state.run(move |s| reviews::delete(s, id.0)).await
}
