//! The Tableau de bord answers « what now? »: first the legal lapses of the open cases and
//! what is overdue or due within 7 days, then what waits for the doctor (reviews, letters to
//! post), then the trend of the reviews.

pub mod due;
pub mod trend;

use chrono::NaiveDate;
use serde::Serialize;

use erm_domain::review::ReviewStatus;
use crate::error::Error;
use erm_store::{cases, listings, practice, reviews, Store};

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
    /// The nearest lapse of every open case, nearest first (shown before anything else).
    pub case_lapses: Vec<CaseLapse>,
    /// Overdue (recently) or due within 7 days, soonest first.
    pub due: Vec<due::DueItem>,
    /// Letters written but not yet recorded as posted (erasure requests, case letters).
    pub letters_to_post: usize,
    pub trend: trend::Trend,
    /// New items in the Veille inbox.
    pub watch_new: usize,
    /// The reminders due today (also notified once on the desktop), soonest first.
    pub reminders: Vec<crate::reminders::Reminder>,
}

/// An open case's nearest legal lapse, with the last alert date already passed.
#[derive(Debug, Serialize)]
pub struct CaseLapse {
    pub case_id: i64,
    pub title: String,
    #[serde(flatten)]
    pub lapse: crate::cases::view::LapseView,
    /// The latest alert (publication + 45, 60 or 75 days) on or before today, if any.
    pub alert_passed: Option<NaiveDate>,
    /// Shown as urgent: the lapse is near or passed, or an alert date is behind.
    pub urgent: bool,
}

/// « Me le rappeler plus tard » on a reminder: snoozed, and the dashboard as it now reads.
pub fn snooze_reminder(store: &mut Store, key: &str, today: NaiveDate) -> Result<Summary, Error> {
    crate::reminders::snooze(store, key, today)?;
    summary(store, today)
}

pub fn summary(store: &Store, today: NaiveDate) -> Result<Summary, Error> {
    let all = listings::list(store.conn(), today)?;
    let case_rows = cases::list_with_events(store.conn())?;
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
        case_lapses: case_lapses(&case_rows, today),
        due: due::due_items(&all, &case_rows, today),
        letters_to_post: crate::letters::register_over(store, &all)?.iter().filter(|e| e.letter.can_mark_sent).count(),
        trend: trend::trend(store.conn(), today)?,
        reminders: crate::reminders::due(store, today)?,
        watch_new: crate::watch::inbox(store, crate::watch::InboxFilter::New)?.len(),
    })
}

fn case_lapses(rows: &[(erm_domain::case::CaseFile, Vec<erm_domain::case::CaseEvent>)], today: NaiveDate) -> Vec<CaseLapse> {
    use erm_domain::case::{clock, CaseStatus};
    let mut out: Vec<CaseLapse> = rows
        .iter()
        .filter(|(case, _)| case.status != CaseStatus::Closed)
        .filter_map(|(case, events)| {
            let nearest = clock::nearest_lapse(case, events, today)?;
            let alert_passed = nearest.alerts.iter().copied().filter(|a| *a <= today).max();
            let lapse = crate::cases::view::lapse_view(&nearest, today);
            let urgent = lapse.urgency != erm_domain::deadline::Urgency::Later || alert_passed.is_some();
            Some(CaseLapse { case_id: case.id, title: case.title.clone(), lapse, alert_passed, urgent })
        })
        .collect();
    out.sort_by_key(|c| (c.lapse.lapses_on, c.case_id));
    out
}

/// The default signer as signed, or `None` before the onboarding.
pub fn signer_name(store: &Store) -> Result<Option<String>, Error> {
    Ok(practice::default_signer(store.conn())?.map(|p| p.display_name()))
}
