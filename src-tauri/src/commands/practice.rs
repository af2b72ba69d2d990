//! The practice profile: the doctors who sign letters and whose details fill replies.

use erm_core::domain::practice::{self as rules, Practitioner, PractitionerInput};
use erm_core::store::practice as repo;
use serde::Deserialize;
use tauri::State;

use crate::error::{CmdResult, CommandError};
use crate::AppState;

#[tauri::command]
pub fn practitioner_list(state: State<'_, AppState>) -> CmdResult<Vec<Practitioner>> {
    Ok(repo::list(state.store()?.conn())?)
}

#[derive(Deserialize)]
pub struct SaveArgs {
    /// Absent for a new practitioner.
    pub id: Option<i64>,
    pub input: PractitionerInput,
}

#[tauri::command]
pub fn practitioner_save(state: State<'_, AppState>, args: SaveArgs) -> CmdResult<Practitioner> {
    let mut p = rules::validate(&args.input).map_err(erm_core::Error::from)?;
    p.id = args.id;
    let mut store = state.store()?;
    Ok(store.transaction(|tx| repo::save(tx, &p))?)
}

#[tauri::command]
pub fn practitioner_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    let mut store = state.store()?;
    Ok(store.transaction(|tx| repo::delete(tx, id))?)
}

#[tauri::command]
pub fn practitioner_set_default(state: State<'_, AppState>, id: i64) -> CmdResult<Vec<Practitioner>> {
    let mut store = state.store()?;
    store.transaction(|tx| repo::set_default(tx, id))?;
    repo::list(store.conn()).map_err(CommandError::from)
}
