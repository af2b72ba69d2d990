//! Issue 11, part 6: any Unicode through the whole letter pipeline — the doctor's names, the
//! recipient's address and the free text of a letter, with right-to-left marks, zero-width
//! characters, combining marks, scripts the fonts lack and very long text. The PDF always
//! renders (or the letter is refused in French), parses back, keeps the address in the window,
//! and its text reads back where the font covers it.

#[path = "letters_fixtures/mod.rs"]
mod fixtures;
#[path = "../../usecases/tests/fuzz_support/mod.rs"]
mod fuzz_support;
#[path = "readback/mod.rs"]
mod readback;

use erm_domain::address::PostalAddress;
use erm_domain::practice::{self, Practitioner};
use erm_documents::letters::*;
use erm_documents::DocumentError as Error;
use fixtures::d;
use fuzz_support::{assert_french, nasty_char, nasty_text};
use proptest::prelude::*;

/// A practitioner whose names carry what the profile rules let through (letters of any script,
/// apostrophes, hyphens), the fixture's otherwise.
fn sender() -> impl Strategy<Value = Practitioner> {
    let name = prop_oneof![
        "[a-zA-Zéèçœ' -]{1,30}",
        "[\u{0627}-\u{064A}\u{05D0}-\u{05EA}\u{4E00}-\u{4E2F}\u{0400}-\u{044F}ǅİß]{1,20}",
        nasty_text(5),
    ];
    (name.clone(), name, nasty_text(4)).prop_map(|(first, last, specialty)| {
        let mut input = fixtures::doctor_input();
        input.first_name = first;
        input.last_name = last;
        input.specialty = specialty;
        practice::validate(&input).unwrap_or_else(|_| fixtures::doctor())
    })
}

/// A recipient the postal rules accepted, first lines in any script.
fn recipient() -> impl Strategy<Value = PostalAddress> {
    let line = prop_oneof![
        nasty_text(6),
        "[\u{0627}-\u{064A}\u{FDFD}\u{05D0}-\u{05EA}Wm@ ]{1,38}",
        prop::collection::vec(nasty_char(), 1..38).prop_map(|v| v.into_iter().collect()),
    ];
    (prop::collection::vec(line, 1..4), "[0-9]{1,3} rue [A-Za-zé ]{1,20}").prop_map(|(mut lines, street)| {
        lines.push(street);
        lines.push("75002 Paris".into());
        PostalAddress::parse("recipient", &lines).unwrap_or_else(|_| fixtures::publisher())
    })
}

fn free_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => nasty_text(40),
        1 => "(\\PC{1,40}[\n ]){0,10}",
        1 => "[a-z0-9/:.#?=&-]{100,400}",
    ]
}

/// The i-th text after a word, so that the letter's checklist (required fields) lets most
/// letters through to the PDF; an empty text is left empty (the checklist's refusal is tested too).
fn labelled(texts: &[String], i: usize) -> String {
    match texts.get(i) {
        Some(t) if !t.is_empty() => format!("Texte{i} {t}"),
        _ => String::new(),
    }
}

fn host_notice(texts: &[String]) -> LetterData {
    let LetterData::HostNotice(mut n) = fixtures::host_notice() else { unreachable!() };
    let t = |i: usize| labelled(texts, i);
    n.host_name = t(0);
    n.description = t(1);
    n.quoted_words = t(2);
    n.factual_justification = t(3);
    n.author_pseudonym = Some(t(4));
    n.attachments = vec![t(5), t(6)];
    n.legal_grounds = vec![t(7)];
    LetterData::HostNotice(n)
}

fn erasure(texts: &[String]) -> LetterData {
    let LetterData::ErasureRequest(mut e) = fixtures::erasure() else { unreachable!() };
    let t = |i: usize| labelled(texts, i);
    e.site_name = t(0);
    e.data_shown = vec![t(1), t(2), "nom et prénom".into()];
    LetterData::ErasureRequest(e)
}

