//! Issue 11, part 6: hostile drafts through the secrecy guard and the reply tools — right-to-left
//! marks, zero-width characters, combining marks, NUL, CR/LF mixtures, megabyte pastes — and any
//! template source through the template check and rendering. Never a panic; findings quote the
//! draft exactly and explain in French; refusals are French.

#[path = "../../usecases/tests/fuzz_support/mod.rs"]
mod fuzz_support;

use erm_replies::ReplyError;
use erm_domain::review::{self, ReviewInput};
use erm_replies::{check_reply, check_reply_length, check_template_source, ready_to_copy, render_reply, unfilled_placeholders, GuardContext, ReplyContext, MAX_REPLY_CHARS};
use fuzz_support::{assert_french, nasty_char, nasty_text};
use proptest::prelude::*;

fn ctx(reviewer: Option<String>) -> GuardContext {
    GuardContext {
        phones: vec!["01 23 45 67 89".into()],
        emails: vec!["contact@cabinet.fr".into()],
        websites: vec!["cabinet.fr".into()],
        practitioner_names: vec!["Hélène Dupré".into()],
        reviewer,
    }
}

/// Risky words of the guard with invisible or odd characters inside and around.
fn draft() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => nasty_text(6),
        1 => prop::sample::select(vec![
            "diab\u{200B}ète", "DIAB\u{0300}ETE", "\u{202E}consultation\u{202C}", "vous\u{FEFF} êtes venu", "06\u{200B} 12 34 56 78",
            "1 85 05 78 006 084 36", "Mme\u{00A0}Benali", "votre\r\ndossier médical", "a@b\u{200F}.fr", "opéré\0 le 12/03/2024",
            "ﬁbrome", "İ", "e\u{301}\u{301}\u{301}", "[mesure prise]", "[\u{200B}]", "Hélène Dupré", "cabinet.fr",
        ]).prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..25).prop_map(|v| v.concat())
}

