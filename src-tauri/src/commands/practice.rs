//! The practice profile: the doctors who sign letters and whose details fill replies.

use erm_usecases::practice::PractitionerInput;
use erm_usecases::practice::{self, PractitionerView};
use serde::Deserialize;
use tauri::State;

use crate::error::{Arg, CmdResult};
use crate::AppState;

#[tauri::command]
pub async fn practitioner_list(state: State<'_, AppState>) -> CmdResult<Vec<PractitionerView>> {
    state.run(|s| practice::list(s)).await
}

#[derive(Deserialize)]
pub struct SaveArgs {
    /// Absent for a new practitioner.
    pub id: Option<i64>,
    pub input: PractitionerInput,
}

#[tauri::command]
pub async fn practitioner_save(state: State<'_, AppState>, args: Arg<SaveArgs>) -> CmdResult<PractitionerView> {
    let SaveArgs { id, input } = args.0;
    state.run(move |s| practice::save(s, id, &input)).await
}

#[tauri::command]
pub async fn practitioner_delete(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<()> {
    state.run(move |s| practice::delete(s, id.0)).await
}

#[tauri::command]
pub async fn practitioner_set_default(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<Vec<PractitionerView>> {
    state.run(move |s| practice::set_default(s, id.0)).await
}
