//! « Aides et assurances »: the help directory, the doctor's notes on it, and opening a
//! listed web site in the browser.

use std::collections::BTreeMap;

use erm_core::help::{self, Directory, NOTES_KEY};
use erm_core::store::settings;
use tauri::{AppHandle, Runtime, State};

use crate::error::{CmdResult, CommandError};
use crate::{export, AppState};

fn notes(state: &AppState) -> CmdResult<BTreeMap<String, String>> {
    Ok(settings::get(state.store()?.conn(), NOTES_KEY)?.unwrap_or_default())
}

#[tauri::command]
pub fn help_directory(state: State<'_, AppState>) -> CmdResult<Directory> {
    Ok(help::with_notes(&notes(&state)?))
}

#[tauri::command]
pub fn help_note_save(state: State<'_, AppState>, entry_id: String, note: String) -> CmdResult<String> {
    let note = help::check_note(&entry_id, &note)?;
    let mut store = state.store()?;
    store.transaction(|tx| {
        let mut all: BTreeMap<String, String> = settings::get(tx, NOTES_KEY)?.unwrap_or_default();
        if note.is_empty() {
            all.remove(&entry_id);
        } else {
            all.insert(entry_id.clone(), note.clone());
        }
        settings::set(tx, NOTES_KEY, &all)
    })?;
    Ok(note)
}

/// Opens the web site of a directory entry. Only addresses that the directory lists are opened,
/// so this command cannot be used to launch arbitrary URLs.
#[tauri::command]
pub fn help_open_site<R: Runtime>(app: AppHandle<R>, entry_id: String) -> CmdResult<()> {
    let url = help::directory()
        .groups
        .iter()
        .flat_map(|g| &g.entries)
        .find(|e| e.id == entry_id)
        .and_then(|e| e.url.clone())
        .ok_or_else(|| CommandError::from(erm_core::Error::NotFound("Cette entrée n'a pas de site web.".into())))?;
    export::open_web_page(&app, &url)
}
