//! The guard's rules that are shapes rather than words: numbers (phones, social-security numbers,
//! numeric dates, times), written dates and weekdays, email addresses, links, personal names and
//! shouting. They work on the folded text and its tokens, like the lexicons.

use super::lexicon::Lexicons;
use super::normalize::{Folded, Token};
use super::finding::{Category, GuardContext, Hit, Note, Severity};

pub(crate) fn detect(lex: &Lexicons, f: &Folded, tokens: &[Token], ctx: &GuardContext, hits: &mut Vec<Hit>) {
    let mut push = |start: usize, end: usize, category: Category, note: Option<Note>| {
        let severity = if matches!(note, Some(Note::BookingLink | Note::CivilityName)) { Severity::Block } else { category.default_severity() };
        hits.push(Hit { start, end, category, severity, note });
    };
    numbers(lex, f, tokens, ctx, &mut push);
    written_dates(lex, f, tokens, &mut push);
    emails(f, ctx, &mut push);
    links(lex, f, ctx, &mut push);
    names(lex, f, tokens, ctx, &mut push);
    shouting(f, tokens, &mut push);
}

type Push<'a> = dyn FnMut(usize, usize, Category, Option<Note>) + 'a;

fn is_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// The token index that starts at byte `at`, if any.
fn token_at(tokens: &[Token], at: usize) -> Option<usize> {
    tokens.binary_search_by_key(&at, |t| t.start).ok()
}

/// Whether a date at token `i` is a birth date ("né le 3 mai 1980", "date de naissance : …").
fn birth_context(f: &Folded, tokens: &[Token], i: usize) -> bool {
    (i.saturating_sub(4)..i)
        .any(|k| tokens[k].sentence == tokens[i].sentence && matches!(tokens[k].text(f), "ne" | "nee" | "nes" | "nees" | "naissance"))
}

fn date_category(f: &Folded, tokens: &[Token], i: usize) -> Category {
    if birth_context(f, tokens, i) {
        Category::BirthDate
    } else {
        Category::VisitDate
    }
}

/// Phone numbers as the 10 national digits ("0123456789"), whatever the spelling.
pub(crate) fn national_phone(raw: &str, international: bool) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("0033") {
        format!("0{rest}")
    } else if international && digits.starts_with("33") && digits.len() == 11 {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    (national.len() == 10 && national.starts_with('0')).then_some(national)
}

/// Runs of digits joined by single separators: "01 23 45 67 89", "12/03/2024", "10:30",
/// "1 85 05 78 006 084 36".
fn numbers(lex: &Lexicons, f: &Folded, tokens: &[Token], ctx: &GuardContext, push: &mut Push) {
    let own: Vec<String> = ctx.phones.iter().filter_map(|p| national_phone(p, p.trim_start().starts_with('+'))).collect();
    let b = f.text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_alphanumeric())) {
            i += 1;
            continue;
        }
        let start = i;
        let mut groups: Vec<&str> = Vec::new();
        let mut seps: Vec<u8> = Vec::new();
        loop {
            let g = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            groups.push(&f.text[g..i]);
            if i + 1 < b.len() && matches!(b[i], b' ' | b'.' | b'-' | b'/' | b':') && b[i + 1].is_ascii_digit() {
                seps.push(b[i]);
                i += 1;
            } else {
                break;
            }
        }
        let end = i;
        if i < b.len() && b[i].is_ascii_alphabetic() {
            continue; // "10h30", "1er": words, handled with the tokens
        }
        let num = |s: &str| s.parse::<u32>().unwrap_or(99);
        let valid_date = |d: &str, m: &str| d.len() <= 2 && m.len() <= 2 && (1..=31).contains(&num(d)) && (1..=12).contains(&num(m));
        let year_ok = |y: &str| y.len() == 2 || y.len() == 4;
        let tok = token_at(tokens, start);
        let uniform = |c: u8| !seps.is_empty() && seps.iter().all(|&s| s == c);
        let is_date = (uniform(b'/') && (groups.len() == 2 || (groups.len() == 3 && year_ok(groups[2]))) && valid_date(groups[0], groups[1]))
            || ((uniform(b'.') || uniform(b'-')) && groups.len() == 3 && year_ok(groups[2]) && valid_date(groups[0], groups[1]));
        if is_date {
            push(start, end, tok.map_or(Category::VisitDate, |t| date_category(f, tokens, t)), None);
            continue;
        }
        if uniform(b':') && groups.len() == 2 && groups[0].len() <= 2 && num(groups[0]) <= 23 && groups[1].len() == 2 {
            if tok.is_some_and(|t| !opening_hours(lex, f, tokens, t)) {
                push(start, end, Category::VisitDate, None);
            }
            continue;
        }
        let international = start > 0 && b[start - 1] == b'+';
        let raw = &f.text[start..end];
        if let Some(phone) = national_phone(raw, international) {
            if !own.contains(&phone) {
                push(if international { start - 1 } else { start }, end, Category::Phone, None);
            }
            continue;
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        if (digits.len() == 13 || digits.len() == 15) && matches!(digits.as_bytes()[0], b'1'..=b'4' | b'7' | b'8') {
            push(start, end, Category::SocialSecurityNumber, None);
        }
    }
}

