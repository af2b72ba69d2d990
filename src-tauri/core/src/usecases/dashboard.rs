//! The Tableau de bord: what needs the doctor's attention.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::review::ReviewStatus;
use crate::error::Error;
use crate::store::{listings, practice, reviews, Store};

#[derive(Debug, Serialize)]
pub struct Summary {
    pub listings: usize,
    /// Listings whose publisher's answer is awaited (a clock runs).
    pub listings_waiting: usize,
    /// Listings whose answer deadline has passed: the CNIL complaint or dereferencing is due.
    pub listings_overdue: usize,
    /// Reviews not yet qualified or waiting for a reply.
    pub reviews_to_handle: u64,
    pub reviews: u64,
}

pub fn summary(store: &Store, today: NaiveDate) -> Result<Summary, Error> {
    let all = listings::list(store.conn(), today)?;
    let count = |statuses: Vec<ReviewStatus>| -> Result<u64, Error> {
        let filter = reviews::ReviewFilter { statuses, limit: 1, ..Default::default() };
        Ok(reviews::list(store.conn(), &filter)?.total)
    };
    Ok(Summary {
        listings: all.len(),
        listings_waiting: all.iter().filter(|l| l.days_left.is_some() && !l.overdue).count(),
        listings_overdue: all.iter().filter(|l| l.overdue).count(),
        reviews_to_handle: count(vec![ReviewStatus::New, ReviewStatus::ToAnswer])?,
        reviews: count(vec![])?,
    })
}

/// The default signer as signed, or `None` before the onboarding.
pub fn signer_name(store: &Store) -> Result<Option<String>, Error> {
    Ok(practice::default_signer(store.conn())?.map(|p| p.display_name()))
}
