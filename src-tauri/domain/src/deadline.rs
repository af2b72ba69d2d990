//! Legal deadlines, computed from facts (dates of receipt, publication…) and never typed in.
//! Every computation returns a [`Deadline`] that names its legal basis, so the UI and the letters
//! can say *why* a date is what it is.
//!
//! **Month arithmetic** follows the EU rule the domain brief records in §2.1 (Regulation
//! (EEC, Euratom) No 1182/71 on time limits, art. 3 — tagged [K] there, to be checked against the
//! official text): a period in months ends on the day bearing the same number in the last month;
//! if that day does not exist (31 January + 1 month), it ends on the last day of that month
//! (28 or 29 February). When the last day is a Saturday, a Sunday or a public holiday, the same
//! article moves the end to the next working day; we apply that step only to the publisher's GDPR
//! answer (it favours the publisher, so the doctor is never told "overdue" too early), never to the
//! press-law limitation, where acting late loses the right for good.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Serialize;

/// A computed due date with its legal basis, for display and for letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Last day on which the act is on time.
    pub due_on: NaiveDate,
    /// The rule that sets the period, e.g. "art. 12.3 RGPD".
    pub basis: &'static str,
    /// What is due, in French, for the UI.
    pub label: &'static str,
    /// The plain calendar end when a week-end or public holiday moved `due_on` later.
    pub postponed_from: Option<NaiveDate>,
}

/// `date` + `months` with the month-end rule (31 January + 1 month = 28/29 February).
/// Saturates at the largest representable date rather than panicking on absurd input.
pub fn add_months_eu(date: NaiveDate, months: u32) -> NaiveDate {
    // chrono clamps a missing day to the last day of the month, which is exactly the rule.
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// `date` + `days` calendar days (saturating).
pub fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX)
}

/// Days from `today` to `due_on`: 0 on the due date itself, negative once it has passed.
pub fn days_left(due_on: NaiveDate, today: NaiveDate) -> i64 {
    (due_on - today).num_days()
}

/// How near a date is, as every screen marks it: past, soon, or later. The one place the
/// thresholds live (the pages only style what this says).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    Soon,
    Later,
}

/// A legal answer or a period is « soon » within a week of its end.
pub const ANSWER_SOON_DAYS: i64 = 7;
/// A press-law lapse is « soon » within 30 days: the time to see a lawyer and have a writ served.
pub const LAPSE_SOON_DAYS: i64 = 30;

/// The urgency of a date `days_left` away, « soon » within `soon_within` days.
pub fn urgency(days_left: i64, soon_within: i64) -> Urgency {
    if days_left < 0 {
        Urgency::Overdue
    } else if days_left <= soon_within {
        Urgency::Soon
    } else {
        Urgency::Later
    }
}

/// True once the last day of the period is over.
pub fn is_overdue(due_on: NaiveDate, today: NaiveDate) -> bool {
    today > due_on
}

/// French national public holidays (jours fériés) of `date`'s year, Alsace-Moselle extras aside.
pub fn is_french_public_holiday(date: NaiveDate) -> bool {
    let (m, d) = (date.month(), date.day());
    if matches!((m, d), (1, 1) | (5, 1) | (5, 8) | (7, 14) | (8, 15) | (11, 1) | (11, 11) | (12, 25)) {
        return true;
    }
    let easter = easter_sunday(date.year());
    // Easter Monday, Ascension Thursday, Whit Monday.
    [1u64, 39, 50].iter().any(|&n| easter.checked_add_days(Days::new(n)) == Some(date))
}

/// Gregorian Easter Sunday (anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher).
fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date")
}

