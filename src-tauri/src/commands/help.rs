//! « Aides et assurances »: the help directory, the doctor's notes on it, and opening a listed
//! web site in the browser.

use erm_usecases::help::Directory;
use erm_usecases::settings;
use tauri::{AppHandle, Runtime, State};

use crate::error::{Arg, CmdResult};
use crate::{export, AppState};

#[tauri::command]
pub async fn help_directory(state: State<'_, AppState>) -> CmdResult<Directory> {
    state.run(|s| settings::help_directory(s)).await
}

#[tauri::command]
pub async fn help_note_save(state: State<'_, AppState>, entry_id: Arg<String>, note: Arg<String>) -> CmdResult<String> {
    state.run(move |s| settings::save_help_note(s, &entry_id.0, &note.0)).await
}

/// Opens the web site of a directory entry (only addresses the directory lists).
#[tauri::command]
pub fn help_open_site<R: Runtime>(app: AppHandle<R>, entry_id: Arg<String>) -> CmdResult<()> {
    export::open_web_page(&app, &settings::help_site(&entry_id.0)?)
}
