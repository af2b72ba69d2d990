//! When a review was published. Platforms often show only a relative age ("il y a 2 mois",
//! "2 months ago"): we then keep what was seen, the day it was seen, and an estimated calendar
//! date computed from both, flagged as approximate (the press-law clock needs the exact date,
//! so the UI must say when it only has an estimate).

use chrono::{DateTime, Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::text::strip_accents;
use crate::validation::clean;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PublishedDate {
    /// The platform shows a calendar date.
    Exact { on: NaiveDate },
    /// The platform shows an age; `estimated_on` = `seen_on` minus that age.
    Approximate { seen_text: String, seen_on: NaiveDate, estimated_on: NaiveDate },
}

impl PublishedDate {
    /// The date used for sorting and deadlines: exact, or the estimate.
    pub fn date(&self) -> NaiveDate {
        match self {
            PublishedDate::Exact { on } => *on,
            PublishedDate::Approximate { estimated_on, .. } => *estimated_on,
        }
    }

    pub fn is_approximate(&self) -> bool {
        matches!(self, PublishedDate::Approximate { .. })
    }
}

/// French message for a publication date we cannot read, quoting back what was written (cut
/// to 40 characters) so the doctor finds it in the file or the form.
pub fn unreadable_date(value: &str) -> String {
    format!(
        "{} n'est pas une date de publication lisible : écrivez une date qui existe (JJ/MM/AAAA) ou l'âge \
         affiché par le site, par exemple « il y a 2 mois » ou « 2 months ago ».",
        quoted(value)
    )
}

/// `« value »`, cleaned and cut to 40 characters (with « … »).
pub fn quoted(value: &str) -> String {
    let v = clean(value);
    let mut chars = v.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() { format!("« {head}… »") } else { format!("« {head} »") }
}

/// Reads what the doctor typed or a file holds: a calendar date (`JJ/MM/AAAA`, `AAAA-MM-JJ`,
/// an RFC 3339 timestamp) or a relative age seen on `seen_on`. `None` if neither.
pub fn parse_published(input: &str, seen_on: NaiveDate) -> Option<PublishedDate> {
    let text = clean(input);
    if text.is_empty() {
        return None;
    }
    if let Some(on) = parse_calendar_date(&text) {
        return Some(PublishedDate::Exact { on });
    }
    let estimated_on = estimate_from_relative(&text, seen_on)?;
    Some(PublishedDate::Approximate { seen_text: text, seen_on, estimated_on })
}

/// `JJ/MM/AAAA` (also with `-` or `.`), `AAAA-MM-JJ`, or an RFC 3339 timestamp (date part as
/// written, in the timestamp's own offset).
pub fn parse_calendar_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    for format in ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, format) {
            // chrono accepts "1/2/25" as year 25; a review is never that old.
            if d.year() >= 1990 {
                return Some(d);
            }
        }
    }
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.date_naive())
}

/// The age units platforms show, in days or months (months and years are calendar-exact).
enum Unit {
    Days(u32),
    Months(u32),
}

fn unit_of(word: &str) -> Option<Unit> {
    Some(match word.trim_end_matches('s') {
        "seconde" | "second" | "minute" | "min" | "heure" | "hour" | "h" => Unit::Days(0),
        "jour" | "day" | "j" => Unit::Days(1),
        "semaine" | "week" | "sem" => Unit::Days(7),
        "moi" | "mois" | "month" => Unit::Months(1),
        "an" | "annee" | "year" => Unit::Months(12),
        _ => return None,
    })
}

fn count_of(word: &str) -> Option<u32> {
    match word {
        "un" | "une" | "a" | "an" | "one" => Some(1),
        "deux" | "two" => Some(2),
        "trois" | "three" => Some(3),
        "quatre" | "four" => Some(4),
        "cinq" | "five" => Some(5),
        "six" => Some(6),
        _ => word.parse().ok().filter(|n| *n <= 1000),
    }
}

/// An age as a platform shows it, read from its text. Platforms round down: "il y a 2 mois"
/// means at least two months and less than three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativeAge {
    /// "hier", "aujourd'hui": an exact number of days back.
    DaysBack(u32),
    /// `count` units of `per` days ("3 jours", "2 semaines"); hours and minutes are units of 0 days.
    Days { count: u32, per: u32 },
    /// `count` units of `per` months ("2 mois", "un an" = 1 × 12).
    Months { count: u32, per: u32 },
}

