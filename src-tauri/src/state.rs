//! What the commands share: the open store (or why it could not be opened) and start-up timing.
//!
//! Every command reaches the store through [`AppState::run`], which does the work on a blocking
//! thread: the window's main thread never waits on the store's lock, however long a backup, an
//! import or another window's write takes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use erm_core::store::Store;
use erm_core::Error;

use crate::error::{CmdResult, CommandError};

pub const DB_FILE: &str = "e-reputation-medecin.sqlite3";

type Shared = Arc<Mutex<Store>>;

pub struct AppState {
    store: Result<Shared, String>,
    pub data_dir: Option<PathBuf>,
    pub started: Instant,
    /// Seconds from process start to the UI saying it is interactive.
    pub ready_after: Mutex<Option<f64>>,
    /// Set by « Arrêter » during « Vérifier toutes les fiches ».
    pub checks_cancelled: std::sync::atomic::AtomicBool,
}

impl AppState {
    /// Opens `<dir>/e-reputation-medecin.sqlite3`. A failure is kept, not raised: the window still
    /// opens and shows the French explanation instead of vanishing.
    pub fn open(dir: &Path, started: Instant) -> Self {
        let store = erm_core::usecases::open_store(&dir.join(DB_FILE))
            .map(|store| Arc::new(Mutex::new(store)))
            .map_err(|e| e.to_string());
        AppState { store, data_dir: Some(dir.to_owned()), started, ready_after: Mutex::new(None), checks_cancelled: Default::default() }
    }

    pub fn failed(reason: String, started: Instant) -> Self {
        AppState { store: Err(reason), data_dir: None, started, ready_after: Mutex::new(None), checks_cancelled: Default::default() }
    }

    /// A state over an already opened store (tests).
    pub fn with_store(store: Store) -> Self {
        let data_dir = store.path().and_then(|p| p.parent()).map(Path::to_owned);
        AppState { store: Ok(Arc::new(Mutex::new(store))), data_dir, started: Instant::now(), ready_after: Mutex::new(None), checks_cancelled: Default::default() }
    }

    pub fn open_error(&self) -> Option<&str> {
        self.store.as_ref().err().map(String::as_str)
    }

    fn shared(&self) -> CmdResult<Shared> {
        self.store.clone().map_err(CommandError::store)
    }

    /// Runs `work` on the store on a blocking thread and maps its error for the UI.
    pub async fn run<T, F>(&self, work: F) -> CmdResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, Error> + Send + 'static,
    {
        let shared = self.shared()?;
        off_thread(move || work(&mut lock(&shared))).await
    }

    /// Runs `work` with the store itself (taken out of the lock and put back, whatever `work`
    /// returns): what a restore needs to close the file, swap it and reopen it. Other commands
    /// wait on the lock meanwhile.
    pub async fn swap<T, F>(&self, work: F) -> CmdResult<T>
    where
        T: Send + 'static,
        F: FnOnce(Store) -> (Store, Result<T, Error>) + Send + 'static,
    {
        let shared = self.shared()?;
        off_thread(move || {
            let mut guard = lock(&shared);
            let placeholder = Store::open_in_memory()?;
            let current = std::mem::replace(&mut *guard, placeholder);
            let (back, out) = work(current);
            *guard = back;
            out
        })
        .await
    }

    /// Whether the store is open (for `app_info`, which must answer even when it is not).
    pub fn is_open(&self) -> bool {
        self.store.is_ok()
    }
}

/// Runs slow work that needs no store (rendering a PDF, reading an import file) on a blocking
/// thread, never the window's, and maps its error for the UI.
pub async fn off_thread<T, F>(work: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, Error> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work).await.map_err(CommandError::internal)?.map_err(CommandError::from)
}

/// A panic in another command must not lock the doctor out: its transaction was rolled back by
/// `Transaction`'s drop, so the store is consistent and the lock can be taken again.
fn lock(shared: &Mutex<Store>) -> MutexGuard<'_, Store> {
    shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
