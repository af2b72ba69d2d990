//! « Courriers »: the register of every letter the app wrote, whatever it was about. Saving a
//! copy and recording the posting or the acknowledgement reuse the listings commands
//! (`letter_export`, `letter_mark_sent`, `letter_mark_acknowledged`), so a letter has one set of
//! rules wherever it is shown.

use erm_core::domain::listing::Status;
use erm_core::store::listings::{self as listing_repo, letters as letter_repo};
use serde::Serialize;
use tauri::State;

use super::listings::view::{letter_item, LetterItem};
use crate::error::CmdResult;
use crate::AppState;

#[derive(Serialize)]
pub struct RegisterEntry {
    #[serde(flatten)]
    pub letter: LetterItem,
    /// What the letter is about ("Annuaire X — https://…"), when it belongs to a listing.
    pub about: Option<String>,
    pub listing_id: Option<i64>,
}

#[tauri::command]
pub fn letter_list(state: State<'_, AppState>) -> CmdResult<Vec<RegisterEntry>> {
    let store = state.store()?;
    let conn = store.conn();
    let mut out = Vec::new();
    for row in letter_repo::list_all(conn)? {
        let listing = match row.listing_id {
            Some(id) => Some(listing_repo::get(conn, id)?),
            None => None,
        };
        let status = listing.as_ref().map_or(Status::Found, |l| l.state.status);
        let about = match &listing {
            Some(l) => {
                let site = erm_core::store::sites::get(conn, l.site_id)?;
                Some(format!("{} — {}", site.name, l.url))
            }
            None => None,
        };
        out.push(RegisterEntry { letter: letter_item(&row, status), about, listing_id: row.listing_id });
    }
    Ok(out)
}
