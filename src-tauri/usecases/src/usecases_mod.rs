//! Use cases: what the doctor can do, one function per action, over the store, the documents
//! and the domain rules. The Tauri shell calls exactly one of these per command (taking the
//! store's lock, mapping the error, doing the OS part: dialogs, clipboard, viewer), so every
//! rule — a letter's assembly, a step form's reading, the secrecy acknowledgement policy — has a
//! fast test here and none lives in the shell.
//!
//! Imports point one way: `usecases` → `store` / `letters` / `replies` / `import` / `watch` →
//! `domain`. Nothing below imports `usecases`.
//!
//! Every function takes "today" from its caller (the shell's clock), so deadlines are computed
//! from facts and tests choose the date.

pub mod backups;
pub mod cases;
pub mod dashboard;
pub mod full_export;
pub mod letters;
pub mod listings;
pub mod practice;
pub mod protection;
pub mod reminders;
pub mod replies;
pub mod reviews;
pub mod settings;
pub mod sites;
pub mod watch;

use std::path::Path;

use crate::error::Error;
use crate::store::{probe, FileState, Passphrase, Store, StoreError};

/// Opens the store at `path` and makes sure the built-in site catalogue is in it (first run;
/// idempotent afterwards).
pub fn open_store(path: &Path) -> Result<Store, Error> {
    open_store_with_key(path, None)
}

/// [`open_store`] for a store that may be protected by a passphrase.
pub fn open_store_with_key(path: &Path, key: Option<&Passphrase>) -> Result<Store, Error> {
    let mut store = Store::open_with_key(path, key)?;
    seed(&mut store)?;
    Ok(store)
}

fn seed(store: &mut Store) -> Result<(), Error> {
    store.transaction(|tx| crate::store::sites::seed_catalogue(tx)).map(drop).map_err(|e| {
        log::error!("catalogue seeding: {e}");
        Error::Document(format!("Le catalogue des sites n'a pas pu être installé : {e}"))
    })
}

/// At start: the store read-write, or, when the file or its folder cannot be written, read-only
/// so the doctor still sees the data (`true` then; the catalogue is not seeded, every change is
/// refused with [`StoreError::ReadOnly`]).
pub fn open_store_or_read_only(path: &Path, key: Option<&Passphrase>) -> Result<(Store, bool), Error> {
    match open_store_with_key(path, key) {
        Err(Error::Store(StoreError::ReadOnly { .. })) => {
            log::warn!("{}: not writable, opened read-only", path.display());
            Ok((Store::open_read_only(path, key)?, true))
        }
        other => other.map(|s| (s, false)),
    }
}

/// « Commencer un nouveau cabinet » after [`StoreError::EmptyFile`]: the empty file is renamed
/// aside (`<name>.vide-<date>`, kept: nothing is deleted) and a new store is created in its
/// place. Refused when the file is not empty, so no data can be put aside by this.
pub fn start_afresh(path: &Path) -> Result<Store, Error> {
    if probe(path)? != FileState::Empty {
        return Err(Error::Refused("Le fichier de données n'est pas vide : il n'a pas été mis de côté.".into()));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "base.sqlite3".into());
    let stamp = chrono::Utc::now().format("%Y-%m-%d_%H%M%S");
    let mut aside = path.with_file_name(format!("{name}.vide-{stamp}"));
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = path.with_file_name(format!("{name}.vide-{stamp}-{n}"));
    }
    std::fs::rename(path, &aside).map_err(|e| StoreError::io(path, &e))?;
    log::info!("empty store file kept aside as {}", aside.display());
    open_store(path)
}
