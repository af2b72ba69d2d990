//! The deadlines calendar against RFC 5545: CRLF lines of at most 75 octets folded on UTF-8
//! boundaries, TEXT escaping, and a strict parse-back (unfold, content-line grammar, component
//! nesting, required properties, values unescaped back to the input).

use chrono::{NaiveDate, TimeZone, Utc};
use erm_documents::export::*;

fn items() -> Vec<CalendarItem> {
    vec![
        CalendarItem {
            uid: "case-12-press-clock@e-reputation-medecin".into(),
            on: NaiveDate::from_ymd_opt(2027, 2, 2).unwrap(),
            summary: "Prescription de l'action en diffamation : dernier jour pour agir (avis « Patient75 »)".into(),
            description: "Délai de trois mois de l'article 65 de la loi du 29 juillet 1881, couru depuis la première mise en ligne, le 2 novembre 2026 ; seul un acte de poursuite l'interrompt.\nConsultez un avocat à temps, c'est-à-dire dès maintenant; voir C:\\dossiers\\avis.".into(),
        },
        CalendarItem {
            uid: "case-12-notice-end@e-reputation-medecin".into(),
            on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            summary: "Fin du délai de la mise en demeure".into(),
            description: "Sans retrait, préparer la relance.".into(),
        },
    ]
}

fn stamp() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap()
}

/// RFC 5545 §3.3.11 unescaping.
fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut it = v.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(c @ ('\\' | ';' | ',')) => out.push(c),
                other => panic!("invalid escape \\{other:?} in {v:?}"),
            }
        } else {
            assert!(c != ';' && c != ',', "unescaped {c:?} in a TEXT value: {v:?}");
            out.push(c);
        }
    }
    out
}

/// Parses the file strictly: returns the VEVENTs as (name, params, value) lists.
fn parse(ics: &str) -> Vec<Vec<(String, String, String)>> {
    assert!(ics.ends_with("\r\n"), "the file ends with CRLF");
    let physical: Vec<&str> = ics[..ics.len() - 2].split("\r\n").collect();
    for l in &physical {
        assert!(l.len() <= 75, "line over 75 octets ({}): {l:?}", l.len());
        assert!(!l.contains('\n') && !l.contains('\r'), "bare line break: {l:?}");
        assert!(!l.chars().any(|c| c.is_control() && c != '\t'), "control character: {l:?}");
    }
    // Unfold: a line starting with a space continues the previous one.
    let mut logical: Vec<String> = Vec::new();
    for l in physical {
        match l.strip_prefix(' ') {
            Some(rest) => logical.last_mut().expect("continuation without a line").push_str(rest),
            None => logical.push(l.to_owned()),
        }
    }
    let name_ok = |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let mut stack: Vec<String> = Vec::new();
    let mut events = Vec::new();
    let mut current: Option<Vec<(String, String, String)>> = None;
    let mut seen_prodid = false;
    for l in &logical {
        // contentline = name *(";" param) ":" value — the first ":" outside a quoted param.
        let colon = l.find(':').unwrap_or_else(|| panic!("no colon: {l:?}"));
        let (head, value) = (&l[..colon], &l[colon + 1..]);
        let mut parts = head.split(';');
        let name = parts.next().unwrap();
        assert!(name_ok(name), "bad property name {name:?}");
        let params: Vec<&str> = parts.collect();
        for p in &params {
            let (k, v) = p.split_once('=').unwrap_or_else(|| panic!("bad param {p:?}"));
            assert!(name_ok(k) && !v.is_empty(), "bad param {p:?}");
        }
        match name {
            "BEGIN" => {
                stack.push(value.to_owned());
                if value == "VEVENT" {
                    current = Some(Vec::new());
                }
            }
            "END" => {
                assert_eq!(stack.pop().as_deref(), Some(value), "unbalanced END:{value}");
                if value == "VEVENT" {
                    events.push(current.take().unwrap());
                }
            }
            _ => {
                if name == "PRODID" {
                    seen_prodid = true;
                }
                if stack.last().map(String::as_str) == Some("VEVENT") {
                    current.as_mut().unwrap().push((name.to_owned(), params.join(";"), value.to_owned()));
                }
            }
        }
    }
    assert!(stack.is_empty() && seen_prodid);
    assert!(logical.first().unwrap() == "BEGIN:VCALENDAR" && logical.iter().any(|l| l == "VERSION:2.0"));
    events
}

