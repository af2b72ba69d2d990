//! Issue 11, part 6: hostile text through the form rules — postal addresses, the practitioner's
//! profile, web addresses, dates, review fields, the case form and its steps. Never a panic;
//! what passes is clean (postal shape, no invisible or control characters on an envelope), what
//! fails is a short French message on a named field.

mod fuzz_support;

use chrono::NaiveDate;
use erm_domain::address::{check_locality_chars, check_postcode, postal_line, AddedLine, AddressBlock, PostalAddress, MAX_LINES, MAX_LINE_CHARS};
use erm_domain::case::{Ground, Party, PartyRole, QuotedStatement};
use erm_domain::practice::{self, normalize_phone, PractitionerInput};
use erm_domain::review::published::{parse_published, parse_relative_age};
use erm_domain::review::{self, ReviewInput};
use erm_domain::validation::{calendar_date, is_email, Invalid};
use erm_domain::web::parse_web_address;
use erm_usecases::cases::form::{CaseForm, CaseStepInput, PublicationForm};
use fuzz_support::{assert_french, nasty_char, nasty_text};
use proptest::prelude::*;
use serde_json::{Map, Value};

const MAX_MESSAGE_CHARS: usize = 1500;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn check_invalid(inv: &Invalid) {
    assert!(!inv.errors.is_empty());
    for e in &inv.errors {
        assert!(!e.field.is_empty(), "{inv:?}");
        assert_french(&e.message, &[]);
        assert!(e.message.chars().count() <= MAX_MESSAGE_CHARS, "message of {} characters on {}", e.message.chars().count(), e.field);
    }
    assert_french(&inv.to_string(), &[]);
}

/// Characters an envelope must not carry: controls, and invisible format characters (bidi
/// overrides, zero-width marks, BOM) that would print nothing or reorder what follows.
fn invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}' | '\u{061C}')
}

/// Address lines: French street lines, postcodes, foreign countries, hostile characters.
fn address_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => nasty_text(8),
        2 => "[0-9]{1,3} (rue|avenue|bd) [A-Za-zéèÉ' -]{1,30}",
        2 => "[0-9]{5} [A-Za-zéè' -]{1,25}",
        1 => "[0-9]{5}[\u{200B}\u{200F}\u{202E}\u{FEFF}\0\u{1}][A-Z]{1,20}",
        1 => prop::sample::select(vec!["Irlande", "LUXEMBOURG", "Dublin 4", "BP 123", "TSA 80715", "CEDEX 07", "75014 Paris", "Dr Hélène Dupré"]).prop_map(str::to_owned),
        1 => prop::collection::vec(nasty_char(), 30..60).prop_map(|v| v.into_iter().collect()),
    ]
}