/// The same day if it is a working day, otherwise the next one (Saturday, Sunday and French
/// public holidays are not working days).
pub fn next_working_day(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || is_french_public_holiday(d) {
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    d
}

fn postponed(basis: &'static str, label: &'static str, calendar_end: NaiveDate) -> Deadline {
    let due_on = next_working_day(calendar_end);
    Deadline { due_on, basis, label, postponed_from: (due_on != calendar_end).then_some(calendar_end) }
}

/// The publisher's answer to an access/erasure/objection request: one month after receipt, three
/// months when it notified an extension (with reasons) within the first month.
/// `received_on` is the acknowledgement date of a registered letter, or the sending date of an
/// email or web form (domain brief, checklist A.1).
pub fn gdpr_answer_due(received_on: NaiveDate, extension_notified: bool) -> Deadline {
    if extension_notified {
        postponed(
            "art. 12.3 RGPD (prolongation de deux mois notifiée)",
            "Réponse de l'éditeur due (3 mois après réception, prolongation notifiée)",
            add_months_eu(received_on, 3),
        )
    } else {
        postponed("art. 12.3 RGPD", "Réponse de l'éditeur due (1 mois après réception)", add_months_eu(received_on, 1))
    }
}

/// Last day on which the publisher may notify an extension: the end of the first month.
pub fn gdpr_extension_notice_limit(received_on: NaiveDate) -> NaiveDate {
    gdpr_answer_due(received_on, false).due_on
}

/// Press-law limitation for injure and diffamation: three months from first online publication
/// (art. 65 of the law of 29 July 1881). Only a court act (summons, complaint with a civil-party
/// claim) stops it; letters, notices and CNIL complaints do not. Never postponed to a working day:
/// the doctor must act before this date, not on it. Whether the day of publication counts is not
/// settled in our sources (domain brief A.2, [K]): treat this date as the very last one and rely
/// on the 45/60/75-day alerts.
pub fn press_law_limit(first_published: NaiveDate) -> Deadline {
    Deadline {
        due_on: add_months_eu(first_published, 3),
        basis: "art. 65 de la loi du 29 juillet 1881",
        label: "Prescription de l'action pour injure ou diffamation (3 mois après la première publication)",
        postponed_from: None,
    }
}

/// Reminder dates before the press-law limitation: publication + 45, 60 and 75 days.
pub fn press_law_alerts(first_published: NaiveDate) -> [NaiveDate; 3] {
    [45, 60, 75].map(|n| add_days(first_published, n))
}

/// Default period left to the recipient of a formal notice (mise en demeure), in calendar days.
pub const FORMAL_NOTICE_DEFAULT_DAYS: u32 = 15;
/// The range the settings accept for that period.
pub const FORMAL_NOTICE_DAYS_RANGE: std::ops::RangeInclusive<u32> = 8..=30;

/// End of the period granted by a formal notice: `days` calendar days after its receipt
/// (a contractual, not statutory, period: the letter itself sets it).
pub fn formal_notice_due(received_on: NaiveDate, days: u32) -> Deadline {
    Deadline {
        due_on: add_days(received_on, days),
        basis: "délai fixé dans la mise en demeure elle-même",
        label: "Fin du délai laissé par la mise en demeure",
        postponed_from: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_end_rule_clamps_to_the_last_day_of_february() {
        assert_eq!(add_months_eu(d(2027, 1, 31), 1), d(2027, 2, 28)); // non-leap
        assert_eq!(add_months_eu(d(2028, 1, 31), 1), d(2028, 2, 29)); // leap
        assert_eq!(add_months_eu(d(2028, 1, 30), 1), d(2028, 2, 29));
        assert_eq!(add_months_eu(d(2027, 1, 29), 1), d(2027, 2, 28));
        assert_eq!(add_months_eu(d(2100, 1, 31), 1), d(2100, 2, 28), "2100 is not a leap year");
        assert_eq!(add_months_eu(d(2000, 1, 31), 1), d(2000, 2, 29), "2000 is a leap year");
    }

    #[test]
    fn same_day_number_when_it_exists() {
        assert_eq!(add_months_eu(d(2026, 3, 15), 1), d(2026, 4, 15));
        assert_eq!(add_months_eu(d(2026, 4, 30), 1), d(2026, 5, 30), "30 stays 30 in a 31-day month");
        assert_eq!(add_months_eu(d(2026, 3, 31), 1), d(2026, 4, 30), "31 → 30 in a 30-day month");
        assert_eq!(add_months_eu(d(2026, 5, 31), 1), d(2026, 6, 30));
        assert_eq!(add_months_eu(d(2026, 7, 31), 1), d(2026, 8, 31));
        assert_eq!(add_months_eu(d(2026, 8, 31), 3), d(2026, 11, 30));
        assert_eq!(add_months_eu(d(2026, 11, 30), 3), d(2027, 2, 28));
    }

    #[test]
    fn leap_day_plus_months_and_years() {
        assert_eq!(add_months_eu(d(2028, 2, 29), 1), d(2028, 3, 29));
        assert_eq!(add_months_eu(d(2028, 2, 29), 12), d(2029, 2, 28));
        assert_eq!(add_months_eu(d(2028, 2, 29), 48), d(2032, 2, 29));
    }

    #[test]
    fn crosses_the_year_end() {
        assert_eq!(add_months_eu(d(2026, 12, 31), 1), d(2027, 1, 31));
        assert_eq!(add_months_eu(d(2026, 12, 15), 1), d(2027, 1, 15));
        assert_eq!(add_months_eu(d(2026, 11, 30), 3), d(2027, 2, 28));
        assert_eq!(add_months_eu(d(2026, 12, 31), 2), d(2027, 2, 28));
        assert_eq!(add_months_eu(NaiveDate::MAX, 1), NaiveDate::MAX, "saturates instead of panicking");
    }

    #[test]
    fn french_public_holidays_including_moving_ones() {
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert!(is_french_public_holiday(d(2026, 4, 6)), "Easter Monday 2026");
        assert!(is_french_public_holiday(d(2026, 5, 14)), "Ascension 2026");
        assert!(is_french_public_holiday(d(2026, 5, 25)), "Whit Monday 2026");
        assert!(is_french_public_holiday(d(2026, 7, 14)));
        assert!(!is_french_public_holiday(d(2026, 4, 7)));
        assert!(!is_french_public_holiday(d(2026, 12, 26)), "26 December is a holiday only in Alsace-Moselle");
    }

    #[test]
    fn gdpr_answer_is_due_one_month_after_receipt() {
        // Received Tuesday 10 March 2026 → Friday 10 April 2026, a working day.
        let dl = gdpr_answer_due(d(2026, 3, 10), false);
        assert_eq!(dl.due_on, d(2026, 4, 10));
        assert_eq!(dl.basis, "art. 12.3 RGPD");
        assert_eq!(dl.postponed_from, None);
        // Received 31 January 2029 → 28 February 2029 (Wednesday).
        assert_eq!(gdpr_answer_due(d(2029, 1, 31), false).due_on, d(2029, 2, 28));
        // Received 31 January 2028 (leap year) → 29 February 2028 (Tuesday).
        assert_eq!(gdpr_answer_due(d(2028, 1, 31), false).due_on, d(2028, 2, 29));
    }

    #[test]
    fn gdpr_answer_moves_to_the_next_working_day() {
        // 31 Jan 2027 + 1 month = Sunday 28 Feb 2027 → Monday 1 March 2027.
        let dl = gdpr_answer_due(d(2027, 1, 31), false);
        assert_eq!(dl.due_on, d(2027, 3, 1));
        assert_eq!(dl.postponed_from, Some(d(2027, 2, 28)));
        // 1 April 2026 + 1 month = Friday 1 May (holiday) → Monday 4 May 2026.
        assert_eq!(gdpr_answer_due(d(2026, 4, 1), false).due_on, d(2026, 5, 4));
        // 30 November 2026 + 1 month = Wednesday 30 December 2026, unchanged.
        assert_eq!(gdpr_answer_due(d(2026, 11, 30), false).due_on, d(2026, 12, 30));
        // Year end: 25 November 2026 + 1 month = Friday 25 December (holiday) → Monday 28 December.
        assert_eq!(gdpr_answer_due(d(2026, 11, 25), false).due_on, d(2026, 12, 28));
    }

    #[test]
    fn extension_gives_three_months_in_total() {
        let dl = gdpr_answer_due(d(2026, 3, 10), true);
        assert_eq!(dl.due_on, d(2026, 6, 10));
        assert!(dl.basis.contains("12.3"));
        assert!(dl.label.contains("3 mois"));
        // 30 November 2026 + 3 months = 28 February 2027 (Sunday) → 1 March 2027.
        assert_eq!(gdpr_answer_due(d(2026, 11, 30), true).due_on, d(2027, 3, 1));
        assert_eq!(gdpr_extension_notice_limit(d(2026, 3, 10)), d(2026, 4, 10));
    }

    #[test]
    fn one_rule_marks_every_date_overdue_soon_or_later() {
        assert_eq!(urgency(-1, ANSWER_SOON_DAYS), Urgency::Overdue);
        assert_eq!(urgency(0, ANSWER_SOON_DAYS), Urgency::Soon);
        assert_eq!(urgency(7, ANSWER_SOON_DAYS), Urgency::Soon);
        assert_eq!(urgency(8, ANSWER_SOON_DAYS), Urgency::Later);
        assert_eq!(urgency(30, LAPSE_SOON_DAYS), Urgency::Soon);
        assert_eq!(urgency(31, LAPSE_SOON_DAYS), Urgency::Later);
    }

    #[test]
        fn days_left_counts_down_to_zero_then_negative() {
        let due = d(2026, 4, 10);
        assert_eq!(days_left(due, d(2026, 3, 10)), 31);
        assert_eq!(days_left(due, due), 0);
        assert!(!is_overdue(due, due), "the due date itself is still on time");
        assert_eq!(days_left(due, d(2026, 4, 11)), -1);
        assert!(is_overdue(due, d(2026, 4, 11)));
        assert_eq!(days_left(d(2027, 1, 1), d(2026, 12, 31)), 1, "across the year end");
    }

    #[test]
    fn press_law_limit_is_three_calendar_months_without_postponement() {
        let dl = press_law_limit(d(2026, 11, 30));
        assert_eq!(dl.due_on, d(2027, 2, 28), "month-end rule, and a Sunday is not postponed");
        assert_eq!(dl.postponed_from, None);
        assert!(dl.basis.contains("art. 65") && dl.basis.contains("1881"));
        assert_eq!(press_law_limit(d(2026, 3, 10)).due_on, d(2026, 6, 10));
    }

    #[test]
    fn press_law_alerts_at_45_60_75_days() {
        assert_eq!(press_law_alerts(d(2026, 1, 1)), [d(2026, 2, 15), d(2026, 3, 2), d(2026, 3, 17)]);
        assert_eq!(press_law_alerts(d(2028, 1, 1))[1], d(2028, 3, 1), "leap year shifts the 60-day alert");
        assert_eq!(press_law_alerts(d(2026, 12, 1)), [d(2027, 1, 15), d(2027, 1, 30), d(2027, 2, 14)]);
    }

    #[test]
    fn formal_notice_counts_calendar_days_from_receipt() {
        assert_eq!(formal_notice_due(d(2026, 12, 20), FORMAL_NOTICE_DEFAULT_DAYS).due_on, d(2027, 1, 4));
        assert_eq!(formal_notice_due(d(2028, 2, 20), 15).due_on, d(2028, 3, 6));
        assert_eq!(formal_notice_due(d(2026, 3, 1), 8).due_on, d(2026, 3, 9));
        assert!(FORMAL_NOTICE_DAYS_RANGE.contains(&FORMAL_NOTICE_DEFAULT_DAYS));
    }
}
