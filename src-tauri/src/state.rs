//! What the commands share: the open store (or why it could not be opened) and start-up timing.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use erm_core::store::Store;

use crate::error::CommandError;

pub const DB_FILE: &str = "e-reputation-medecin.sqlite3";

pub struct AppState {
    store: Result<Mutex<Store>, String>,
    pub data_dir: Option<PathBuf>,
    pub started: Instant,
    /// Seconds from process start to the UI saying it is interactive.
    pub ready_after: Mutex<Option<f64>>,
}

impl AppState {
    /// Opens `<dir>/e-reputation-medecin.sqlite3`. A failure is kept, not raised: the window still
    /// opens and shows the French explanation instead of vanishing.
    pub fn open(dir: &Path, started: Instant) -> Self {
        let store = Store::open(&dir.join(DB_FILE)).map_err(|e| e.to_string()).and_then(|mut store| {
            // The built-in site catalogue must be there on first run (idempotent afterwards).
            store
                .transaction(|tx| erm_core::store::sites::seed_catalogue(tx))
                .map_err(|e| format!("Le catalogue des sites n'a pas pu être installé : {e}"))?;
            Ok(Mutex::new(store))
        });
        AppState { store, data_dir: Some(dir.to_owned()), started, ready_after: Mutex::new(None) }
    }

    pub fn failed(reason: String, started: Instant) -> Self {
        AppState { store: Err(reason), data_dir: None, started, ready_after: Mutex::new(None) }
    }

    /// A state over an already opened store (tests).
    pub fn with_store(store: Store) -> Self {
        let data_dir = store.path().and_then(|p| p.parent()).map(Path::to_owned);
        AppState { store: Ok(Mutex::new(store)), data_dir, started: Instant::now(), ready_after: Mutex::new(None) }
    }

    pub fn open_error(&self) -> Option<&str> {
        self.store.as_ref().err().map(String::as_str)
    }

    /// The store, or a French error explaining why there is none.
    pub fn store(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        match &self.store {
            Ok(m) => Ok(m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(reason) => Err(CommandError::store(reason.clone())),
        }
    }
}
