//! « Vérifier toutes les fiches »: every listing's page fetched, a few at a time, without holding
//! the store; each verdict recorded as it comes, progress sent to the page, and a stop button
//! that takes effect between two pages (those already fetched stay recorded).

use std::sync::atomic::Ordering;

use erm_usecases::listings::recheck::{self, CheckAllReport};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::CmdResult;
use crate::AppState;

#[derive(Clone, Serialize)]
pub struct CheckProgress {
    pub done: usize,
    pub total: usize,
}

#[tauri::command]
pub async fn listing_check_all(state: State<'_, AppState>, progress: Channel<CheckProgress>) -> CmdResult<CheckAllReport> {
    state.checks_cancelled.store(false, Ordering::SeqCst);
    Ok(recheck::check_all(&*state, &state.checks_cancelled, |done, total| {
        let _ = progress.send(CheckProgress { done, total });
    })
    .await?)
}

/// « Arrêter »: pages not yet started are skipped; those in flight finish and are recorded.
#[tauri::command]
pub fn listing_check_cancel(state: State<'_, AppState>) {
    state.checks_cancelled.store(true, Ordering::SeqCst);
}