fn check_findings(text: &str, reviewer: Option<String>) {
    // UTF-16 offset of every byte offset that starts a character (one pass, so that a 5 MB
    // paste with thousands of findings is checked in linear time).
    let mut utf16_at = vec![usize::MAX; text.len() + 1];
    let mut units = 0;
    for (i, c) in text.char_indices() {
        utf16_at[i] = units;
        units += c.len_utf16();
    }
    utf16_at[text.len()] = units;
    let mut seen = std::collections::HashSet::new();
    for f in check_reply(text, &ctx(reviewer)) {
        assert!(f.start < f.end && f.end <= text.len(), "{f:?}");
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "{f:?}");
        assert_eq!(&text[f.start..f.end], f.matched, "the span quotes the draft");
        assert_eq!(f.utf16_start, utf16_at[f.start]);
        assert_eq!(f.utf16_end, utf16_at[f.end]);
        if seen.insert((f.explanation.clone(), f.suggestion.clone())) {
            assert_french(&f.explanation, &[&f.matched]);
            if !f.suggestion.is_empty() {
                assert_french(&f.suggestion, &[&f.matched]);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any draft, any reviewer pseudonym: findings on character boundaries, quoting the draft,
    /// explained in French.
    #[test]
    fn guard_on_hostile_drafts(text in draft(), reviewer in prop::option::of(nasty_text(3))) {
        check_findings(&text, reviewer);
    }

    /// The length check and the placeholder check on any text: French refusals, spans that
    /// quote brackets.
    #[test]
    fn length_and_placeholders(text in draft(), pad in 0usize..5000) {
        let long = format!("{text}{}", "é".repeat(pad));
        match check_reply_length(&long, "text") {
            Ok(()) => prop_assert!(long.chars().count() <= MAX_REPLY_CHARS),
            Err(e) => { prop_assert!(long.chars().count() > MAX_REPLY_CHARS); assert_french(&e.to_string(), &[]); }
        }
        for (a, b) in unfilled_placeholders(&text) {
            prop_assert!(text[a..b].starts_with('[') && text[a..b].ends_with(']'));
        }
        if let Err(e) = ready_to_copy(&text) {
            prop_assert!(matches!(e, ReplyError::Refused(_)));
            assert_french(&e.to_string(), &[]);
            prop_assert!(e.to_string().chars().count() < 2000 + text.chars().count());
        }
    }
}

/// Template sources: handlebars syntax, broken and whole, with hostile text around.
fn template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        2 => nasty_text(4),
        2 => prop::sample::select(vec![
            "{{", "}}", "{{{", "}}}", "{{practice_phone}}", "{{doctor_name}}", "{{#if founded}}", "{{else}}", "{{/if}}", "{{/each}}",
            "{{#each x}}", "{{> partial}}", "{{this}}", "{{!-- commentaire --}}", "{{!", "{{#if}}", "{{lookup a b}}", "{{*deco}}",
            "{{#if founded as |x|}}", "{{../x}}", "{{@root}}", "{{\"lit\"}}", "{{(sub (sub))}}", "\\{{", "{{~", "~}}",
        ]).prop_map(str::to_owned),
        1 => "\\{\\{[#/>!*^~&a-z_. \"|()=@-]{0,12}\\}\\}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Any template: accepted and then rendered, or refused in French on the field « source »;
    /// rendering never fails in English.
    #[test]
    fn templates_are_checked_and_rendered_in_french(source in template(), founded in any::<bool>(), name in nasty_text(3)) {
        let context = ReplyContext { practice_phone: "01 23 45 67 89".into(), practice_email: "a@b.fr".into(), doctor_name: name.clone(), founded };
        match check_template_source(&source) {
            Err(inv) => {
                prop_assert!(inv.has("source"));
                assert_french(&inv.to_string(), &[]);
                let err = render_reply(&source, &context).unwrap_err();
                assert_french(&err.to_string(), &[]);
            }
            Ok(()) => match render_reply(&source, &context) {
                Ok(text) => prop_assert!(!text.starts_with('\n') && !text.ends_with('\n'), "{:?}", text),
                Err(e) => assert_french(&e.to_string(), &[]),
            },
        }
    }
}

// Any character in any position of a short draft: the guard's spans stay on boundaries (every
// character class the normalisation meets: casing that changes length, decompositions, marks).
proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    #[test]
    fn single_characters_inside_risky_words(c in nasty_char(), at in 0usize..12, word in prop::sample::select(vec!["diabète ", "consultation ", "Benali ", "06 12 34 56 78 ", "Hélène Dupré "])) {
        let mut chars: Vec<char> = format!("Vous avez eu une {word}").chars().collect();
        let at = at.min(chars.len());
        chars.insert(at, c);
        let text: String = chars.into_iter().collect();
        check_findings(&text, Some(text.clone()));
    }
}

const MB: usize = 1024 * 1024;

/// A 5 MB paste into the reply box: the guard answers in linear time with valid spans, and the
/// length check refuses it in French without counting it all.
#[test]
fn a_five_megabyte_paste_into_the_guard() {
    let unit = "Vous êtes venue le 12/03/2024 pour votre diabète\u{200B}, Mme Benali ; rappelez le 06 12 34 56 78. \u{202E}é\u{301}\r\n";
    let text = unit.repeat(5 * MB / unit.len());
    let started = std::time::Instant::now();
    check_findings(&text, Some("Benali".into()));
    eprintln!("guard on {} bytes: {:?}", text.len(), started.elapsed());
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    let e = check_reply_length(&text, "text").unwrap_err();
    assert_french(&e.to_string(), &[]);
    assert!(ready_to_copy(&"[x] ".repeat(MB)).unwrap_err().to_string().chars().count() < 400);
}

/// A 5 MB paste as a review's text: refused as too long, in French, quickly.
#[test]
fn a_five_megabyte_review_text() {
    let input = ReviewInput {
        platform: "Google".into(),
        author: "A".into(),
        published: "01/02/2026".into(),
        text: "Attente\u{200B} interminable\r\n\u{202E}! ".repeat(5 * MB / 30),
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let e = review::validate(&input, chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()).unwrap_err();
    assert!(e.to_string().contains("trop long"), "{e}");
    assert_french(&e.to_string(), &[]);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