fn check_address(result: &Result<PostalAddress, Invalid>) {
    match result {
        Err(inv) => check_invalid(inv),
        Ok(a) => {
            let lines = a.lines();
            assert!((2..=MAX_LINES).contains(&lines.len()), "{lines:?}");
            for l in lines {
                assert!(l.chars().count() <= MAX_LINE_CHARS, "{l:?}");
                assert!(!l.is_empty() && l.trim() == l, "{l:?}");
                assert!(!l.chars().any(invisible), "invisible or control character on the envelope: {l:?}");
            }
            let last = lines.last().unwrap();
            let foreign = !last.starts_with(|c: char| c.is_ascii_digit());
            if foreign {
                assert!(last.chars().all(|c| c.is_ascii_uppercase() || c == ' '), "country line {last:?}");
            } else {
                assert!(check_postcode(&last[..5]).is_ok() && last.as_bytes().get(5) == Some(&b' '), "locality line {last:?}");
                assert!(last.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == ' '), "locality line {last:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// A recipient typed in full: a clean postal block or French refusals on the field.
    #[test]
    fn any_typed_address_is_a_clean_block_or_refused_in_french(lines in prop::collection::vec(address_line(), 0..9)) {
        let result = PostalAddress::parse("recipient", &lines);
        check_address(&result);
        if let Err(inv) = &result {
            prop_assert!(inv.errors.iter().all(|e| e.field == "recipient"), "{:?}", inv);
        }
    }

    /// A block the application completes (name line before, « 75014 PARIS » after).
    #[test]
    fn any_completed_block_is_clean_or_refused_in_french(head in address_line(), lines in prop::collection::vec(address_line(), 0..7), tail in address_line()) {
        let block = AddressBlock { field: "address_lines", head: vec![AddedLine::new("last_name", head)], tail: Some(AddedLine::new("city", tail)) };
        match block.check(&lines) {
            Err(inv) => check_invalid(&inv),
            Ok(a) => {
                prop_assert!(a.lines().len() <= MAX_LINES);
                for l in a.lines() {
                    prop_assert!(l.chars().count() <= MAX_LINE_CHARS, "{:?}", l);
                    prop_assert!(!l.chars().any(invisible), "{:?}", l);
                }
            }
        }
    }

    /// The locality and postcode rules and the postal form of a line: no panic, postal lines are
    /// plain capitals and digits, refusals French.
    #[test]
    fn locality_postcode_and_postal_line(s in nasty_text(20)) {
        let p = postal_line(&s);
        prop_assert!(p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == ' '), "{:?}", p);
        prop_assert_eq!(p.trim(), p.as_str());
        if let Err(m) = check_locality_chars(&s) {
            assert_french(&m, &[]);
            prop_assert!(m.chars().count() < 600, "{}", m);
        }
        if let Err(m) = check_postcode(&s) {
            assert_french(&m, &[&s]);
        }
    }
}

fn profile() -> impl Strategy<Value = PractitionerInput> {
    let field = || prop_oneof![2 => nasty_text(6), 1 => Just(String::new())];
    (
        prop::sample::select(vec!["madame", "monsieur", "", "Madame", "autre"]),
        prop::sample::select(vec!["docteur", "professeur", "", "dr"]),
        prop_oneof![Just("Hélène".to_owned()), field()],
        prop_oneof![Just("Dupré-Lefèvre".to_owned()), field()],
        prop_oneof![Just("Médecine générale".to_owned()), field()],
        prop_oneof![Just("10003456789".to_owned()), field()],
        prop::collection::vec(address_line(), 0..6),
        prop_oneof![Just("75014".to_owned()), field()],
        prop_oneof![Just("Paris".to_owned()), field()],
        prop_oneof![Just("01 40 64 14 70".to_owned()), Just("+33 (0)1 40 64 14 70".to_owned()), field()],
        prop_oneof![Just("cabinet@exemple.fr".to_owned()), field()],
        (field(), field()),
    )
        .prop_map(|(civility, title, first_name, last_name, specialty, rpps, address_lines, postcode, city, phone, email, (designation, signature_city))| PractitionerInput {
            civility: civility.into(),
            title: title.into(),
            first_name,
            last_name,
            specialty,
            designation,
            rpps,
            address_lines,
            postcode,
            city,
            phone,
            email,
            signature_city,
            is_default: true,
            row_version: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The enums the page names by a word: any word gives a value whose stored name is that
    /// word, or nothing.
    #[test]
    fn named_values(s in prop_oneof![nasty_text(3), prop::sample::select(vec![" author ", "host", "insult", "illicit", "erasure_request", "AUTHOR", "author\u{200B}"]).prop_map(str::to_owned)]) {
        if let Some(v) = PartyRole::parse(&s) { prop_assert_eq!(v.as_str(), s.trim()); prop_assert!(!v.label().is_empty()); }
        if let Some(v) = Ground::parse(&s) { prop_assert_eq!(v.as_str(), s.trim()); prop_assert!(!v.label().is_empty()); }
        if let Some(v) = erm_domain::letter::LetterKind::parse(&s) { prop_assert_eq!(v.as_str(), s.trim()); prop_assert!(!v.label().is_empty()); }
        if let Some(v) = erm_domain::review::ReviewStatus::parse(&s) { prop_assert_eq!(v.as_str(), s.trim()); prop_assert!(!v.label().is_empty()); }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The practitioner's profile: a practitioner whose postal block is clean, or French
    /// refusals each on its field.
    #[test]
    fn any_profile_is_valid_and_clean_or_refused_in_french(input in profile()) {
        match practice::validate(&input) {
            Err(inv) => check_invalid(&inv),
            Ok(p) => {
                let block = p.postal_address();
                prop_assert!(block.is_ok(), "a saved profile always prints: {:?}", block);
                check_address(&block);
                prop_assert!(!p.last_name.chars().any(invisible) && !p.first_name.chars().any(invisible));
                prop_assert!(normalize_phone(&p.phone).is_ok());
                prop_assert!(is_email(&p.email));
            }
        }
    }

    /// Phone numbers: ten digits in pairs, or a French refusal.
    #[test]
    fn phones(raw in prop_oneof![nasty_text(8), "[0-9 .+()-]{0,20}"]) {
        match normalize_phone(&raw) {
            Ok(p) => prop_assert!(p.len() == 14 && p.split(' ').all(|pair| pair.len() == 2 && pair.bytes().all(|b| b.is_ascii_digit())), "{:?}", p),
            Err(m) => assert_french(&m, &[&raw]),
        }
    }

    /// Web addresses: an http(s) URL with a host, or a French message quoting at most 80
    /// characters of what was typed.
    #[test]
    fn web_addresses(raw in prop_oneof![
        nasty_text(12),
        "(https?|ftp|javascript|file|data)://[a-z0-9.\u{200B}\u{202E}é-]{0,20}(/[^ ]{0,20})?",
        "https://[0-9.:\\[\\]]{0,20}",
    ]) {
        match parse_web_address(&raw) {
            Ok(url) => {
                prop_assert!(matches!(url.scheme(), "http" | "https"));
                prop_assert!(url.host_str().is_some_and(|h| !h.is_empty()));
            }
            Err(e) => {
                let m = e.message(&raw);
                assert_french(&m, &[]);
                prop_assert!(m.chars().count() < 400, "{}", m);
            }
        }
    }

    /// Dates as typed: a real date of the accepted years, or nothing; relative ages never panic.
    #[test]
    fn dates_and_ages(raw in prop_oneof![
        nasty_text(8),
        "[0-9]{1,6}[/.-][0-9]{1,6}[/.-][0-9]{1,10}",
        "(il y a|Modifié il y a) [0-9]{1,12} (jours|mois|ans|semaines|heures)",
        "[0-9]{1,12} (days|months|years) ago",
        "[+-]?[0-9]{4,6}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
    ]) {
        if let Some(d) = calendar_date(&raw) {
            prop_assert!((1900..=2200).contains(&chrono::Datelike::year(&d)));
        }
        let _ = parse_relative_age(&raw);
        if let Some(p) = parse_published(&raw, today()) {
            let _ = p.date();
        }
    }

    /// A review typed in the form: a review with sane content, or French refusals.
    #[test]
    fn any_review_form(platform in nasty_text(5), author in nasty_text(5), published in prop_oneof![nasty_text(4), Just("il y a 3 ans".to_owned())], seen in nasty_text(3), rating in nasty_text(2), text in nasty_text(40), url in nasty_text(5)) {
        let input = ReviewInput { platform, author, published, seen_on: seen, rating, text, url, ..Default::default() };
        match review::validate(&input, today()) {
            Err(inv) => check_invalid(&inv),
            Ok(r) => {
                prop_assert!(r.published.date() <= today());
                prop_assert!(!r.author.is_empty() && !r.platform.is_empty());
                prop_assert!(!r.text.contains('\r'));
                prop_assert!(r.rating.is_none_or(|n| (1..=5).contains(&n)));
            }
        }
    }
}

fn statement() -> impl Strategy<Value = QuotedStatement> {
    (nasty_text(10), prop::collection::vec(prop::sample::select(Ground::ALL.to_vec()), 0..3)).prop_map(|(quote, grounds)| QuotedStatement { quote, grounds })
}

fn party() -> impl Strategy<Value = Party> {
    (
        prop::sample::select(PartyRole::ALL.to_vec()),
        nasty_text(6),
        any::<bool>(),
        prop::collection::vec(address_line(), 0..4),
        prop::option::of(prop_oneof![nasty_text(4), Just("a@b.fr".to_owned())]),
        prop::option::of(prop_oneof![nasty_text(4), Just("https://exemple.fr/signaler".to_owned())]),
        nasty_text(6),
    )
        .prop_map(|(role, name, identified, address_lines, email, web_form, notes)| Party { role, name, identified, address_lines, email, web_form, notes })
}

fn typed_date() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("01/02/2026".to_owned()),
        Just("2025-12-31".to_owned()),
        Just("31/12/2099".to_owned()),
        Just("01/01/1900".to_owned()),
        nasty_text(3),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The case form: a clean case input, or French refusals, each field named once.
    #[test]
    fn any_case_form(
        title in nasty_text(6), url in prop_oneof![Just("https://maps.exemple.fr/avis/42".to_owned()), nasty_text(4)],
        site in nasty_text(4), author in nasty_text(4),
        statements in prop::collection::vec(statement(), 0..4), parties in prop::collection::vec(party(), 0..3),
        exact in any::<bool>(), d1 in typed_date(), d2 in typed_date(), d3 in typed_date(), seen_text in nasty_text(4), discovered in typed_date(),
        notes in nasty_text(10),
    ) {
        let publication = if exact {
            PublicationForm::Exact { on: d1 }
        } else {
            PublicationForm::Approximate { earliest_on: d1, latest_on: d2, seen_text, seen_on: d3 }
        };
        let form = CaseForm { title, url, site_name: site, author, review_id: None, statements, parties, publication, discovered_on: discovered, notes, row_version: None };
        match form.validate(today()) {
            Err(inv) => check_invalid(&inv),
            Ok(c) => {
                prop_assert!(!c.title.is_empty() && !c.site_name.is_empty() && !c.statements.is_empty());
                prop_assert!(c.discovered_on <= today());
                prop_assert!(parse_web_address(&c.url).is_ok());
            }
        }
    }

    /// A step of the case ladder with any fields: an event or a French refusal.
    #[test]
    fn any_case_step(
        kind in prop::sample::select(vec!["report_made", "report_decided", "formal_notice_sent", "answer_received", "closed", "host_notified", "constat_done", "", "nimporte_quoi"]),
        on in typed_date(),
        note in nasty_text(6),
        fields in prop::collection::btree_map(
            prop::sample::select(vec!["reason", "decision", "to", "deadline_days", "letter_id", "complied", "from", "outcome", "reference", "host", "registered_number", "summary"]),
            prop_oneof![
                nasty_text(4).prop_map(Value::from),
                Just(Value::from("publisher")),
                Just(Value::from("removed")),
                Just(Value::from("15")),
                Just(Value::from("99999999999")),
                Just(Value::from("true")),
                any::<i64>().prop_map(Value::from),
                Just(Value::Null),
                Just(Value::Array(vec![])),
            ],
            0..6,
        ),
    ) {
        let step = CaseStepInput { kind: kind.to_owned(), on, note, fields: fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<String, Value>>() };
        match step.to_event() {
            Err(inv) => check_invalid(&inv),
            Ok(e) => prop_assert_eq!(e.kind(), kind),
        }
    }
}

/// Pasted pages: megabytes in every free field of a form are refused in short French messages.
#[test]
fn megabyte_pastes_into_forms() {
    let big = "é".repeat(1 << 20);
    check_address(&PostalAddress::parse("recipient", &[big.as_str(), "75014 Paris"]));
    check_address(&PostalAddress::parse("recipient", &["Dr X", big.as_str()]));
    let input = PractitionerInput { rpps: big.clone(), email: big.clone(), city: big.clone(), last_name: big.clone(), specialty: big.clone(), ..Default::default() };
    check_invalid(&practice::validate(&input).unwrap_err());
    let review = ReviewInput { platform: big.clone(), author: big.clone(), published: big.clone(), seen_on: big.clone(), rating: big.clone(), text: big.clone(), url: big.clone(), ..Default::default() };
    check_invalid(&review::validate(&review, today()).unwrap_err());
    let form = CaseForm {
        title: big.clone(),
        url: big.clone(),
        site_name: big.clone(),
        author: big.clone(),
        review_id: None,
        statements: vec![QuotedStatement { quote: big.clone(), grounds: vec![] }],
        parties: vec![Party { role: PartyRole::Host, name: big.clone(), identified: false, address_lines: vec![big.clone()], email: Some(big.clone()), web_form: Some(big.clone()), notes: big.clone() }],
        publication: PublicationForm::Approximate { earliest_on: big.clone(), latest_on: big.clone(), seen_text: big.clone(), seen_on: big.clone() },
        discovered_on: big.clone(),
        notes: big.clone(),
        row_version: None,
    };
    check_invalid(&form.validate(today()).unwrap_err());
    let mut fields = Map::new();
    fields.insert("reason".into(), Value::from(big.clone()));
    let step = CaseStepInput { kind: "report_made".into(), on: "01/02/2026".into(), note: String::new(), fields };
    check_invalid(&step.to_event().unwrap_err());
    assert!(parse_web_address(&big).unwrap_err().message(&big).chars().count() < 400);
}
