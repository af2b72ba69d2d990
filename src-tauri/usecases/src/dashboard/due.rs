//! « En retard ou à faire sous 7 jours »: the dated things that come due soon or have just
//! passed — a publisher's answer date, the end of a mise en demeure's period, the expected
//! answer to a report — each with where to act.

use chrono::NaiveDate;
use serde::Serialize;

use erm_domain::case::clock::{self, DatedKind};
use erm_domain::case::{CaseEvent, CaseFile, CaseStatus};
use erm_domain::deadline::days_left;
use erm_store::listings::ListingView;

/// How far ahead « soon » looks.
pub const DUE_WINDOW_DAYS: i64 = 7;
/// How long a passed date stays listed as overdue (after that the screens of the listing or
/// case carry it).
const OVERDUE_KEPT_DAYS: i64 = 30;

#[derive(Debug, Clone, Serialize)]
pub struct DueItem {
    pub on: NaiveDate,
    pub days_left: i64,
    pub overdue: bool,
    /// French, one line.
    pub label: String,
    /// Where to act: `#/fiches/12`, `#/dossiers/3`.
    pub href: String,
}

fn in_window(on: NaiveDate, today: NaiveDate) -> Option<i64> {
    let left = days_left(on, today);
    (-OVERDUE_KEPT_DAYS..=DUE_WINDOW_DAYS).contains(&left).then_some(left)
}

pub fn due_items(listings: &[ListingView], cases: &[(CaseFile, Vec<CaseEvent>)], today: NaiveDate) -> Vec<DueItem> {
    let mut out = Vec::new();
    for l in listings.iter().filter(|l| l.listing.state.awaiting_answer()) {
        let Some(due) = l.answer_deadline else { continue };
        let Some(left) = in_window(due.due_on, today) else { continue };
        out.push(DueItem {
            on: due.due_on,
            days_left: left,
            overdue: left < 0,
            label: format!("Réponse {} à votre demande d'effacement", erm_domain::text::de(&l.site_name)),
            href: format!("#/fiches/{}", l.listing.id),
        });
    }
    for (case, events) in cases.iter().filter(|(c, _)| c.status != CaseStatus::Closed) {
        for d in clock::deadlines(case, events) {
            if !matches!(d.kind, DatedKind::FormalNoticeEnds | DatedKind::ReportAnswerExpected) {
                continue; // lapses and their alerts have their own list, first on the dashboard
            }
            let Some(left) = in_window(d.on, today) else { continue };
            out.push(DueItem {
                on: d.on,
                days_left: left,
                overdue: left < 0,
                label: format!("{} — dossier « {} »", d.label, case.title),
                href: format!("#/dossiers/{}", case.id),
            });
        }
    }
    out.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.href.cmp(&b.href)));
    out
}
