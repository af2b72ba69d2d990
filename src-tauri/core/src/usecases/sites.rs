//! The catalogue of directory sites: the built-in entries (editable, restorable) and the sites
//! the doctor adds, with their publisher, SIREN, DPO, host and "vérifié le" date.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::site::{self as rules, Site, SiteInput};
use crate::error::Error;
use crate::store::{sites as repo, Store};
use crate::usecases::listings::view::publisher_address;

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
        address_problem: if site.route().erasure_letter_offered() { publisher_address(&site).err() } else { None },
        listings,
        site,
    }
}

fn counted(store: &Store, site: Site) -> Result<SiteRow, Error> {
    let n = repo::listing_count(store.conn(), site.id)?;
    Ok(row(site, n))
}

/// Every site with its listing count (one query for the counts, not one per site).
pub fn list(store: &Store) -> Result<Vec<SiteRow>, Error> {
    let counts = repo::listing_counts(store.conn())?;
    Ok(repo::list(store.conn())?
        .into_iter()
        .map(|s| {
            let n = s.id.and_then(|id| counts.get(&id).copied()).unwrap_or(0);
            row(s, n)
        })
        .collect())
}

pub fn save(store: &mut Store, id: Option<i64>, input: &SiteInput, today: NaiveDate) -> Result<SiteRow, Error> {
    let mut site = rules::validate(input, today)?;
    site.id = id;
    let saved = store.transaction(|tx| repo::save(tx, &site))?;
    counted(store, saved)
}

/// Puts a catalogue site back as shipped.
pub fn reset(store: &mut Store, id: i64) -> Result<SiteRow, Error> {
    let site = store.transaction(|tx| repo::reset_builtin(tx, id))?;
    counted(store, site)
}

pub fn delete(store: &mut Store, id: i64) -> Result<(), Error> {
    store.transaction(|tx| repo::delete(tx, id))
}
