//! Veille, fetching: every feed fetched without holding the store (one after another, through
//! the one configured HTTP client), each result recorded as it comes — on demand with progress,
//! and at start-up at most once a day.

use erm_core::usecases::watch::{self, FetchReport};
use erm_core::watch::feeds::fetch_feed;
use erm_core::watch::http::{HttpClient, HttpConfig};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::clock::today;
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
    fetch_all(&state, |done, total| {
        let _ = progress.send(FetchProgress { done, total });
    })
    .await
}

async fn fetch_all(state: &AppState, mut progress: impl FnMut(usize, usize)) -> CmdResult<Vec<FetchReport>> {
    let feeds = state.run(|s| watch::list_feeds(s)).await?;
    let client = HttpClient::new(HttpConfig::default()).map_err(erm_core::Error::from)?;
    let mut reports = Vec::new();
    progress(0, feeds.len());
    for (i, feed) in feeds.iter().enumerate() {
        let fetched = fetch_feed(&client, &feed.url).await;
        let id = feed.id;
        reports.push(state.run(move |s| watch::record_fetch(s, id, fetched, chrono::Utc::now())).await?);
        progress(i + 1, feeds.len());
    }
    Ok(reports)
}

/// At start-up, at most once a day: the feeds are fetched in the background; the inbox shows
/// what arrived the next time it is opened.
pub fn fetch_at_start_up<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        if !state.is_writable() {
            return;
        }
        let due = state
            .run(|s| {
                let due = watch::due_for_daily_fetch(s, today())?;
                if due {
                    watch::mark_daily_fetch(s, today())?;
                }
                Ok(due)
            })
            .await;
        match due {
            Ok(true) => match fetch_all(&state, |_, _| {}).await {
                Ok(reports) => log::info!("daily feed fetch: {} feed(s)", reports.len()),
                Err(e) => log::warn!("daily feed fetch failed: {}", e.message),
            },
            Ok(false) => {}
            Err(e) => log::warn!("daily feed fetch not started: {}", e.message),
        }
    });
}
