//! What the commands share: the store (open, or why not and what the doctor can do about it)
//! and start-up timing.
//!
//! Every command reaches the store through [`AppState::run`], which does the work on a blocking
//! thread: the window's main thread never waits on the store's lock, however long a backup, an
//! import or another window's write takes. The slot holding the store can change while the app
//! runs (a passphrase given, an empty file replaced by a backup), so it sits behind its own lock,
//! held only long enough to clone the store's handle.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock};
use std::time::Instant;

use erm_usecases::{Error, Handle, Store};
use serde::Serialize;

use crate::error::CmdResult;
use crate::instance::{self, Guard};

pub const DB_FILE: &str = "e-reputation-medecin.sqlite3";

type Shared = Arc<Mutex<Store>>;

/// Where the store stands, for the UI's first screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreState {
    Open,
    /// Open for reading only: the file or its folder cannot be written.
    ReadOnly,
    /// Protected by a passphrase not given yet.
    Locked,
    /// The file is there but empty (zero bytes): the doctor chooses a backup or a new start.
    Empty,
    /// Another instance of the app holds the data folder.
    Busy,
    /// Cannot be opened (the message says why and what to do).
    Failed,
}

#[derive(Clone)]
enum Slot {
    /// At start-up, while the store is being opened off the window's thread.
    Opening,
    Open { store: Shared, read_only: bool },
    Closed { state: StoreState, message: String },
}

pub struct AppState {
    slot: RwLock<Slot>,
    /// Set once the start-up opening is over (whatever its outcome); commands wait on it.
    opened: (Mutex<bool>, Condvar),
    pub data_dir: Option<PathBuf>,
    /// The data folder's lock, held for the life of the process.
    guard: Mutex<Option<std::fs::File>>,
    pub started: Instant,
    /// Seconds from process start to the UI saying it is interactive.
    pub ready_after: Mutex<Option<f64>>,
    /// Set by « Arrêter » during « Vérifier toutes les fiches ».
    pub checks_cancelled: std::sync::atomic::AtomicBool,
    /// Wrong passphrases typed in a row on the first screen (each answered more slowly).
    pub wrong_passphrases: std::sync::Arc<std::sync::atomic::AtomicU32>,
}

impl AppState {
    fn new(slot: Slot, data_dir: Option<PathBuf>, guard: Option<std::fs::File>, started: Instant) -> Self {
        let opened = !matches!(slot, Slot::Opening);
        AppState {
            slot: RwLock::new(slot),
            opened: (Mutex::new(opened), Condvar::new()),
            data_dir,
            guard: Mutex::new(guard),
            started,
            ready_after: Mutex::new(None),
            checks_cancelled: Default::default(),
            wrong_passphrases: Default::default(),
        }
    }

    /// Opens `<dir>/e-reputation-medecin.sqlite3` once the folder's lock is taken, here and now
    /// (tests; the app uses [`AppState::pending`] then [`AppState::finish_opening`]). A failure
    /// is kept, not raised: the window still opens and shows the French explanation and what can
    /// be done instead of vanishing.
    pub fn open(dir: &Path, started: Instant) -> Self {
        let state = Self::pending(dir, started);
        state.finish_opening();
        state
    }

    /// A state whose store is still to be opened: the window can be built meanwhile, and every
    /// command waits for [`AppState::finish_opening`] (the integrity probe of a large file, a
    /// migration, a closing window letting the folder go all happen off the window's thread).
    pub fn pending(dir: &Path, started: Instant) -> Self {
        Self::new(Slot::Opening, Some(dir.to_owned()), None, started)
    }

    /// Takes the folder's lock and opens the store, then lets the waiting commands go.
    pub fn finish_opening(&self) {
        let Some(dir) = self.data_dir.clone() else { return self.settle(Slot::Closed { state: StoreState::Failed, message: "Le dossier des données est introuvable.".into() }) };
        let slot = match instance::lock_data_dir(&dir) {
            Guard::Busy => Slot::Closed { state: StoreState::Busy, message: instance::BUSY.into() },
            held => {
                if let Guard::Held(file) = held {
                    *self.guard.lock().unwrap_or_else(|p| p.into_inner()) = Some(file);
                }
                open_slot(&dir.join(DB_FILE))
            }
        };
        if let Slot::Closed { state, message } = &slot {
            log::warn!("store not fully open ({state:?}): {message}");
        }
        self.settle(slot);
    }

    fn settle(&self, slot: Slot) {
        *self.slot.write().unwrap_or_else(|p| p.into_inner()) = slot;
        let (done, ready) = &self.opened;
        *done.lock().unwrap_or_else(|p| p.into_inner()) = true;
        ready.notify_all();
    }

    pub fn failed(reason: String, started: Instant) -> Self {
        Self::new(Slot::Closed { state: StoreState::Failed, message: reason }, None, None, started)
    }

    /// A state over an already opened store (tests).
    pub fn with_store(store: Store) -> Self {
        let data_dir = store.path().and_then(|p| p.parent()).map(Path::to_owned);
        Self::new(Slot::Open { store: Arc::new(Mutex::new(store)), read_only: false }, data_dir, None, Instant::now())
    }

