//! Reminders: the dates that must come to the doctor rather than wait to be looked up — a
//! publisher's answer date, a case's press-law alerts and lapse, the end of a mise en demeure's
//! period, and the monthly watch of the Ordre's guide. Each reminder has a stable key; it is
//! shown once as a desktop notification (the shell does that), can be put off for a week, and is
//! listed on the dashboard while it is due. What was shown and put off is kept in the
//! `setting` table (`reminders.state`), so a restart does not notify twice.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use erm_domain::case::clock::{self, DatedKind};
use erm_domain::case::CaseStatus;
use erm_domain::deadline::days_left;
use crate::error::Error;
use erm_store::{cases, listings, settings, Store};

pub const STATE_KEY: &str = "reminders.state";
/// How early a reminder comes before its date.
pub const LEAD_DAYS: i64 = 3;
/// « Me le rappeler plus tard » puts a reminder off this long.
pub const SNOOZE_DAYS: u64 = 7;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    /// Stable across runs: `listing-12-answer-2026-12-03`, `case-3-alert-2026-04-19`, `watch-2026-12`.
    pub key: String,
    pub on: NaiveDate,
    pub title: String,
    pub body: String,
    /// Where to act.
    pub href: String,
    pub days_left: i64,
    /// Shown in red: a date passed. The monthly watch is a nudge, never urgent (issue 20: it
    /// was red on a new practice's first day).
    pub urgent: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Seen {
    #[serde(default)]
    shown_on: Option<NaiveDate>,
    #[serde(default)]
    snoozed_until: Option<NaiveDate>,
}

type State = BTreeMap<String, Seen>;

fn state(store: &Store) -> Result<State, Error> {
    Ok(settings::get(store.conn(), STATE_KEY)?.unwrap_or_default())
}

/// Every reminder due on `today`: its date is within [`LEAD_DAYS`] or passed (for at most 30
/// days; the monthly watch for its first week), and it is not put off.
pub fn due(store: &Store, today: NaiveDate) -> Result<Vec<Reminder>, Error> {
    let seen = state(store)?;
    let mut out = Vec::new();
    let mut push = |key: String, on: NaiveDate, title: String, body: String, href: String| {
        let left = days_left(on, today);
        let snoozed = seen.get(&key).and_then(|s| s.snoozed_until).is_some_and(|until| today < until);
        // The monthly watch is a gentle nudge for the first week of the month, not a deadline.
        let kept = if key.starts_with("watch-") { 6 } else { 30 };
        if (-kept..=LEAD_DAYS).contains(&left) && !snoozed {
            let urgent = left < 0 && !key.starts_with("watch-");
            out.push(Reminder { key, on, title, body, href, days_left: left, urgent });
        }
    };
    for l in listings::list(store.conn(), today)? {
        if let (Some(due), true) = (l.answer_deadline, l.listing.state.awaiting_answer()) {
            push(
                format!("listing-{}-answer-{}", l.listing.id, due.due_on),
                due.due_on,
                format!("Réponse attendue de {}", l.site_name),
                format!("{} : {} ({}).", due.label, erm_domain::text::french_date(due.due_on), due.basis),
                format!("#/fiches/{}", l.listing.id),
            );
        }
    }
    for (case, events) in cases::list_with_events(store.conn())? {
        if case.status == CaseStatus::Closed {
            continue;
        }
        for d in clock::deadlines(&case, &events) {
            let kind = match d.kind {
                DatedKind::Lapse => "lapse",
                DatedKind::Alert => "alert",
                DatedKind::FormalNoticeEnds => "notice-end",
                DatedKind::ReportAnswerExpected => continue, // a rough expectation, not worth a notification
            };
            push(
                format!("case-{}-{kind}-{}", case.id, d.on),
                d.on,
                format!("Dossier « {} »", case.title),
                format!("{} : {}. {}", d.label, erm_domain::text::french_date(d.on), clock::NO_STOP_WARNING),
                format!("#/dossiers/{}", case.id),
            );
        }
    }
    // The guide's monthly watch: on the first day of each month.
    let first = today.with_day(1).expect("day 1 exists");
    push(
        format!("watch-{}", first.format("%Y-%m")),
        first,
        "Veille mensuelle".into(),
        "Conseil de l'Ordre : faites une recherche à votre nom (moteurs de recherche, annuaires, réseaux sociaux) et relevez les nouveaux contenus.".into(),
        "#/tableau-de-bord".into(),
    );
    out.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.key.cmp(&b.key)));
    Ok(out)
}

/// The due reminders not yet shown as a notification; they are marked shown in the same
/// transaction, so each is notified once even if two windows ask.
pub fn take_unshown(store: &mut Store, today: NaiveDate) -> Result<Vec<Reminder>, Error> {
    let due = due(store, today)?;
    store.transaction(|tx| {
        let mut seen: State = settings::get(tx, STATE_KEY)?.unwrap_or_default();
        let fresh: Vec<Reminder> = due.into_iter().filter(|r| seen.get(&r.key).and_then(|s| s.shown_on).is_none()).collect();
        for r in &fresh {
            seen.entry(r.key.clone()).or_default().shown_on = Some(today);
        }
        // Forget what can no longer come back (dates long passed), so the setting stays small.
        seen.retain(|key, s| s.snoozed_until.is_some_and(|u| u >= today) || key_date(key).is_none_or(|d| days_left(d, today) >= -60));
        settings::set(tx, STATE_KEY, &seen)?;
        Ok(fresh)
    })
}

/// The date at the end of a reminder key (`…-2026-04-19`), if any.
fn key_date(key: &str) -> Option<NaiveDate> {
    key.get(key.len().checked_sub(10)?..).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// « Me le rappeler dans une semaine »: the reminder leaves the dashboard and comes back, as a
/// notification too, a week later.
pub fn snooze(store: &mut Store, key: &str, today: NaiveDate) -> Result<(), Error> {
    if key.is_empty() || key.len() > 200 {
        return Err(erm_domain::validation::Invalid::single("key", "Ce rappel n'existe pas.").into());
    }
    Ok(store.transaction(|tx| {
        let mut seen: State = settings::get(tx, STATE_KEY)?.unwrap_or_default();
        let entry = seen.entry(key.to_owned()).or_default();
        entry.snoozed_until = Some(today + Days::new(SNOOZE_DAYS));
        entry.shown_on = None;
        settings::set(tx, STATE_KEY, &seen)
    })?)
}
