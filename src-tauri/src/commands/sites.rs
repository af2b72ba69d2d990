//! The catalogue of directory sites: the built-in entries (editable, restorable) and the sites
//! the doctor adds, with their publisher, SIREN, DPO, host and "vérifié le" date.

use erm_core::domain::site::{self as rules, Site, SiteInput};
use erm_core::store::sites as repo;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::listings::view::publisher_address;
use crate::clock::today;
use crate::error::CmdResult;
use crate::AppState;

/// A site as the catalogue screen shows it.
#[derive(Debug, Serialize)]
pub struct SiteRow {
    #[serde(flatten)]
    pub site: Site,
    pub kind_label: &'static str,
    /// Shipped with the application (restorable, not deletable).
    pub builtin: bool,
    /// The contact data carry a "vérifié le" date; otherwise the UI shows "à vérifier".
    pub verified: bool,
    /// Why an erasure letter cannot be addressed to the publisher yet, if so (French).
    pub address_problem: Option<String>,
    /// How many listings the doctor follows on this site.
    pub listings: i64,
}

fn row(site: Site, listings: i64) -> SiteRow {
    SiteRow {
        kind_label: site.kind.label(),
        builtin: site.builtin_key.is_some(),
        verified: site.verified_on.is_some(),
        address_problem: if site.kind.erasure_applies() { publisher_address(&site).err() } else { None },
        listings,
        site,
    }
}

fn counted(store: &erm_core::store::Store, site: Site) -> CmdResult<SiteRow> {
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM listing WHERE site_id = ?1", [site.id], |r| r.get(0))
        .map_err(erm_core::Error::from)?;
    Ok(row(site, n))
}

#[tauri::command]
pub fn site_list(state: State<'_, AppState>) -> CmdResult<Vec<SiteRow>> {
    let store = state.store()?;
    repo::list(store.conn())?.into_iter().map(|s| counted(&store, s)).collect()
}

#[derive(Deserialize)]
pub struct SaveArgs {
    /// Absent for a new site.
    pub id: Option<i64>,
    pub input: SiteInput,
}

#[tauri::command]
pub fn site_save(state: State<'_, AppState>, args: SaveArgs) -> CmdResult<SiteRow> {
    let mut site = rules::validate(&args.input, today()).map_err(erm_core::Error::from)?;
    site.id = args.id;
    let mut store = state.store()?;
    let saved = store.transaction(|tx| repo::save(tx, &site))?;
    counted(&store, saved)
}

/// Puts a catalogue site back as shipped.
#[tauri::command]
pub fn site_reset(state: State<'_, AppState>, id: i64) -> CmdResult<SiteRow> {
    let mut store = state.store()?;
    let site = store.transaction(|tx| repo::reset_builtin(tx, id))?;
    counted(&store, site)
}

#[tauri::command]
pub fn site_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    let mut store = state.store()?;
    Ok(store.transaction(|tx| repo::delete(tx, id))?)
}