/// A time token: "10h", "10h30", or a number followed by "h"/"heures" (returns the last token).
fn time_at(f: &Folded, tokens: &[Token], i: usize) -> Option<usize> {
    let w = tokens[i].text(f);
    if let Some((h, m)) = w.split_once('h') {
        let hour_ok = (1..=2).contains(&h.len()) && is_digits(h) && h.parse::<u32>().is_ok_and(|h| h <= 23);
        return (hour_ok && (m.is_empty() || (m.len() == 2 && is_digits(m)))).then_some(i);
    }
    if is_digits(w) && w.len() <= 2 && w.parse::<u32>().is_ok_and(|h| h <= 23) {
        let next = tokens.get(i + 1).filter(|t| t.sentence == tokens[i].sentence)?;
        if matches!(next.text(f), "h" | "heure" | "heures") {
            let minutes = tokens.get(i + 2).filter(|t| t.sentence == tokens[i].sentence && is_digits(t.text(f)) && t.text(f).len() == 2);
            return Some(if minutes.is_some() { i + 2 } else { i + 1 });
        }
    }
    None
}

/// "dès 8h", "à partir de 8h30", "jusqu'à 19h", "de 8h à 19h", "entre 12h et 14h".
fn opening_hours(lex: &Lexicons, f: &Folded, tokens: &[Token], i: usize) -> bool {
    let s = tokens[i].sentence;
    let word = |k: usize| tokens.get(k).filter(|t| t.sentence == s).map(|t| t.text(f));
    let before = |n: usize| i.checked_sub(n).and_then(word);
    if before(1).is_some_and(|w| lex.in_set("time_generic", w) || w == "entre")
        || before(2).is_some_and(|w| lex.in_set("time_generic", w))
    {
        return true;
    }
    // second end of a range: "… 8h à 19h", "… 12h et 14h"
    let range_end = i >= 2
        && (time_at(f, tokens, i - 2).is_some()
            || before(2) == Some("h")
            || (before(2).is_some_and(is_digits) && before(3) == Some("h")));
    if matches!(before(1), Some("a" | "et")) && range_end {
        return true;
    }
    // Issue 23: a range written with a dash ("8h30-19h", "9h–12h"), either end, and a duration
    // before or after something ("à jeun 12h avant"): hours of the practice or a rule.
    let dash_between = |a: usize, b: usize| {
        tokens.get(a).zip(tokens.get(b)).is_some_and(|(x, y)| x.sentence == s && y.sentence == s && matches!(f.text[x.end..y.start].trim(), "-" | "–" | "—"))
    };
    let end = time_at(f, tokens, i).unwrap_or(i);
    if (i >= 1 && dash_between(i - 1, i) && (time_at(f, tokens, i - 1).is_some() || before(1) == Some("h")))
        || (dash_between(end, end + 1) && time_at(f, tokens, end + 1).is_some())
    {
        return true;
    }
    if matches!(word(end + 1), Some("avant" | "apres" | "auparavant" | "minimum")) {
        return true;
    }
    // first end of a range: "de 8h à 19h"
    if before(1) == Some("de") {
        let end = time_at(f, tokens, i).unwrap_or(i);
        return matches!(word(end + 1), Some("a" | "et")) && tokens.get(end + 2).is_some_and(|_| time_at(f, tokens, end + 2).is_some());
    }
    false
}

