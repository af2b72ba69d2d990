//! Start-up information for the UI and the Tableau de bord.

use erm_usecases::dashboard::{self, Summary};
use serde::Serialize;
use tauri::State;

use crate::clock::today;
use crate::error::CmdResult;
use crate::AppState;

#[derive(Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub data_dir: Option<String>,
    pub database: Option<String>,
    /// Where the store stands: open, read-only, waiting for its passphrase, an empty file,
    /// held by another instance, or failed. The UI's first screen follows it.
    pub store_state: crate::state::StoreState,
    /// What the doctor is told about that state (none when simply open).
    pub store_message: Option<String>,
    /// Whether at least one practitioner exists (otherwise the UI starts the onboarding).
    pub has_practitioner: bool,
    /// The default signer as signed ("Dr Hélène DUPRÉ"), for the greeting: one round trip at
    /// start-up instead of two.
    pub signer: Option<String>,
    /// The doctor's today (the UI never reads the system clock for a date it shows or sends).
    pub today: chrono::NaiveDate,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let (database, signer) = if state.is_open() {
        state.run(|s| Ok((s.path().map(|p| p.display().to_string()), dashboard::signer_name(s)?))).await?
    } else {
        (None, None)
    };
    let (store_state, store_message) = state.status();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir.as_ref().map(|d| d.display().to_string()),
        database,
        store_state,
        store_message,
        has_practitioner: signer.is_some(),
        signer,
        today: today(),
    })
}

/// Called once by the UI when it is interactive; returns the seconds since process start,
/// which the UI shows in Paramètres and the start-up measurement reads from the log.
#[tauri::command]
pub fn ui_ready(state: State<'_, AppState>) -> f64 {
    let mut ready = state.ready_after.lock().unwrap_or_else(|p| p.into_inner());
    let secs = *ready.get_or_insert_with(|| state.started.elapsed().as_secs_f64());
    log::info!("interface prête en {secs:.3} s");
    secs
}

#[tauri::command]
pub async fn dashboard_summary(state: State<'_, AppState>) -> CmdResult<Summary> {
    state.run(|s| dashboard::summary(s, today())).await
}

/// « Me le rappeler dans une semaine » on a reminder of the dashboard.
#[tauri::command]
pub async fn reminder_snooze(state: State<'_, AppState>, key: crate::error::Arg<String>) -> CmdResult<Summary> {
    let key = key.0;
    state
        .run(move |s| dashboard::snooze_reminder(s, &key, today()))
        .await
}
