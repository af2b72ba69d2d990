//! One writer per data folder. Two guards, because each alone misses a case:
//! * Tauri's single-instance plugin: a second launch of the installed app hands over to the
//!   running one, which comes to the front (registered only on the default data folder: a
//!   portable copy or a test run with its own `ERM_DATA_DIR` is another practice);
//! * a lock file in the data folder, held while the app runs (the OS releases it when the process
//!   ends, even on a kill): it catches what the plugin cannot see (no session bus, two copies of
//!   the app, a copy started on the same folder through `ERM_DATA_DIR`).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use tauri::Manager;

pub const LOCK_FILE: &str = "e-reputation-medecin.verrou";

/// What the lock file said.
pub enum Guard {
    /// This process holds the folder until it exits.
    Held(File),
    /// Another process holds it.
    Busy,
    /// The lock could not be taken for another reason (read-only folder…): the store's own
    /// checks then say what is wrong; the app is not stopped for want of a lock.
    Unavailable,
}

pub fn lock_data_dir(dir: &Path) -> Guard {
    // On a first run the folder does not exist yet; the store would create it a moment later.
    let _ = std::fs::create_dir_all(dir);
    let file = match OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(LOCK_FILE)) {
        Ok(f) => f,
        Err(e) => {
            log::warn!("data folder lock not created: {e}");
            return Guard::Unavailable;
        }
    };
    // A window closed a moment ago may still be finishing its last write: give it a few seconds
    // before saying the data are open elsewhere.
    let deadline = std::time::Instant::now() + RELEASE_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Guard::Held(file),
            Err(TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(TryLockError::WouldBlock) => return Guard::Busy,
            Err(TryLockError::Error(e)) => {
                log::warn!("data folder lock not taken: {e}");
                return Guard::Unavailable;
            }
        }
    }
}

/// How long a starting window waits for a closing one to let the data folder go.
const RELEASE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The French sentence shown by a window that found the folder in use.
pub const BUSY: &str = "L'application est déjà ouverte sur ce dossier de données, dans une autre fenêtre. Pour ne pas risquer d'écraser ce qui s'y enregistre, cette fenêtre-ci ne l'ouvre pas : fermez-la et utilisez l'autre fenêtre.";

/// The single-instance plugin, bringing the running window to the front.
pub fn plugin<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_single_instance::init(|app, _args, _cwd| {
        log::info!("second launch: the running window is brought to the front");
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    })
}