/// "le 12 mars (2024)", "1er avril", "mars 2024", "mars dernier", weekdays naming one day, times.
fn written_dates(lex: &Lexicons, f: &Folded, tokens: &[Token], push: &mut Push) {
    let word = |k: usize, s: u32| tokens.get(k).filter(|t| t.sentence == s).map(|t| t.text(f));
    for (i, t) in tokens.iter().enumerate() {
        let s = t.sentence;
        let w = t.text(f);
        let day = (is_digits(w) && w.len() <= 2 && w.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))) || w == "1er" || w == "premier";
        if day && word(i + 1, s).is_some_and(|m| lex.in_set("month", m)) {
            let last = if word(i + 2, s).is_some_and(|y| is_digits(y) && y.len() == 4) { i + 2 } else { i + 1 };
            push(t.start, tokens[last].end, date_category(f, tokens, i), None);
            continue;
        }
        if lex.in_set("month", w) {
            if let Some(n) = word(i + 1, s) {
                if (is_digits(n) && n.len() == 4) || matches!(n, "dernier" | "passe") {
                    let prev_is_day = i > 0 && word(i - 1, s).is_some_and(|d| is_digits(d) || d == "1er");
                    if !prev_is_day {
                        push(t.start, tokens[i + 1].end, date_category(f, tokens, i), None);
                    }
                }
            }
        }
        if lex.in_set("weekday", w) {
            let prev = i.checked_sub(1).and_then(|k| word(k, s));
            let next = word(i + 1, s);
            let specific = matches!(next, Some("dernier" | "derniere" | "passe" | "precedent"))
                || matches!(prev, Some("ce" | "cet"))
                || next.is_some_and(|n| is_digits(n) && n.len() <= 2)
                || (next.is_some_and(|n| lex.in_set("weekday_specific", n)) && !prev.is_some_and(|p| lex.in_set("weekday_generic", p)));
            if specific {
                let end = if next.is_some_and(|n| lex.in_set("weekday_specific", n)) { tokens[i + 1].end } else { t.end };
                push(t.start, end, Category::VisitDate, None);
            }
        }
        if let Some(last) = time_at(f, tokens, i) {
            if !opening_hours(lex, f, tokens, i) {
                push(t.start, tokens[last].end, Category::VisitDate, None);
            }
        }
    }
}

fn fold(s: &str) -> String {
    Folded::new(s.trim()).text
}

fn emails(f: &Folded, ctx: &GuardContext, push: &mut Push) {
    let own: Vec<String> = ctx.emails.iter().map(|e| fold(e)).collect();
    let b = f.text.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    for (at, _) in f.text.match_indices('@') {
        let mut s = at;
        while s > 0 && local(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        let addr = &f.text[s..e];
        if s == at || !f.text[at + 1..e].contains('.') || own.iter().any(|o| o == addr) {
            continue;
        }
        push(s, e, Category::Email, None);
    }
}

const TLDS: [&str; 14] = ["fr", "com", "org", "net", "eu", "info", "io", "be", "ch", "sante", "care", "doctor", "paris", "re"];

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

fn links(lex: &Lexicons, f: &Folded, ctx: &GuardContext, push: &mut Push) {
    let own: Vec<String> = ctx.websites.iter().map(|w| host_of(&fold(w)).to_owned()).filter(|h| !h.is_empty()).collect();
    // Whitespace-separated chunks with their byte offsets (whitespace may be several bytes: U+2000…).
    let text = f.text.as_str();
    let mut chunks = Vec::new();
    let mut begin: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), begin) {
            (true, Some(b)) => {
                chunks.push((b, &text[b..i]));
                begin = None;
            }
            (false, None) => begin = Some(i),
            _ => {}
        }
    }
    if let Some(b) = begin {
        chunks.push((b, &text[b..]));
    }
    for (start, chunk) in chunks {
        let trimmed = chunk.trim_matches(|c: char| ",;:!?()«»\"'.".contains(c));
        if trimmed.is_empty() || trimmed.contains('@') {
            continue;
        }
        let lead = chunk.find(trimmed).unwrap_or(0);
        let host = host_of(trimmed);
        let looks_like_host = host.contains('.')
            && host.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
            && host.rsplit('.').next().is_some_and(|tld| TLDS.contains(&tld))
            && host.bytes().any(|c| c.is_ascii_alphabetic());
        if !(trimmed.contains("://") || trimmed.starts_with("www.") || looks_like_host) {
            continue;
        }
        if own.iter().any(|o| o == host) {
            continue;
        }
        let booking = lex.booking_sites.iter().any(|site| host.contains(site.as_str()));
        let s = start + lead;
        push(s, s + trimmed.len(), Category::Advertising, Some(if booking { Note::BookingLink } else { Note::OtherLink }));
    }
}

fn starts_upper(text: &str, f: &Folded, t: &Token) -> bool {
    let (s, _) = f.original_span(t.start, t.end);
    text_char_at(text, s).is_some_and(char::is_uppercase)
}

