//! The case deadlines as an iCalendar file (RFC 5545) the doctor imports into any agenda:
//! one all-day event per deadline, with a reminder the day before.
//!
//! Hand-written rather than built with the `icalendar` crate: the subset needed here (all-day
//! VEVENT, VALARM, TEXT escaping, line folding) is small and fully specified by RFC 5545
//! §3.1 and §3.3.11, while the crate is a 0.x API that would bring a parser (nom) and its
//! own dependency tree into the release build for about a hundred lines of output.

use chrono::{DateTime, Days, NaiveDate, Utc};

/// The product identifier written in every file (RFC 5545 §3.7.3).
pub const PRODID: &str = "-//E-Reputation Medecin//Echeances du dossier//FR";

/// One deadline in the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarItem {
    /// Stable across exports, so that re-importing updates the event instead of duplicating
    /// it: e.g. `case-12-press-clock@e-reputation-medecin`.
    pub uid: String,
    pub on: NaiveDate,
    pub summary: String,
    pub description: String,
}

/// The calendar holding `items`. `stamp` is the DTSTAMP of every event (when the file was
/// made). Lines end with CRLF and are folded at 75 octets, never inside a UTF-8 character.
pub fn to_ics(items: &[CalendarItem], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut line = |l: &str| push_folded(&mut out, l);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!("PRODID:{PRODID}"));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    for item in items {
        let end = item.on.checked_add_days(Days::new(1)).unwrap_or(item.on);
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&item.uid)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", item.on.format("%Y%m%d")));
        line(&format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        line(&format!("SUMMARY:{}", escape_text(&item.summary)));
        line(&format!("DESCRIPTION:{}", escape_text(&item.description)));
        line("TRANSP:TRANSPARENT");
        line("BEGIN:VALARM");
        line("ACTION:DISPLAY");
        line(&format!("DESCRIPTION:{}", escape_text(&format!("Demain : {}", item.summary))));
        line("TRIGGER:-P1D");
        line("END:VALARM");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon and comma are escaped, line
/// breaks become `\n`; other control characters are not allowed in a content line and are
/// dropped (a tab becomes a space).
pub fn escape_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded to 75 octets per physical line (RFC 5545 §3.1): continuation lines
/// start with one space, which counts in their 75 octets. Cuts fall on character boundaries.
fn push_folded(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_counts_octets_not_characters() {
        let mut out = String::new();
        push_folded(&mut out, &"é".repeat(80));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(lines[0].len(), 74, "37 two-octet characters fit in 75 octets");
        assert!(lines.iter().all(|l| l.len() <= 75));
        assert_eq!(lines.iter().map(|l| l.trim_start_matches(' ')).collect::<String>(), "é".repeat(80));
    }
}
