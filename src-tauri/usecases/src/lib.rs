//! # erm-usecases — what the doctor can do
//!
//! One function per doctor action, over the crates below it, each of which knows nothing of the
//! ones above:
//!
//! * `erm-domain`: the rules and words of the trade (pure);
//! * `erm-store`: the SQLite file and the evidence folder;
//! * `erm-documents`: letters, the lawyer's archive, the calendar file;
//! * `erm-replies`: the medical-secrecy guard and the reply material;
//! * `erm-net`: the few network calls the doctor asks for.
//!
//! This crate adds the review import ([`import`]), the help directory ([`help`]) and one module
//! per area. The Tauri shell calls exactly one use case per command and imports nothing below
//! this crate (its manifest depends on this crate only). Every function takes "today" from its
//! caller (the shell's clock), so deadlines are computed from facts and tests choose the date.

pub mod error;
pub mod handle;
pub mod help;
pub mod import;

pub use error::{Error, Result};
pub use handle::Handle;
/// The store's handle and its vocabulary, for the shell that holds it (it opens, swaps and
/// closes the file through the use cases of this crate).
pub use erm_store::{IntegrityReport, Passphrase, Store, StoreError};
/// The one atomic-write helper, for the files the shell saves where the doctor chose.
pub use erm_files::atomic::write as write_file_atomically;

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

use erm_store::{probe, FileState};

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
    store.transaction(|tx| erm_store::sites::seed_catalogue(tx)).map(drop).map_err(|e| {
        log::error!("catalogue seeding: {e}");
        Error::Document(format!("Le catalogue des sites n'a pas pu être installé : {e}"))
    })
}

/// At start, before the store is opened (the data folder's lock held): a file swap a kill cut
/// short (protection, restore) is undone or finished, and every temporary file of ours left
/// beside the store, in its backups or in the evidence folder is removed (said in the log).
pub fn recover_leftovers(path: &Path) -> Result<(), Error> {
    let done = erm_store::leftovers::recover(path)?;
    if done.placed.is_some() || !done.removed.is_empty() {
        log::warn!("start-up recovery: {} leftover(s) removed, store {}", done.removed.len(), if done.placed.is_some() { "put back" } else { "in place" });
    }
    Ok(())
}

/// At start: the store read-write, or, when the file or its folder cannot be written, read-only
/// so the doctor still sees the data (`true` then; the catalogue is not seeded, every change is
/// refused with [`StoreError::ReadOnly`]).
pub fn open_store_or_read_only(path: &Path, key: Option<&Passphrase>) -> Result<(Store, bool), Error> {
    let opened = open_writable_or_read_only(path, key)?;
    // A protected store whose backups were not all converted (a kill during « Protéger »):
    // the plain ones are converted now that the passphrase is known.
    if let (Some(k), (store, false)) = (key, &opened) {
        let report = protection::protect_plain_backups(store, k);
        if report.backups_converted > 0 || !report.backups_left.is_empty() {
            log::warn!("plain backups of a protected store converted at opening: {report:?}");
        }
    }
    Ok(opened)
}

fn open_writable_or_read_only(path: &Path, key: Option<&Passphrase>) -> Result<(Store, bool), Error> {
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
