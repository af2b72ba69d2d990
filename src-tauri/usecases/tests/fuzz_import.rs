//! Issue 11, part 6: hostile files through the review import (CSV and Google JSON). Whatever the
//! bytes — any encoding, mixed encodings, broken quoting, NUL, line ends of every platform,
//! fields of megabytes — the parser never panics, refuses a file with a short French message, and
//! what it accepts is what the entry form would accept for the same cells.

mod fuzz_support;

use chrono::NaiveDate;
use erm_domain::review::{validate, ReviewInput, MAX_TEXT_CHARS};
use erm_usecases::import::{self, ImportFormat, Parsed};
use erm_usecases::Error;
use fuzz_support::{assert_french, nasty_text};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A refusal of a whole file or of a row is a French sentence of bounded length, whatever the
/// size of what it quotes.
const MAX_MESSAGE_CHARS: usize = 1500;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn check_message(message: &str, inputs: &[&str]) {
    assert_french(message, inputs);
    assert!(message.chars().count() <= MAX_MESSAGE_CHARS, "message of {} characters: {}…", message.chars().count(), message.chars().take(200).collect::<String>());
}

/// Every outcome of a parse is either a French refusal or rows that passed the entry form's
/// rules, plus French row refusals; at most one row or refusal per record of the file.
fn check_outcome(result: &Result<Parsed, Error>, records_at_most: usize) {
    match result {
        Err(e) => {
            assert!(matches!(e, Error::Invalid(_)), "a file problem is an input problem: {e:?}");
            check_message(&e.to_string(), &[]);
        }
        Ok(p) => {
            assert!(p.rows.len() + p.rejected.len() <= records_at_most, "{} rows + {} refusals from at most {records_at_most} records", p.rows.len(), p.rejected.len());
            for r in &p.rejected {
                check_message(&r.reason, &[]);
            }
            for row in &p.rows {
                assert!(!row.platform.trim().is_empty() && !row.author.trim().is_empty(), "{row:?}");
                assert!(row.rating.is_none_or(|n| (1..=5).contains(&n)), "{row:?}");
                assert!(row.text.chars().count() <= MAX_TEXT_CHARS);
                assert!(!row.text.is_empty() || row.rating.is_some(), "{row:?}");
                assert!(row.published.date() <= today(), "{row:?}");
                assert!(!row.text.contains('\r'), "line ends normalised: {row:?}");
            }
        }
    }
}

fn lines_in(bytes: &[u8]) -> usize {
    // Records never outnumber the line ends (\n, \r\n or a lone \r) plus one.
    bytes.iter().filter(|b| **b == b'\n' || **b == b'\r').count() + 1
}

const HEADERS: [&str; 5] = ["plateforme;auteur;date;note;texte\n", "Platform,Author,Published,Rating,Comment,Link\r\n", "\u{feff}Plate-forme;AUTEUR;Date de publication;Étoiles;Texte\n", "texte;auteur\n", ""];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any bytes, after a real header or none.
    #[test]
    fn csv_any_bytes_after_any_header(h in 0usize..HEADERS.len(), bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        let mut file = HEADERS[h].as_bytes().to_vec();
        file.extend_from_slice(&bytes);
        let result = import::parse(&file, ImportFormat::Csv, today());
        check_outcome(&result, lines_in(&file));
    }
}

/// Cells as a spreadsheet could hold them, hostile pieces included: quotes, separators, line
/// ends of every kind, RTL and zero-width marks, NUL.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => nasty_text(12),
        1 => Just("\"".to_owned()),
        1 => Just("\"\"".to_owned()),
        1 => Just("\"a;b\r\nc".to_owned()),
        1 => Just("2 months ago".to_owned()),
        1 => Just("4/5".to_owned()),
        1 => Just("01/02/2026".to_owned()),
        1 => Just("https://exemple.fr/a".to_owned()),
    ]
}