    fn slot(&self) -> Slot {
        let (done, ready) = &self.opened;
        let mut opened = done.lock().unwrap_or_else(|p| p.into_inner());
        while !*opened {
            opened = ready.wait(opened).unwrap_or_else(|p| p.into_inner());
        }
        drop(opened);
        self.slot.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Puts a newly opened store in place (after a passphrase, a restore into an empty file…).
    pub fn install(&self, store: Store, read_only: bool) {
        *self.slot.write().unwrap_or_else(|p| p.into_inner()) = Slot::Open { store: Arc::new(Mutex::new(store)), read_only };
    }

    /// Where the store stands, and the French message that goes with it (none when open).
    pub fn status(&self) -> (StoreState, Option<String>) {
        match self.slot() {
            Slot::Open { read_only: false, .. } => (StoreState::Open, None),
            Slot::Open { read_only: true, .. } => (StoreState::ReadOnly, Some(READ_ONLY.into())),
            Slot::Closed { state, message } => (state, Some(message)),
            // Not reached (slot() waits for the opening to be over); said plainly if it were.
            Slot::Opening => (StoreState::Failed, Some(OPENING.into())),
        }
    }

    /// The database file's path (whether or not it is open).
    pub fn db_path(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join(DB_FILE))
    }

    fn shared(&self) -> Result<Shared, Error> {
        match self.slot() {
            Slot::Open { store, .. } => Ok(store),
            Slot::Closed { message, .. } => Err(Error::Unavailable(message)),
            Slot::Opening => Err(Error::Unavailable(OPENING.to_owned())),
        }
    }

    /// Runs `work` on the store on a blocking thread and maps its error for the UI.
    pub async fn run<T, F>(&self, work: F) -> CmdResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, Error> + Send + 'static,
    {
        Ok(Handle::run(self, work).await?)
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

    /// Whether the store is open, even read-only (for `app_info`, which must answer when not).
    pub fn is_open(&self) -> bool {
        matches!(self.slot(), Slot::Open { .. })
    }

    /// Whether the store can be written (the reminders and the daily fetch write).
    pub fn is_writable(&self) -> bool {
        matches!(self.slot(), Slot::Open { read_only: false, .. })
    }
}

const OPENING: &str = "Vos données sont en cours d'ouverture ; réessayez dans un instant.";

/// Said on every screen while the store is open for reading only.
pub const READ_ONLY: &str = "Vos données sont ouvertes en lecture seule : le fichier ou son dossier ne peut pas être modifié (droits du dossier, disque plein ou protégé en écriture, clé USB verrouillée…). Vous pouvez consulter vos données, mais rien de ce que vous saisirez ne sera enregistré. Rendez le dossier modifiable (ou libérez de la place), puis relancez l'application.";

/// The slot for the file at `path`: open (read-only when it cannot be written), or closed with
/// the state the first screen acts on.
fn open_slot(path: &Path) -> Slot {
    use erm_usecases::StoreError;
    let closed = |state, e: Error| Slot::Closed { state, message: e.to_string() };
    // A kill may have cut a file swap short or left temporary copies: settled before opening.
    if let Err(e) = erm_usecases::recover_leftovers(path) {
        log::error!("start-up recovery failed: {e}");
    }
    match erm_usecases::open_store_or_read_only(path, None) {
        Ok((store, read_only)) => Slot::Open { store: Arc::new(Mutex::new(store)), read_only },
        Err(e @ Error::Store(StoreError::PassphraseNeeded)) => closed(StoreState::Locked, e),
        Err(e @ Error::Store(StoreError::EmptyFile { .. })) => closed(StoreState::Empty, e),
        Err(e) => closed(StoreState::Failed, e),
    }
}

/// Runs slow work that needs no store (rendering a PDF, reading an import file) on a blocking
/// thread, never the window's, and maps its error for the UI.
pub async fn off_thread<T, F>(work: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, Error> + Send + 'static,
{
    Ok(blocking(work).await?)
}

/// `work` on a blocking thread; a thread that died is told plainly (the cause goes to the log).
async fn blocking<T, F>(work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, Error> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work).await.map_err(|e| {
        log::error!("internal: {e}");
        Error::Document(INTERRUPTED.to_owned())
    })?
}

const INTERRUPTED: &str = "L'opération s'est interrompue de façon inattendue ; rien n'a été modifié. Le détail est dans le journal de l'application.";

/// The handle every phased use case runs through: the store under its lock on a blocking
/// thread, slow work on another, the data folder, the shell's clock.
impl Handle for AppState {
    fn run<T, F>(&self, work: F) -> impl std::future::Future<Output = Result<T, Error>> + Send
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, Error> + Send + 'static,
    {
        let shared = self.shared();
        async move {
            let shared = shared?;
            blocking(move || work(&mut lock(&shared))).await
        }
    }

    fn off_thread<T, F>(&self, work: F) -> impl std::future::Future<Output = Result<T, Error>> + Send
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, Error> + Send + 'static,
    {
        blocking(work)
    }

    fn data_dir(&self) -> Result<&Path, Error> {
        self.data_dir.as_deref().ok_or_else(|| Error::Unavailable("Le dossier des données n'est pas ouvert.".to_owned()))
    }

    fn today(&self) -> chrono::NaiveDate {
        crate::clock::today()
    }
}

/// A panic in another command must not lock the doctor out: its transaction was rolled back by
/// `Transaction`'s drop, so the store is consistent and the lock can be taken again.
fn lock(shared: &Mutex<Store>) -> MutexGuard<'_, Store> {
    shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
