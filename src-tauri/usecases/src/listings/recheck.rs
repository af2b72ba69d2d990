//! « Vérifier toutes les fiches »: the presence check of every listing in one go. The targets are
//! read under the store's lock, the pages fetched without it (the shell bounds how many at once
//! and can stop between two), and each verdict recorded as the single check does. Listings
//! found gone after an erasure request are the ones to close as removed: the report names them.

use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::stream::{self, StreamExt};

use crate::handle::Handle;
use chrono::NaiveDate;
use serde::Serialize;

use super::{presence_target, record_presence, PresenceTarget};
use erm_domain::listing::{PresenceOutcome, PresenceProof, Status};
use crate::error::Error;
use erm_store::listings as repo;
use erm_store::Store;

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

/// Pages fetched at once: enough to finish 200 listings in a minute or two, few enough not to
/// look like an attack to any one site.
const AT_ONCE: usize = 4;

/// What « Vérifier toutes les fiches » found.
#[derive(Debug, Serialize)]
pub struct CheckAllReport {
    pub lines: Vec<RecheckLine>,
    pub total: usize,
    /// Stopped by the doctor before the end.
    pub stopped: bool,
    /// Pages that could not be checked, with the French reason (not recorded).
    pub failures: Vec<String>,
}

/// Every listing's page fetched, a few at a time, without holding the store; each verdict
/// recorded as it comes. `cancelled` takes effect between two pages (those in flight finish and
/// are recorded); `progress` gets (done, total).
pub async fn check_all(h: &impl Handle, cancelled: &AtomicBool, mut progress: impl FnMut(usize, usize) + Send) -> Result<CheckAllReport, Error> {
    let today = h.today();
    let targets = h.run(move |s| targets(s, today)).await?;
    let total = targets.len();
    let client = h.http()?;
    progress(0, total);
    let mut fetched = stream::iter(targets)
        .map(|(id, target)| {
            let client = &client;
            async move {
                if cancelled.load(Ordering::SeqCst) {
                    return None;
                }
                let names: Vec<&str> = target.names.iter().map(String::as_str).collect();
                Some((id, erm_net::presence::check_presence(client, &target.url, &names).await))
            }
        })
        .buffer_unordered(AT_ONCE);
    let (mut lines, mut failures, mut done) = (Vec::new(), Vec::new(), 0);
    while let Some(result) = fetched.next().await {
        let Some((id, checked)) = result else { continue };
        done += 1;
        match checked {
            Ok(found) => {
                let proof = found.to_proof();
                lines.push(h.run(move |s| record(s, id, proof, today)).await?);
            }
            Err(e) => {
                log::info!("bulk presence check of listing {id} failed: {e}");
                failures.push(e.to_string());
            }
        }
        progress(done, total);
    }
    Ok(CheckAllReport { lines, total, stopped: cancelled.load(Ordering::SeqCst), failures })
}
