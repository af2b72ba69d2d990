//! Start-up information for the UI.

use serde::Serialize;
use tauri::State;

use crate::error::CmdResult;
use crate::AppState;

#[derive(Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub data_dir: Option<String>,
    pub database: Option<String>,
    /// Why the store could not be opened; the UI shows it and disables every form.
    pub store_error: Option<String>,
    /// Whether at least one practitioner exists (otherwise the UI starts the onboarding).
    pub has_practitioner: bool,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let (database, has_practitioner) = match state.store() {
        Ok(store) => (
            store.path().map(|p| p.display().to_string()),
            erm_core::store::practice::default_signer(store.conn())?.is_some(),
        ),
        Err(_) => (None, false),
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir.as_ref().map(|d| d.display().to_string()),
        database,
        store_error: state.open_error().map(str::to_owned),
        has_practitioner,
    })
}

/// Called once by the UI when it is interactive; returns the seconds since process start,
/// which the UI shows in Paramètres and the start-up measurement reads from the log.
#[tauri::command]
pub fn ui_ready(state: State<'_, AppState>) -> f64 {
    let mut ready = state.ready_after.lock().unwrap_or_else(|p| p.into_inner());
    let secs = *ready.get_or_insert_with(|| state.started.elapsed().as_secs_f64());
    eprintln!("e-reputation-medecin: interface prête en {secs:.3} s");
    secs
}

/// What needs the doctor's attention, for the Tableau de bord.
#[derive(Serialize)]
pub struct Summary {
    pub listings: usize,
    /// Listings whose publisher's answer is awaited (a clock runs).
    pub listings_waiting: usize,
    /// Listings whose answer deadline has passed: the CNIL complaint or dereferencing is due.
    pub listings_overdue: usize,
    /// Reviews not yet qualified or waiting for a reply.
    pub reviews_to_handle: u64,
    pub reviews: u64,
}

#[tauri::command]
pub fn dashboard_summary(state: State<'_, AppState>) -> CmdResult<Summary> {
    use erm_core::domain::review::ReviewStatus;
    use erm_core::store::{listings, reviews};
    let store = state.store()?;
    let all = listings::list(store.conn(), crate::clock::today())?;
    let count = |statuses: Vec<ReviewStatus>| -> CmdResult<u64> {
        let filter = reviews::ReviewFilter { statuses, limit: 1, ..Default::default() };
        Ok(reviews::list(store.conn(), &filter)?.total)
    };
    Ok(Summary {
        listings: all.len(),
        listings_waiting: all.iter().filter(|l| l.days_left.is_some() && !l.overdue).count(),
        listings_overdue: all.iter().filter(|l| l.overdue).count(),
        reviews_to_handle: count(vec![ReviewStatus::New, ReviewStatus::ToAnswer])?,
        reviews: count(vec![])?,
    })
}
