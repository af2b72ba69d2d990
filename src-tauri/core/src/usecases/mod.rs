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
pub mod reminders;
pub mod replies;
pub mod reviews;
pub mod settings;
pub mod sites;
pub mod watch;

use std::path::Path;

use crate::error::Error;
use crate::store::Store;

/// Opens the store at `path` and makes sure the built-in site catalogue is in it (first run;
/// idempotent afterwards).
pub fn open_store(path: &Path) -> Result<Store, Error> {
    let mut store = Store::open(path)?;
    store.transaction(|tx| crate::store::sites::seed_catalogue(tx)).map_err(|e| {
        log::error!("catalogue seeding: {e}");
        Error::Document(format!("Le catalogue des sites n'a pas pu être installé : {e}"))
    })?;
    Ok(store)
}
