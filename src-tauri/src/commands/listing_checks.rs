//! « Vérifier toutes les fiches »: every listing's page fetched, a few at a time, without holding
//! the store; each verdict recorded as it comes, progress sent to the page, and a stop button
//! that takes effect between two pages (those already fetched stay recorded).

use std::sync::atomic::Ordering;

use erm_core::usecases::listings::recheck::{self, RecheckLine};
use erm_core::watch::http::{HttpClient, HttpConfig};
use erm_core::watch::presence::check_presence;
use futures_util::stream::{self, StreamExt};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use crate::clock::today;
use crate::error::CmdResult;
use crate::AppState;

/// Pages fetched at once: enough to finish 200 listings in a minute or two, few enough not to
/// look like an attack to any one site.
const AT_ONCE: usize = 4;

#[derive(Clone, Serialize)]
pub struct CheckProgress {
    pub done: usize,
    pub total: usize,
}

#[derive(Serialize)]
pub struct CheckAllReport {
    pub lines: Vec<RecheckLine>,
    pub total: usize,
    /// Stopped by the doctor before the end.
    pub stopped: bool,
    /// Pages that could not be checked, with the French reason (not recorded).
    pub failures: Vec<String>,
}

#[tauri::command]
pub async fn listing_check_all(state: State<'_, AppState>, progress: Channel<CheckProgress>) -> CmdResult<CheckAllReport> {
    state.checks_cancelled.store(false, Ordering::SeqCst);
    let targets = state.run(|s| recheck::targets(s, today())).await?;
    let total = targets.len();
    let client = HttpClient::new(HttpConfig::default()).map_err(erm_core::Error::from)?;
    let _ = progress.send(CheckProgress { done: 0, total });
    let cancelled = &state.checks_cancelled;
    let mut fetched = stream::iter(targets)
        .map(|(id, target)| {
            let client = &client;
            async move {
                if cancelled.load(Ordering::SeqCst) {
                    return None;
                }
                let names: Vec<&str> = target.names.iter().map(String::as_str).collect();
                Some((id, check_presence(client, &target.url, &names).await))
            }
        })
        .buffer_unordered(AT_ONCE);
    let (mut lines, mut failures, mut done) = (Vec::new(), Vec::new(), 0);
    while let Some(result) = fetched.next().await {
        let Some((id, checked)) = result else { continue };
        done += 1;
        match checked {
            Ok(found) => {
                let proof = found.to_proof();
                lines.push(state.run(move |s| recheck::record(s, id, proof, today())).await?);
            }
            Err(e) => {
                log::info!("bulk presence check of listing {id} failed: {e}");
                failures.push(e.to_string());
            }
        }
        let _ = progress.send(CheckProgress { done, total });
    }
    Ok(CheckAllReport { lines, total, stopped: cancelled.load(Ordering::SeqCst), failures })
}

/// « Arrêter »: pages not yet started are skipped; those in flight finish and are recorded.
#[tauri::command]
pub fn listing_check_cancel(state: State<'_, AppState>) {
    state.checks_cancelled.store(true, Ordering::SeqCst);
}
