//! Paramètres → window-envelope settings and the calibration page.

use erm_core::letters::{calibration_pdf, LayoutSettings};
use erm_core::store::settings;
use tauri::{AppHandle, Runtime, State};

use crate::error::CmdResult;
use crate::{export, AppState};

/// Setting key of the envelope window; the value is a [`LayoutSettings`] JSON object.
pub const ENVELOPE_KEY: &str = "letters.envelope";

/// The saved envelope settings, or the DL defaults.
pub fn envelope(state: &AppState) -> CmdResult<LayoutSettings> {
    Ok(settings::get(state.store()?.conn(), ENVELOPE_KEY)?.unwrap_or_default())
}

#[tauri::command]
pub fn envelope_settings_get(state: State<'_, AppState>) -> CmdResult<LayoutSettings> {
    envelope(&state)
}

#[tauri::command]
pub fn envelope_settings_save(state: State<'_, AppState>, settings: LayoutSettings) -> CmdResult<LayoutSettings> {
    let checked = settings.validate().map_err(erm_core::Error::from)?;
    let mut store = state.store()?;
    store.transaction(|tx| settings::set(tx, ENVELOPE_KEY, &checked))?;
    Ok(checked)
}

/// Renders the calibration page with the saved settings, asks where to save it and opens it in
/// the system viewer for printing. `None` when the doctor cancels the dialog.
#[tauri::command]
pub async fn calibration_page_export<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<export::Saved>> {
    let pdf = calibration_pdf(&envelope(&state)?, crate::clock::today())?;
    export::save_and_open(&app, "page-de-calibrage-enveloppe.pdf", &pdf)
}
