//! The first screen's actions when the data could not simply be opened (`StoreState`): the
//! passphrase of a protected store, and for an empty data file, its backups or a fresh start.
//! Each acts only in the state it is for, so a stale page cannot replace open data.

use erm_usecases::Passphrase;
use erm_usecases::{self as usecases, backups, backups::BackupInfo};
use erm_usecases::Error;
use tauri::{AppHandle, Runtime, State};

use crate::error::{Arg, CmdResult, CommandError};
use crate::state::{off_thread, StoreState};
use crate::AppState;

fn expect(state: &AppState, wanted: StoreState) -> CmdResult<std::path::PathBuf> {
    if state.status().0 != wanted {
        return Err(Error::Refused("Cette action ne s'applique plus : vos données sont déjà ouvertes ou dans un autre état. Rechargez l'écran (Ctrl+R).".into()).into());
    }
    state.db_path().ok_or_else(|| CommandError::store("Le dossier des données est introuvable.".to_owned()))
}

/// « Ouvrir mes données » with the passphrase. Deriving the key takes a moment (on purpose): it
/// runs off the window's thread.
#[tauri::command]
pub async fn store_unlock<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, passphrase: Arg<String>) -> CmdResult<()> {
    let path = expect(&state, StoreState::Locked)?;
    let failures = state.wrong_passphrases.clone();
    let opened = off_thread(move || Ok(usecases::protection::unlock(&path, passphrase.0, &failures))).await?;
    let (store, read_only) = match opened {
        Ok(done) => done,
        Err((e, wait)) => {
            tokio_sleep(wait).await;
            return Err(e.into());
        }
    };
    state.install(store, read_only);
    log::info!("store unlocked");
    crate::reminders::notify_now(app.clone());
    super::watch_fetch::fetch_at_start_up(app);
    Ok(())
}

/// Waits off the window's thread (a blocking thread sleeps; the command's future awaits it).
async fn tokio_sleep(d: std::time::Duration) {
    if d.is_zero() {
        return;
    }
    let _ = tauri::async_runtime::spawn_blocking(move || std::thread::sleep(d)).await;
}

/// The passphrase typed on the empty-file screen, if any: the backups of a protected store
/// open only with it.
fn optional_key(passphrase: Option<String>) -> CmdResult<Option<Passphrase>> {
    match passphrase.filter(|p| !p.is_empty()) {
        Some(p) => Ok(Some(Passphrase::new(p).map_err(Error::from)?)),
        None => Ok(None),
    }
}

/// The backups offered when the data file is empty, newest first; with the passphrase, those of
/// a protected store are read (and counted) too.
#[tauri::command]
pub async fn store_gate_backups(state: State<'_, AppState>, passphrase: Arg<Option<String>>) -> CmdResult<Vec<BackupInfo>> {
    let path = expect(&state, StoreState::Empty)?;
    let key = optional_key(passphrase.0)?;
    off_thread(move || backups::list_beside(&path, key.as_ref())).await
}

/// « Restaurer cette sauvegarde » on the empty-file screen (`backups::restore_into_empty`).
#[tauri::command]
pub async fn store_restore_into_empty(state: State<'_, AppState>, file_name: Arg<String>, passphrase: Arg<Option<String>>) -> CmdResult<()> {
    let path = expect(&state, StoreState::Empty)?;
    let name = file_name.0;
    let key = optional_key(passphrase.0)?;
    let (store, read_only) = off_thread(move || backups::restore_into_empty(&path, &name, key.as_ref())).await?;
    state.install(store, read_only);
    log::info!("empty store file replaced by a backup");
    Ok(())
}

/// « Commencer une nouvelle base »: the empty file is kept aside, renamed; a new store is made.
#[tauri::command]
pub async fn store_start_afresh(state: State<'_, AppState>) -> CmdResult<()> {
    let path = expect(&state, StoreState::Empty)?;
    let store = off_thread(move || usecases::start_afresh(&path)).await?;
    state.install(store, false);
    log::info!("empty store file set aside; new store created");
    Ok(())
}