fn line_end() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["\n", "\r\n", "\r"])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Broken quoting and ragged rows, joined with mixed line ends.
    #[test]
    fn csv_broken_quoting_and_ragged_rows(
        sep in prop::sample::select(vec![";", ",", "\t"]),
        rows in prop::collection::vec((prop::collection::vec(cell(), 0..7), line_end()), 0..12),
        bom in any::<bool>(),
    ) {
        let mut text = if bom { "\u{feff}".to_owned() } else { String::new() };
        text.push_str(&["plateforme", "auteur", "date", "note", "texte"].join(sep));
        text.push('\n');
        for (cells, end) in &rows {
            text.push_str(&cells.join(sep));
            text.push_str(end);
        }
        let result = import::parse(text.as_bytes(), ImportFormat::Csv, today());
        check_outcome(&result, lines_in(text.as_bytes()));
        if text.contains('\0') {
            prop_assert!(result.is_err(), "a file with a NUL byte is not text");
        }
    }
}

/// Free text for a review: French, hostile characters, but no NUL (which makes the whole file
/// binary) and no Google translation markers (split apart by design).
fn review_text() -> impl Strategy<Value = String> {
    nasty_text(30).prop_map(|t| t.replace('\0', ""))
}

/// A properly quoted file (the csv crate writes it, as a spreadsheet would).
fn write_csv(sep: u8, crlf: bool, rows: &[ReviewInput]) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
        .from_writer(Vec::new());
    w.write_record(["plateforme", "auteur", "date", "vu_le", "note", "texte", "url"]).unwrap();
    for r in rows {
        w.write_record([&r.platform, &r.author, &r.published, &r.seen_on, &r.rating, &r.text, &r.url]).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn input() -> impl Strategy<Value = ReviewInput> {
    (
        prop_oneof![Just("Google".to_owned()), nasty_text(4)],
        prop_oneof![Just("Jean D.".to_owned()), nasty_text(6)],
        prop_oneof![Just("01/02/2026".to_owned()), Just("il y a 2 mois".to_owned()), Just("2025-13-01".to_owned()), nasty_text(3)],
        prop_oneof![Just(String::new()), Just("15/02/2026".to_owned()), nasty_text(2)],
        prop_oneof![Just("4".to_owned()), Just(String::new()), Just("6".to_owned()), nasty_text(2)],
        review_text(),
        prop_oneof![3 => Just(String::new()), 1 => Just("https://g.co/x".to_owned()), 1 => nasty_text(3)],
    )
        .prop_map(|(platform, author, published, seen_on, rating, text, url)| ReviewInput {
            platform: platform.replace('\0', ""),
            author: author.replace('\0', ""),
            published: published.replace('\0', ""),
            seen_on: seen_on.replace('\0', ""),
            rating: rating.replace('\0', ""),
            text,
            url: url.replace('\0', ""),
            ..Default::default()
        })
}

/// What the import must make of one row: what the entry form makes of the same cells, once the
/// file's line ends are made "\n" (the import does it for the whole file).
fn expected(r: &ReviewInput) -> Result<erm_domain::review::NewReview, String> {
    let unify = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
    let r = ReviewInput {
        platform: unify(&r.platform),
        author: unify(&r.author),
        published: unify(&r.published),
        seen_on: unify(&r.seen_on),
        rating: unify(&r.rating),
        text: unify(&r.text),
        url: unify(&r.url),
        ..Default::default()
    };
    validate(&r, today()).map_err(|e| e.to_string())
}

fn blank(r: &ReviewInput) -> bool {
    [&r.platform, &r.author, &r.published, &r.seen_on, &r.rating, &r.text, &r.url].iter().all(|c| c.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A well-quoted file, in UTF-8 (with or without BOM) or Windows-1252, with LF or CRLF: each
    /// row comes out as the entry form would take it, text preserved after normalisation, or is
    /// refused with the form's French reason.
    #[test]
    fn csv_quoted_cells_come_back_as_the_form_reads_them(
        rows in prop::collection::vec(input(), 1..6),
        sep in prop::sample::select(vec![b';', b',']),
        crlf in any::<bool>(),
        enc in 0u8..3,
    ) {
        let text = write_csv(sep, crlf, &rows);
        let bytes = match enc {
            0 => text.clone().into_bytes(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            _ => {
                let (b, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
                // Only text Windows-1252 can hold, and that does not read as UTF-8 by chance.
                prop_assume!(!unmappable && std::str::from_utf8(&b).is_err());
                b.into_owned()
            }
        };
        let parsed = import::parse(&bytes, ImportFormat::Csv, today());
        let parsed = match parsed {
            // A Windows-1252 file whose bytes happen to look like UTF-8 accents is refused as mixed.
            Err(e) if enc == 2 => { check_message(&e.to_string(), &[]); return Ok(()); }
            other => other.unwrap(),
        };
        let kept: Vec<&ReviewInput> = rows.iter().filter(|r| !blank(r)).collect();
        prop_assert_eq!(parsed.rows.len() + parsed.rejected.len(), kept.len());
        let (mut ok, mut refused) = (parsed.rows.iter(), parsed.rejected.iter());
        for r in kept {
            match expected(r) {
                Ok(review) => prop_assert_eq!(ok.next(), Some(&review)),
                Err(reason) => {
                    let got = refused.next().unwrap();
                    prop_assert_eq!(&got.reason, &reason);
                    check_message(&got.reason, &[&r.platform, &r.author, &r.published, &r.seen_on, &r.rating, &r.url]);
                }
            }
        }
    }

    /// A file mixing Windows-1252 and UTF-8 accents is refused in French, naming its lines.
    #[test]
    fn csv_mixed_encodings_are_refused(utf8_line in 0usize..6, words in prop::collection::vec("[a-z]{1,8}", 6)) {
        let mut bytes = b"plateforme;auteur;date;texte\n".to_vec();
        for (i, w) in words.iter().enumerate() {
            bytes.extend_from_slice(b"Google;A;01/02/2026;");
            bytes.extend_from_slice(w.as_bytes());
            bytes.extend_from_slice(if i == utf8_line { "é".as_bytes() } else { b"\xE9" });
            bytes.push(b'\n');
        }
        let err = import::parse(&bytes, ImportFormat::Csv, today()).unwrap_err().to_string();
        check_message(&err, &[]);
        prop_assert!(err.contains("encodages") && err.contains(&format!("ligne {}", utf8_line + 2)), "{}", err);
    }
}

/// JSON values of any shape, for any field of a Google review.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()).prop_map(Value::from),
        nasty_text(10).prop_map(Value::from),
        prop::sample::select(vec!["FOUR", "ONE", "STAR_RATING_UNSPECIFIED", "2025-03-05T14:30:00Z", "9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+23:59", "PENDING"]).prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-zA-Z]{1,12}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn google_review() -> impl Strategy<Value = Value> {
    let field = || prop::option::of(json_value());
    (field(), field(), field(), field(), field(), field(), field(), field()).prop_map(|(name, anon, comment, star, created, reply, reply_text, reply_time)| {
        let mut o = serde_json::Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                o.insert(k.into(), v);
            }
        };
        put("reviewer", name.map(|n| json!({ "displayName": n, "isAnonymous": anon })));
        put("comment", comment);
        put("starRating", star);
        put("createTime", created.or(Some(Value::from("2025-03-05T14:30:00Z"))));
        put("reviewReply", reply.map(|state| json!({ "comment": reply_text, "updateTime": reply_time, "reviewReplyState": state })));
        Value::Object(o)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any bytes as a Google JSON file: a French refusal, or rows counted within the array.
    #[test]
    fn google_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..800), text in nasty_text(40)) {
        for b in [bytes.as_slice(), text.as_bytes()] {
            let result = import::parse(b, ImportFormat::GoogleJson, today());
            check_outcome(&result, usize::MAX);
        }
    }

    /// Reviews of any shape, in each of the three layouts: one row or one French refusal per
    /// review, the refusal on the review's index.
    #[test]
    fn google_reviews_of_any_shape(reviews in prop::collection::vec(prop_oneof![4 => google_review(), 1 => json_value()], 0..6), layout in 0u8..3) {
        let file = match layout {
            0 => json!({ "reviews": reviews }),
            1 => Value::from(reviews.clone()),
            _ => json!({ "locationReviews": reviews.iter().map(|r| json!({ "name": "accounts/1/locations/2", "review": r })).collect::<Vec<_>>() }),
        };
        let result = import::parse(file.to_string().as_bytes(), ImportFormat::GoogleJson, today());
        check_outcome(&result, reviews.len());
        let parsed = result.unwrap();
        prop_assert_eq!(parsed.rows.len() + parsed.rejected.len(), reviews.len());
        prop_assert!(parsed.rejected.iter().all(|r| r.line < reviews.len()));
    }
}

const MB: usize = 1024 * 1024;

/// A 5 MB review text in a CSV cell: the row is refused as too long, quickly, in a few words.
#[test]
fn csv_a_five_megabyte_field_is_refused_on_its_line() {
    let huge = "é".repeat(5 * MB / 2);
    let file = format!("plateforme;auteur;date;note;texte\nGoogle;A;01/02/2026;2;\"{huge}\"\nGoogle;B;01/02/2026;5;Bien\n");
    let started = std::time::Instant::now();
    let parsed = import::parse(file.as_bytes(), ImportFormat::Csv, today()).unwrap();
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.rejected.len(), 1);
    assert_eq!(parsed.rejected[0].line, 2);
    check_message(&parsed.rejected[0].reason, &[]);
    assert!(parsed.rejected[0].reason.contains("trop long"), "{}", parsed.rejected[0].reason);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// Megabytes in the places a message quotes (header, author, date, rating, URL, a column name
/// twice): every message stays short.
#[test]
fn csv_huge_cells_give_short_messages() {
    let big = "x".repeat(2 * MB);
    let bang = "!".repeat(2 * MB);
    let files = [
        format!("{big}\n"),
        format!("plateforme;{big}\nGoogle;A\n"),
        format!("plateforme;auteur;auteur{bang};date\n"),
        format!("plateforme;auteur;date;note;texte;url\n{big};{big};{big};{big};{big};{big}\n"),
        format!("plateforme;auteur;date;vu_le;note\nGoogle;A;il y a 2 mois;{big};3\n"),
    ];
    for file in &files {
        match import::parse(file.as_bytes(), ImportFormat::Csv, today()) {
            Err(e) => check_message(&e.to_string(), &[]),
            Ok(p) => {
                assert!(!p.rejected.is_empty());
                for r in &p.rejected {
                    check_message(&r.reason, &[]);
                }
            }
        }
    }
}

/// Megabytes in a Google review's quoted fields, and JSON nested too deep: short French messages.
#[test]
fn google_huge_fields_and_deep_nesting() {
    let big = "x".repeat(2 * MB);
    let files = [
        json!({ "reviews": [{ "createTime": big, "starRating": "FOUR" }] }).to_string(),
        json!({ "reviews": [{ "createTime": "2025-03-05T14:30:00Z", "starRating": big }] }).to_string(),
        json!({ "reviews": [{ "createTime": "2025-03-05T14:30:00Z", "comment": big }] }).to_string(),
        json!({ "reviews": [{ "createTime": "2025-03-05T14:30:00Z", "starRating": "ONE", "reviewReply": { "comment": "Merci", "updateTime": big } }] }).to_string(),
        json!({ "reviews": [{ "createTime": "2025-03-05T14:30:00Z", "reviewer": { "displayName": big }, "starRating": "ONE" }] }).to_string(),
        "[".repeat(100_000),
        format!("{{\"reviews\": [{}]}}", "{\"a\":".repeat(10_000)),
    ];
    for file in &files {
        match import::parse(file.as_bytes(), ImportFormat::GoogleJson, today()) {
            Err(e) => check_message(&e.to_string(), &[]),
            Ok(p) => {
                assert_eq!(p.rejected.len(), 1, "{:?}", p.rows);
                check_message(&p.rejected[0].reason, &[]);
            }
        }
    }
}

/// Just above the 20 MB cap, both formats refuse before parsing, in French.
#[test]
fn files_over_the_cap_are_refused_before_parsing() {
    let bytes = vec![b'a'; import::MAX_FILE_BYTES as usize + 1];
    for format in [ImportFormat::Csv, ImportFormat::GoogleJson] {
        let e = import::parse(&bytes, format, today()).unwrap_err().to_string();
        check_message(&e, &[]);
        assert!(e.contains("Mo"), "{e}");
    }
}
