//! Paramètres → integrity check and on-demand backup of the local database. Both can take long
//! on a large file: they run on a blocking thread (`AppState::run`), never on the window's.

use erm_usecases::IntegrityReport;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::CmdResult;
use crate::AppState;

#[tauri::command]
pub async fn store_check(state: State<'_, AppState>) -> CmdResult<IntegrityReport> {
    state.run(|s| Ok(s.integrity_check()?)).await
}

/// How far a backup is, in pages of the database file.
#[derive(Clone, Serialize)]
pub struct BackupProgress {
    pub done: u64,
    pub total: u64,
}

/// Writes a dated copy into the `sauvegardes` folder and returns its path; `progress` tells the
/// page how far it is.
#[tauri::command]
pub async fn store_backup(state: State<'_, AppState>, progress: Channel<BackupProgress>) -> CmdResult<String> {
    state
        .run(move |s| {
            let path = s.backup_with_progress(|done, total| {
                let _ = progress.send(BackupProgress { done, total });
            })?;
            Ok(path.display().to_string())
        })
        .await
}
