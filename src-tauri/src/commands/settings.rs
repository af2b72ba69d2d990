//! Paramètres → window-envelope settings and the calibration page.

use erm_usecases::settings::{self, LayoutSettings};
use tauri::{AppHandle, Runtime, State};

use crate::error::{Arg, CmdResult};
use crate::{export, AppState};

#[tauri::command]
pub async fn envelope_settings_get(state: State<'_, AppState>) -> CmdResult<LayoutSettings> {
    state.run(|s| settings::envelope(s)).await
}

#[tauri::command]
pub async fn envelope_settings_save(state: State<'_, AppState>, settings: Arg<LayoutSettings>) -> CmdResult<LayoutSettings> {
    state.run(move |s| settings::save_envelope(s, &settings.0)).await
}

/// Renders the calibration page with the saved settings, asks where to save it and opens it in
/// the system viewer for printing. `None` when the doctor cancels the dialog.
#[tauri::command]
pub async fn calibration_page_export<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<export::Saved>> {
    let pdf = settings::calibration_page(&*state).await?;
    export::save_and_open(&app, "page-de-calibrage-enveloppe.pdf", &pdf)
}
