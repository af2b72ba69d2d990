//! Veille, fetching: every feed fetched without holding the store (one after another, through
//! the one configured HTTP client), each result recorded as it comes — on demand with progress,
//! and at start-up at most once a day.

use erm_usecases::watch::{self, FetchReport};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::error::CmdResult;
use crate::AppState;

#[derive(Clone, Serialize)]
pub struct FetchProgress {
    pub done: usize,
    pub total: usize,
}

/// « Relever les flux »: every feed fetched now.
#[tauri::command]
pub async fn watch_fetch(state: State<'_, AppState>, progress: Channel<FetchProgress>) -> CmdResult<Vec<FetchReport>> {
    Ok(watch::fetch_all(&*state, |done, total| {
        let _ = progress.send(FetchProgress { done, total });
    })
    .await?)
}

/// At start-up, at most once a day: the feeds are fetched in the background; the inbox shows
/// what arrived the next time it is opened.
pub fn fetch_at_start_up<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        if !state.is_writable() {
            return;
        }
        match watch::fetch_if_due(&*state).await {
            Ok(Some(reports)) => log::info!("daily feed fetch: {} feed(s)", reports.len()),
            Ok(None) => {}
            Err(e) => log::warn!("daily feed fetch failed: {e}"),
        }
    });
}
