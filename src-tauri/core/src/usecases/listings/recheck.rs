//! « Vérifier toutes les fiches »: the presence check of every listing in one go. The targets are
//! read under the store's lock, the pages fetched without it (the shell bounds how many at once
//! and can stop between two), and each verdict recorded as the single check does. Listings
//! found gone after an erasure request are the ones to close as removed: the report names them.

use chrono::NaiveDate;
use serde::Serialize;

use super::{presence_target, record_presence, PresenceTarget};
use crate::domain::listing::{PresenceOutcome, PresenceProof, Status};
use crate::error::Error;
use crate::store::listings as repo;
use crate::store::Store;

/// Every listing that can be checked now, with what to look for (removed ones are checked too:
/// a page may come back).
pub fn targets(store: &Store, today: NaiveDate) -> Result<Vec<(i64, PresenceTarget)>, Error> {
    repo::list(store.conn(), today)?.iter().map(|v| Ok((v.listing.id, presence_target(store, v.listing.id)?))).collect()
}

/// One line of the bulk report.
#[derive(Debug, Clone, Serialize)]
pub struct RecheckLine {
    pub listing_id: i64,
    pub site_name: String,
    pub url: String,
    pub outcome: PresenceOutcome,
    pub detail: String,
    /// Gone after an erasure request: the listing screen offers to close it as removed, with
    /// this check as the proof (date and evidence kept in its history).
    pub propose_removal: bool,
}

/// Records one verdict (as the single check does) and says what it means for the listing.
pub fn record(store: &mut Store, id: i64, proof: PresenceProof, today: NaiveDate) -> Result<RecheckLine, Error> {
    let outcome = proof.outcome;
    let report = record_presence(store, id, proof, today)?;
    let state = &report.listing.row.view.listing.state;
    let propose_removal = outcome == PresenceOutcome::Removed && state.request_sent_on.is_some() && state.status != Status::Removed;
    Ok(RecheckLine {
        listing_id: id,
        site_name: report.listing.row.view.site_name.clone(),
        url: report.listing.row.view.listing.url.clone(),
        outcome,
        detail: report.detail,
        propose_removal,
    })
}
