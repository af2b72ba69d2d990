//! The catalogue of directory sites (built-in entries, editable and restorable, and the sites
//! the doctor adds).

use erm_usecases::sites::SiteInput;
use erm_usecases::sites::{self, SiteRow};
use serde::Deserialize;
use tauri::State;

use crate::clock::today;
use crate::error::{Arg, CmdResult};
use crate::AppState;

#[tauri::command]
pub async fn site_list(state: State<'_, AppState>) -> CmdResult<Vec<SiteRow>> {
    state.run(|s| sites::list(s)).await
}

#[derive(Deserialize)]
pub struct SaveArgs {
    /// Absent for a new site.
    pub id: Option<i64>,
    pub input: SiteInput,
}

#[tauri::command]
pub async fn site_save(state: State<'_, AppState>, args: Arg<SaveArgs>) -> CmdResult<SiteRow> {
    let SaveArgs { id, input } = args.0;
    state.run(move |s| sites::save(s, id, &input, today())).await
}

/// Puts a catalogue site back as shipped.
#[tauri::command]
pub async fn site_reset(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<SiteRow> {
    state.run(move |s| sites::reset(s, id.0)).await
}

#[tauri::command]
pub async fn site_delete(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<()> {
    state.run(move |s| sites::delete(s, id.0)).await
}