#[test]
fn the_calendar_parses_back_strictly() {
    let input = items();
    let ics = to_ics(&input, stamp());
    assert!(ics.contains(&format!("PRODID:{PRODID}\r\n")));
    let events = parse(&ics);
    assert_eq!(events.len(), 2);
    for (ev, item) in events.iter().zip(&input) {
        let get = |n: &str| ev.iter().find(|(k, ..)| k == n).unwrap_or_else(|| panic!("{n} missing"));
        assert_eq!(unescape(&get("UID").2), item.uid);
        assert_eq!(get("DTSTAMP").2, "20261201T093000Z");
        assert_eq!((get("DTSTART").1.as_str(), get("DTSTART").2.clone()), ("VALUE=DATE", item.on.format("%Y%m%d").to_string()));
        let next = item.on.succ_opt().unwrap().format("%Y%m%d").to_string();
        assert_eq!((get("DTEND").1.as_str(), get("DTEND").2.as_str()), ("VALUE=DATE", next.as_str()));
        assert_eq!(unescape(&get("SUMMARY").2), item.summary);
        assert_eq!(unescape(&get("DESCRIPTION").2), item.description);
    }
    // The reminder: a display alarm one day before, inside each event.
    assert_eq!(ics.matches("BEGIN:VALARM\r\nACTION:DISPLAY\r\n").count(), 2);
    assert_eq!(ics.matches("TRIGGER:-P1D\r\n").count(), 2);
    // 31 December: DTEND is the next year's 1 January.
    assert!(ics.contains("DTEND;VALUE=DATE:20270101\r\n"));
    // No bare LF anywhere.
    assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
}

#[test]
fn a_long_french_line_folds_without_splitting_a_character() {
    let summary = "Échéance : réponse de l'hébergeur à la notification — délai raisonnable écoulé, prévoir la relance écrite ; « éèêëàâçôœ » répétés éèêëàâçôœéèêëàâçôœ".to_owned();
    let ics = to_ics(&[CalendarItem { uid: "u@x".into(), on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), summary: summary.clone(), description: "é".repeat(200) }], stamp());
    let bytes = ics.as_bytes();
    let mut folds = 0;
    for (i, w) in bytes.windows(3).enumerate() {
        if w == b"\r\n " {
            folds += 1;
            // The octets on both sides of the fold are whole characters.
            assert!(std::str::from_utf8(&bytes[..i]).is_ok(), "fold at {i} splits a character");
            assert!(std::str::from_utf8(&bytes[i + 3..]).is_ok());
        }
    }
    assert!(folds >= 4, "long lines were folded ({folds})");
    let events = parse(&ics);
    let summary_back = &events[0].iter().find(|(k, ..)| k == "SUMMARY").unwrap().2;
    assert_eq!(unescape(summary_back), summary);
    // 200 two-octet characters: 37 on the first line after "DESCRIPTION:" (12 octets) is
    // not required, but every physical line of it is at most 75 octets and valid UTF-8.
    for l in ics.split("\r\n") {
        assert!(l.len() <= 75 && std::str::from_utf8(l.as_bytes()).is_ok());
    }
}

#[test]
fn text_values_are_escaped() {
    assert_eq!(escape_text("a,b;c\\d\ne\r\nf\tg\u{7}"), "a\\,b\\;c\\\\d\\ne\\nf g");
    let ics = to_ics(&[CalendarItem { uid: "x;y,z".into(), on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), summary: "s".into(), description: "d".into() }], stamp());
    assert!(ics.contains("UID:x\\;y\\,z\r\n"), "{ics}");
    // An empty list is still a valid calendar.
    assert!(parse(&to_ics(&[], stamp())).is_empty());
}
