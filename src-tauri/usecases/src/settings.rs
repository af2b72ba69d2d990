//! Paramètres: the window-envelope settings and the doctor's notes on the help directory.

use crate::handle::Handle;
use std::collections::BTreeMap;

use crate::error::Error;
use crate::help::{self, Directory, NOTES_KEY};

pub use erm_documents::letters::LayoutSettings;
use erm_store::{settings, Store};

/// Setting key of the envelope window; the value is a [`LayoutSettings`] JSON object.
pub const ENVELOPE_KEY: &str = "letters.envelope";

/// The saved envelope settings, or the DL defaults.
pub fn envelope(store: &Store) -> Result<LayoutSettings, Error> {
    Ok(settings::get(store.conn(), ENVELOPE_KEY)?.unwrap_or_default())
}

pub fn save_envelope(store: &mut Store, input: &LayoutSettings) -> Result<LayoutSettings, Error> {
    let checked = input.validate()?;
    store.transaction(|tx| settings::set(tx, ENVELOPE_KEY, &checked))?;
    Ok(checked)
}

/// The help directory with the doctor's notes.
pub fn help_directory(store: &Store) -> Result<Directory, Error> {
    let notes: BTreeMap<String, String> = settings::get(store.conn(), NOTES_KEY)?.unwrap_or_default();
    Ok(help::with_notes(&notes))
}

/// Keeps (or, empty, forgets) the doctor's note on a directory entry; returns it as kept.
pub fn save_help_note(store: &mut Store, entry_id: &str, note: &str) -> Result<String, Error> {
    let note = help::check_note(entry_id, note)?;
    store.transaction(|tx| {
        let mut all: BTreeMap<String, String> = settings::get(tx, NOTES_KEY)?.unwrap_or_default();
        if note.is_empty() {
            all.remove(entry_id);
        } else {
            all.insert(entry_id.to_owned(), note.clone());
        }
        settings::set(tx, NOTES_KEY, &all)
    })?;
    Ok(note)
}

/// The web address of a directory entry. Only addresses the directory lists are given out, so
/// the shell cannot be made to open arbitrary URLs.
pub fn help_site(entry_id: &str) -> Result<String, Error> {
    help::directory()
        .groups
        .iter()
        .flat_map(|g| &g.entries)
        .find(|e| e.id == entry_id)
        .and_then(|e| e.url.clone())
        .ok_or_else(|| Error::NotFound("Cette entrée n'a pas de site web.".into()))
}

/// The calibration page with the saved settings, rendered off the lock.
pub async fn calibration_page(h: &impl Handle) -> Result<Vec<u8>, Error> {
    let layout = h.run(|s| envelope(s)).await?;
    let today = h.today();
    h.off_thread(move || Ok(erm_documents::letters::calibration_pdf(&layout, today)?)).await
}
