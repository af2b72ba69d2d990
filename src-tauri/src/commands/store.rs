//! Paramètres → integrity check and on-demand backup of the local database.

use erm_core::store::IntegrityReport;
use tauri::State;

use crate::error::CmdResult;
use crate::AppState;

#[tauri::command]
pub fn store_check(state: State<'_, AppState>) -> CmdResult<IntegrityReport> {
    Ok(state.store()?.integrity_check()?)
}

/// Writes a dated copy into the `sauvegardes` folder and returns its path.
#[tauri::command]
pub fn store_backup(state: State<'_, AppState>) -> CmdResult<String> {
    Ok(state.store()?.backup_now()?.display().to_string())
}
