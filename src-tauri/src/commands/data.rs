//! Paramètres → « Vos données »: the backups listed with their counts and restored, and all the
//! doctor's data exported in open formats (and imported into an empty store on a new computer).
//! The slow parts (archive, import) report progress on a channel.

use erm_usecases::backups::{self, BackupInfo, RestoreOutcome};
use erm_usecases::full_export::{self, ImportReport};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{Arg, CmdResult};
use crate::{export, AppState};

#[tauri::command]
pub async fn backup_list(state: State<'_, AppState>) -> CmdResult<Vec<BackupInfo>> {
    state.run(|s| backups::list_backups(s)).await
}

/// Restores the backup `file_name` of the backup folder; the current file is kept aside.
#[tauri::command]
pub async fn backup_restore(state: State<'_, AppState>, file_name: Arg<String>) -> CmdResult<RestoreOutcome> {
    let name = file_name.0;
    state.swap(move |store| backups::restore_live(store, &name)).await
}

#[derive(Clone, Serialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// « Exporter toutes mes données »: one archive (JSON per table, letters as PDF, evidence files,
/// manifest of sums) written where the doctor chooses. The store is read under the lock, the
/// archive written without it.
#[tauri::command]
pub async fn data_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    include_modified: Arg<Option<bool>>,
    progress: Channel<Progress>,
) -> CmdResult<Option<export::Saved>> {
    let pick = |name: &str| export::pick_target(&app, "Enregistrer toutes vos données", name, ("Archive ZIP", "zip"));
    let written = full_export::export_all(&*state, include_modified.0.unwrap_or(false), pick, move |done, total| {
        let _ = progress.send(Progress { done, total });
    })
    .await?;
    Ok(written.map(|target| export::Saved { path: target.display().to_string(), opened: false }))
}

/// « Reprendre des données exportées » (a new computer): only into an empty store, every sum
/// checked first, all or nothing.
#[tauri::command]
pub async fn data_import<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, progress: Channel<Progress>) -> CmdResult<Option<ImportReport>> {
    let picked = crate::hooks::import_file().or_else(|| {
        app.dialog()
            .file()
            .set_title("Choisir un export d'E-Réputation Médecin")
            .add_filter("Archive ZIP", &["zip"])
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok())
    });
    let Some(path) = picked else { return Ok(None) };
    Ok(Some(
        full_export::import_all(&*state, path, move |done, total| {
            let _ = progress.send(Progress { done, total });
        })
        .await?,
    ))
}