/// Reads a relative age: "il y a 3 jours", "il y a une semaine", "il y a un an", "hier",
/// "2 months ago", "a year ago", "yesterday", also with a prefix such as "Modifié il y a 2 mois" /
/// "Edited 2 months ago". `None` when no age can be read.
pub fn parse_relative_age(input: &str) -> Option<RelativeAge> {
    let folded = strip_accents(input).to_lowercase().replace(['\u{2019}', '\''], " ");
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| matches!(*w, "hier" | "yesterday")) {
        return Some(RelativeAge::DaysBack(1));
    }
    if words.iter().any(|w| matches!(*w, "aujourd" | "today")) {
        return Some(RelativeAge::DaysBack(0));
    }
    // "il y a <n> <unit>" or "<n> <unit> ago": find a count followed by a unit, and require one
    // of the two markers so that a stray "2 mois" in some text is not read as an age.
    let marked = folded.contains("il y a") || words.contains(&"ago");
    if !marked {
        return None;
    }
    let (count, unit) = words.windows(2).find_map(|pair| Some((count_of(pair[0])?, unit_of(pair[1])?)))?;
    Some(match unit {
        Unit::Days(per) => RelativeAge::Days { count, per },
        Unit::Months(per) => RelativeAge::Months { count, per },
    })
}

/// Estimates the publication date from a relative age (see [`parse_relative_age`]): `seen_on`
/// minus the age shown.
pub fn estimate_from_relative(input: &str, seen_on: NaiveDate) -> Option<NaiveDate> {
    match parse_relative_age(input)? {
        RelativeAge::DaysBack(n) => seen_on.checked_sub_days(chrono::Days::new(u64::from(n))),
        RelativeAge::Days { count, per } => seen_on.checked_sub_days(chrono::Days::new(u64::from(count * per))),
        RelativeAge::Months { count, per } => seen_on.checked_sub_months(Months::new(count * per)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn french_relative_forms() {
        let seen = d(2026, 3, 31);
        assert_eq!(estimate_from_relative("il y a 3 jours", seen), Some(d(2026, 3, 28)));
        assert_eq!(estimate_from_relative("il y a 2 semaines", seen), Some(d(2026, 3, 17)));
        assert_eq!(estimate_from_relative("Il y a une semaine", seen), Some(d(2026, 3, 24)));
        assert_eq!(estimate_from_relative("il y a un mois", seen), Some(d(2026, 2, 28)));
        assert_eq!(estimate_from_relative("il y a 2 mois", seen), Some(d(2026, 1, 31)));
        assert_eq!(estimate_from_relative("il y a un an", seen), Some(d(2025, 3, 31)));
        assert_eq!(estimate_from_relative("il y a 3 ans", seen), Some(d(2023, 3, 31)));
        assert_eq!(estimate_from_relative("Modifié il y a 5 heures", seen), Some(seen));
        assert_eq!(estimate_from_relative("hier", seen), Some(d(2026, 3, 30)));
    }

    #[test]
    fn google_english_forms() {
        let seen = d(2026, 1, 15);
        assert_eq!(estimate_from_relative("2 months ago", seen), Some(d(2025, 11, 15)));
        assert_eq!(estimate_from_relative("a year ago", seen), Some(d(2025, 1, 15)));
        assert_eq!(estimate_from_relative("a week ago", seen), Some(d(2026, 1, 8)));
        assert_eq!(estimate_from_relative("Edited 3 days ago", seen), Some(d(2026, 1, 12)));
        assert_eq!(estimate_from_relative("an hour ago", seen), Some(seen));
    }

    #[test]
    fn unreadable_or_unmarked_ages_are_refused() {
        let seen = d(2026, 1, 15);
        assert_eq!(estimate_from_relative("2 mois", seen), None);
        assert_eq!(estimate_from_relative("il y a longtemps", seen), None);
        assert_eq!(estimate_from_relative("months ago", seen), None);
        assert_eq!(parse_published("", seen), None);
        assert_eq!(parse_published("31/02/2025", seen), None);
    }

    #[test]
    fn unreadable_dates_are_quoted_back() {
        assert!(unreadable_date(" 31/02/2025 ").starts_with("« 31/02/2025 » n'est pas une date"));
        let long = "x".repeat(100);
        assert!(unreadable_date(&long).starts_with(&format!("« {}… »", "x".repeat(40))));
    }

    #[test]
    fn calendar_dates_are_exact() {
        let seen = d(2026, 1, 15);
        assert_eq!(parse_published("05/03/2025", seen), Some(PublishedDate::Exact { on: d(2025, 3, 5) }));
        assert_eq!(parse_published("2025-03-05", seen), Some(PublishedDate::Exact { on: d(2025, 3, 5) }));
        assert_eq!(
            parse_published("2025-03-05T23:10:00+01:00", seen),
            Some(PublishedDate::Exact { on: d(2025, 3, 5) })
        );
        let approx = parse_published("  il y a  2 mois ", seen).unwrap();
        assert!(approx.is_approximate());
        assert_eq!(approx.date(), d(2025, 11, 15));
        assert_eq!(
            approx,
            PublishedDate::Approximate { seen_text: "il y a 2 mois".into(), seen_on: seen, estimated_on: d(2025, 11, 15) }
        );
    }
}