fn text_char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|r| r.chars().next())
}

/// The practitioners' names, folded, word by word.
fn practitioner_words(ctx: &GuardContext) -> Vec<String> {
    ctx.practitioner_names
        .iter()
        .flat_map(|n| fold(n).split(|c: char| !c.is_alphanumeric()).map(str::to_owned).collect::<Vec<_>>())
        .filter(|w| w.len() >= 2 && !matches!(w.as_str(), "dr" | "docteur" | "pr"))
        .collect()
}

/// The words of the reviewer's pseudonym that may name them (folded, three letters or more,
/// not a practitioner's name nor a usual word of pseudonyms).
pub(crate) fn pseudonym_words(lex: &Lexicons, ctx: &GuardContext) -> Vec<String> {
    let practitioners = practitioner_words(ctx);
    ctx.reviewer
        .as_deref()
        .map(|r| fold(r).split(|c: char| !c.is_alphanumeric()).map(str::to_owned).collect::<Vec<String>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|w: &String| w.len() >= 3 && !lex.in_set("pseudonym_common", w) && !practitioners.contains(w))
        .collect()
}

fn names(lex: &Lexicons, f: &Folded, tokens: &[Token], ctx: &GuardContext, push: &mut Push) {
    let original = f.original();
    let practitioners = practitioner_words(ctx);
    let pseudonym = pseudonym_words(lex, ctx);
    let is_name_word = |k: usize| {
        let w = tokens[k].text(f);
        w.len() >= 2
            && w.chars().all(char::is_alphabetic)
            && starts_upper(original, f, &tokens[k])
            && !lex.in_set("not_a_name", w)
            && !lex.in_set("civility", w)
            && !practitioners.iter().any(|p| p == w)
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let w = t.text(f);
        if pseudonym.iter().any(|p| p == w) {
            push(t.start, t.end, Category::PersonalName, Some(Note::Pseudonym));
            i += 1;
            continue;
        }
        let after_civility = lex.in_set("civility", w)
            && tokens.get(i + 1).is_some_and(|n| n.sentence == t.sentence)
            && is_name_word(i + 1);
        let first_name = lex.first_names.get(w).is_some_and(|&ambiguous| {
            let sentence_start = i == 0 || tokens[i - 1].sentence != t.sentence;
            is_name_word(i) && !(ambiguous && sentence_start)
        });
        if after_civility || first_name {
            let from = if after_civility { i + 1 } else { i };
            let mut last = from;
            // a full name continues across spaces or a hyphen only, not across punctuation
            let joined = |k: usize| f.text[tokens[k - 1].end..tokens[k].start].chars().all(|c| c == ' ' || c == '-');
            while tokens.get(last + 1).is_some_and(|n| n.sentence == t.sentence) && joined(last + 1) && is_name_word(last + 1) {
                last += 1;
            }
            // "Madame Benali" names the patient publicly: it blocks. "Dr Martin" names a colleague.
            let patient = after_civility && lex.in_set("civility_patient", w);
            push(tokens[from].start, tokens[last].end, Category::PersonalName, patient.then_some(Note::CivilityName));
            i = last + 1;
            continue;
        }
        i += 1;
    }
}

/// Six words or more in capitals in a row, or "!!" / "?!": shouting.
fn shouting(f: &Folded, tokens: &[Token], push: &mut Push) {
    let original = f.original();
    let is_caps = |t: &Token| {
        let (s, e) = f.original_span(t.start, t.end);
        let word = &original[s..e];
        word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
    };
    let mut run_start: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        let caps = is_caps(t) && run_start.is_none_or(|s| tokens[s].sentence == t.sentence);
        match (caps, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(s)) => {
                if i - s >= 6 {
                    push(tokens[s].start, tokens[i - 1].end, Category::Tone, Some(Note::Shouting));
                }
                run_start = if is_caps(t) { Some(i) } else { None };
            }
            _ => {}
        }
    }
    if let Some(s) = run_start {
        if tokens.len() - s >= 6 {
            push(tokens[s].start, tokens[tokens.len() - 1].end, Category::Tone, Some(Note::Shouting));
        }
    }
    for pat in ["!!", "?!", "!?"] {
        if let Some(at) = f.text.find(pat) {
            let end = at + f.text[at..].bytes().take_while(|c| matches!(c, b'!' | b'?')).count();
            push(at, end, Category::Tone, Some(Note::Shouting));
        }
    }
}
