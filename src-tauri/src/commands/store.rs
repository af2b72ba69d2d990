//! Paramètres → integrity check and on-demand backup of the local database. Both can take long
//! on a large file: they run on a blocking thread (`AppState::run`), never on the window's.

use erm_core::store::IntegrityReport;
use tauri::State;

use crate::error::CmdResult;
use crate::AppState;

#[tauri::command]
pub async fn store_check(state: State<'_, AppState>) -> CmdResult<IntegrityReport> {
    state.run(|s| Ok(s.integrity_check()?)).await
}

/// Writes a dated copy into the `sauvegardes` folder and returns its path.
#[tauri::command]
pub async fn store_backup(state: State<'_, AppState>) -> CmdResult<String> {
    state.run(|s| Ok(s.backup_now()?.display().to_string())).await
}