fn check_pdf(result: Result<Vec<u8>, Error>) -> Option<lopdf::Document> {
    match result {
        Err(e) => {
            assert!(matches!(e, Error::Invalid(_)), "only the letter's own checklist may refuse it: {e:?}");
            assert_french(&e.to_string(), &[]);
            None
        }
        Ok(pdf) => {
            assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
            let doc = lopdf::Document::load_mem(&pdf).expect("the PDF parses back");
            assert!(!doc.get_pages().is_empty());
            Some(doc)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Hostile text in every free field, names and address of any script: a PDF that parses
    /// back, or the checklist's French refusal.
    #[test]
    fn any_unicode_letter_renders_or_is_refused_in_french(
        texts in prop::collection::vec(free_text(), 8),
        doctor in sender(),
        to in recipient(),
        kind in any::<bool>(),
        registered in prop::option::of(nasty_text(4)),
        reference in prop::option::of(nasty_text(4)),
    ) {
        let data = if kind { host_notice(&texts) } else { erasure(&texts) };
        let options = LetterOptions { registered: registered.is_some(), registered_number: registered, your_reference: reference.clone(), our_reference: reference, ..Default::default() };
        check_pdf(render_letter(&data, &doctor, &to, d(2026, 12, 1), &options));
    }

    /// Whatever the recipient block the postal rules accept — any script, the widest glyphs, the
    /// full 38 characters — every line of it stays inside the envelope's window.
    #[test]
    fn an_accepted_address_always_fits_the_window(to in recipient(), doctor in sender()) {
        let options = LetterOptions::default();
        let letter = compose(&fixtures::erasure(), &doctor, &to, d(2026, 12, 1), &options).unwrap();
        let placed = layout_with(&letter, &options.layout, options.layout_version, fonts().unwrap());
        let s = &options.layout;
        let lines: Vec<&PlacedLine> = placed.pages[0].lines.iter().filter(|l| l.role == Role::Recipient).collect();
        prop_assert!(!lines.is_empty());
        for l in lines {
            prop_assert!(l.x_mm >= s.window_left_mm - 0.01 && l.x_mm + l.width_mm <= s.window_left_mm + s.window_width_mm + 0.01, "outside the window: {:?}", l);
            prop_assert!(l.baseline_mm <= s.window_top_mm + s.window_height_mm + 0.01, "below the window: {:?}", l);
            prop_assert!(!l.text.chars().any(|c| c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{FEFF}')), "invisible character drawn: {:?}", l);
        }
    }
}

/// What the fonts cover reads back from the PDF; what they lack (Arabic, Hebrew, CJK, emoji)
/// becomes « ? », and bidi or zero-width marks vanish without moving the text around them.
#[test]
fn covered_text_reads_back_and_uncovered_glyphs_do_not_break_the_letter() {
    let texts: Vec<String> = vec![
        "Hébergeur\u{200B} Exemple\u{FEFF}".into(),
        "Zoé a écrit\u{200F} « c\u{0301}est \u{202E}faux\u{202C} » — voir 中文 עברית العربية 😀 ﷽ et la suite.".into(),
        "propos\u{0}\u{1}\u{7} visés\r\nsur deux lignes\rpuis trois".into(),
        "Justification œuvre ŒUVRE ß İ ǅ".into(),
        "Patient\u{2066}75\u{2069}".into(),
        "Capture 1".into(),
        "Capture 2".into(),
        "Loi du 29 juillet 1881".into(),
    ];
    let pdf = render_letter(&host_notice(&texts), &fixtures::doctor(), &fixtures::publisher(), d(2026, 12, 1), &LetterOptions::default()).unwrap();
    check_pdf(Ok(pdf.clone()));
    let dir = tempfile::tempdir().unwrap();
    let path = readback::save(dir.path(), "lettre.pdf", &pdf);
    let text = readback::text_of(&path, &[]);
    readback::assert_contains_all("hostile letter", &text, &[
        "Hébergeur Exemple",
        "Zoé a écrit",
        "faux",
        "propos visés",
        "sur deux lignes",
        "puis trois",
        "Justification œuvre ŒUVRE",
        "Patient75",
    ]);
    for gone in ['\u{200B}', '\u{200F}', '\u{202E}', '\u{FEFF}', '\u{2066}'] {
        assert!(!text.contains(gone), "U+{:04X} reached the PDF text", gone as u32);
    }
}

/// A pasted page of 150 KB as the description, and a 5,000-character word: many pages, no panic,
/// every page within the paper, in reasonable time.
#[test]
fn a_huge_description_makes_a_long_letter() {
    let paragraph = "Description du contenu visé, phrase après phrase, avec des accents : éèàçœ. ";
    let mut huge = paragraph.repeat(150 * 1024 / paragraph.len());
    huge.push('\n');
    huge.push_str(&"x".repeat(5000));
    huge.push_str(&"\u{200B}\u{202E}".repeat(2000));
    let texts = vec!["Hébergeur".into(), huge, "propos".into(), "justification".into(), "Patient".into(), "a".into(), "b".into(), "c".into()];
    let started = std::time::Instant::now();
    let data = host_notice(&texts);
    let options = LetterOptions::default();
    let letter = compose(&data, &fixtures::doctor(), &fixtures::publisher(), d(2026, 12, 1), &options).unwrap();
    let placed = layout_with(&letter, &options.layout, options.layout_version, fonts().unwrap());
    assert!(placed.pages.len() > 20, "{} pages", placed.pages.len());
    for page in &placed.pages {
        for l in &page.lines {
            assert!(l.baseline_mm > 0.0 && l.baseline_mm < PAGE_HEIGHT_MM, "{l:?}");
            assert!(l.x_mm + l.width_mm <= PAGE_WIDTH_MM - MARGIN_MM + 0.01 || l.role == Role::Recipient, "{l:?}");
        }
    }
    let doc = check_pdf(write_pdf(&placed, d(2026, 12, 1), "Dr Test")).unwrap();
    assert_eq!(doc.get_pages().len(), placed.pages.len());
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

fn millimetres() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => 0.0f32..250.0,
        1 => Just(f32::NAN),
        1 => Just(f32::INFINITY),
        1 => Just(f32::NEG_INFINITY),
        1 => Just(-0.0f32),
        1 => Just(f32::MAX),
        1 => Just(f32::MIN_POSITIVE),
        1 => any::<f32>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Envelope settings of any value (NaN, infinities, a window off the sheet, as a settings
    /// file edited by hand may hold): the form refuses them in French, or the letter and the
    /// calibration page render with the address inside the window actually used.
    #[test]
    fn any_envelope_settings(left in millimetres(), top in millimetres(), width in millimetres(), height in millimetres(), fold in any::<bool>()) {
        let settings = LayoutSettings { window_left_mm: left, window_top_mm: top, window_width_mm: width, window_height_mm: height, fold_marks: fold };
        match settings.validate() {
            Err(inv) => {
                for e in &inv.errors {
                    assert_french(&e.message, &[]);
                }
            }
            Ok(s) => prop_assert_eq!(s.clamped(), s, "valid settings are not moved"),
        }
        let options = LetterOptions { layout: settings, ..Default::default() };
        let letter = compose(&fixtures::erasure(), &fixtures::doctor(), &fixtures::publisher(), d(2026, 12, 1), &options).unwrap();
        let placed = layout_with(&letter, &settings, options.layout_version, fonts().unwrap());
        let used = settings.clamped();
        for page in &placed.pages {
            for l in &page.lines {
                prop_assert!(l.x_mm.is_finite() && l.baseline_mm.is_finite() && l.width_mm.is_finite(), "{:?}", l);
                prop_assert!(l.baseline_mm > 0.0 && l.baseline_mm < PAGE_HEIGHT_MM, "{:?}", l);
                if l.role == Role::Recipient {
                    prop_assert!(l.x_mm >= used.window_left_mm - 0.01 && l.x_mm + l.width_mm <= used.window_left_mm + used.window_width_mm + 0.01, "{:?} outside {:?}", l, used);
                }
            }
        }
        check_pdf(write_pdf(&placed, d(2026, 12, 1), "Dr Test"));
        check_pdf(calibration_pdf(&settings, d(2026, 12, 1)));
    }
}
