//! Property tests of the letter layout: whatever text arrives (any Unicode, control characters,
//! emoji, words longer than a line), layout and PDF output never panic, no line leaves the
//! margins, and a recipient that passed the postal rules always fits its window.

use erm_documents::letters::*;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Zéèêàçœ«»€’ ;:?!\u{a0}\u{202f}]{0,300}",
        // Long unbreakable runs: URLs, digests, emoji, combining marks, control characters.
        "[a-z0-9/:.#?=&-]{80,400}",
        "[\u{1F600}-\u{1F64F}\u{0300}-\u{036F}\u{0000}-\u{001F}\u{200B}-\u{200F}\u{202A}-\u{202E}x]{1,200}",
        "(\\PC{1,60} ){0,40}",
    ]
}

fn letter(parts: Vec<String>, recipient: Vec<String>) -> Letter {
    let pick = |i: usize| parts.get(i).cloned().unwrap_or_default();
    Letter {
        title: pick(0),
        sender: vec![pick(1), "Médecine générale".into(), pick(2)],
        recipient,
        place_date: pick(3),
        registered: Some(pick(4)),
        references: vec![pick(5)],
        object: pick(6),
        attention: None,
        salutation: pick(7),
        body: parts
            .iter()
            .enumerate()
            .map(|(i, p)| match i % 3 {
                0 => BodyBlock::Paragraph(p.clone()),
                1 => BodyBlock::Item(p.clone()),
                _ => BodyBlock::Heading(p.chars().take(120).collect()),
            })
            .collect(),
        closing: pick(8),
        signature: vec![pick(9)],
        attachments: vec![pick(10), pick(11)],
        header: pick(12),
        footer_note: Some(pick(13)),
    }
}

/// Addresses as the postal validator lets them through: up to 6 lines of up to 38 characters.
fn postal_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[A-Z0-9 ]{1,38}", 2..=6)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics_and_stays_on_the_paper(parts in prop::collection::vec(text(), 0..20), recipient in postal_lines(), fold in any::<bool>()) {
        let settings = LayoutSettings { fold_marks: fold, ..Default::default() };
        let placed = layout(&letter(parts, recipient), &settings, fonts().unwrap());
        prop_assert!(!placed.pages.is_empty());
        for page in &placed.pages {
            for l in &page.lines {
                prop_assert!(!l.text.chars().any(|c| c.is_control()), "control character drawn: {:?}", l.text);
                prop_assert!(l.baseline_mm > 0.0 && l.baseline_mm < PAGE_HEIGHT_MM, "off the page vertically: {l:?}");
                if l.role == Role::Recipient {
                    let s = LayoutSettings::default();
                    prop_assert!(l.x_mm >= s.window_left_mm && l.x_mm + l.width_mm <= s.window_left_mm + s.window_width_mm, "outside the window: {l:?}");
                    prop_assert!(l.baseline_mm <= s.window_top_mm + s.window_height_mm, "below the window: {l:?}");
                } else {
                    prop_assert!(l.x_mm >= MARGIN_MM - 0.01, "left of the margin: {l:?}");
                    prop_assert!(l.x_mm + l.width_mm <= PAGE_WIDTH_MM - MARGIN_MM + 0.01, "right of the margin: {l:?}");
                }
            }
        }
        let pdf = write_pdf(&placed, chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), "Dr Test").unwrap();
        prop_assert!(pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn wrapping_keeps_every_character_and_respects_the_width(t in text(), width in 5.0f32..170.0) {
        let f = fonts().unwrap();
        let clean = printable(f, &t, FontStyle::Regular);
        let lines = wrap(&clean, FontStyle::Regular, 10.5, width, f);
        for l in &lines {
            // Only a single character may exceed the width (nothing smaller can be cut).
            prop_assert!(f.width_mm(l, FontStyle::Regular, 10.5) <= width + 0.01 || l.chars().filter(|c| !is_mark(*c)).count() <= 1, "too wide: {l:?}");
        }
        let squash = |s: &str| s.chars().filter(|c| *c != ' ' && *c != '\n').collect::<String>();
        prop_assert_eq!(squash(&lines.concat()), squash(&clean), "characters lost or added");
    }
}

/// The box a placed line occupies: its width, from ascent above the baseline to descent below
/// (Liberation Serif's 0.891 and 0.216 of the size).
fn bbox(l: &PlacedLine) -> (f32, f32, f32, f32) {
    let pt = l.size_pt * PT_MM;
    (l.x_mm, l.baseline_mm - 0.891 * pt, l.x_mm + l.width_mm, l.baseline_mm + 0.216 * pt)
}

fn overlap(a: (f32, f32, f32, f32), b: (f32, f32, f32, f32)) -> bool {
    const EPS: f32 = 0.01;
    a.0 < b.2 - EPS && b.0 < a.2 - EPS && a.1 < b.3 - EPS && b.1 < a.3 - EPS
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Issue 9: in the current layout, for any content, no text block overlaps another, every
    /// line fits its box (the text area, or the window for the address), 25 mm stay blank above
    /// the signature, the signature never starts a page without the closing formula, and the
    /// attachments come after it. No page is left without content: a signature taller than a
    /// page once pushed the closing and the signature onto pages of their own, with blank ones
    /// between; it now breaks after its start, like any block too tall for a page.
    #[test]
    fn current_layout_never_overlaps_and_keeps_the_signature_space(
        parts in prop::collection::vec(text(), 0..20),
        recipient in postal_lines(),
        attachments in prop::collection::vec(text(), 0..12),
        footer in any::<bool>(),
    ) {
        let mut letter = letter(parts, recipient);
        letter.attachments = attachments;
        if !footer {
            letter.footer_note = None;
        }
        let settings = LayoutSettings::default();
        let placed = layout_with(&letter, &settings, CURRENT_LAYOUT, fonts().unwrap());
        let mut signature_page = None;
        for (n, page) in placed.pages.iter().enumerate() {
            for (i, a) in page.lines.iter().enumerate() {
                if a.role == Role::Recipient {
                    prop_assert!(a.x_mm >= settings.window_left_mm - 0.01 && a.x_mm + a.width_mm <= settings.window_left_mm + settings.window_width_mm + 0.01, "outside the window: {a:?}");
                } else {
                    prop_assert!(a.x_mm >= MARGIN_MM - 0.01 && a.x_mm + a.width_mm <= PAGE_WIDTH_MM - MARGIN_MM + 0.01, "outside the text area: {a:?}");
                }
                for b in &page.lines[i + 1..] {
                    prop_assert!(!overlap(bbox(a), bbox(b)), "page {}: {a:?} overlaps {b:?}", n + 1);
                }
            }
            let flowing = |l: &&PlacedLine| !matches!(l.role, Role::Header | Role::PageNumber | Role::Footer);
            prop_assert!(page.lines.iter().any(|l| flowing(&l)), "page {} holds only its header and footer", n + 1);
            if page.lines.iter().any(|l| l.role == Role::Signature) {
                signature_page = Some(n);
            }
            // Where the signature starts (a signature taller than a page goes on after it).
            if let Some(first) = page.lines.iter().find(|l| l.role == Role::Signature && l.line_in_block == 0) {
                // The handwritten signature's space, over the whole measure, is blank.
                let top = bbox(first).1;
                let space = (MARGIN_MM, top - SIGNATURE_SPACE_MM, PAGE_WIDTH_MM - MARGIN_MM, top);
                for l in page.lines.iter().filter(|l| l.role != Role::Signature) {
                    prop_assert!(!overlap(bbox(l), space), "in the signature space: {l:?}");
                }
                prop_assert!(top - SIGNATURE_SPACE_MM >= 0.0);
                if !letter.closing.trim().is_empty() {
                    prop_assert!(page.lines.iter().any(|l| l.role == Role::Closing), "signature without the closing formula on page {}", n + 1);
                }
            }
        }
        let sig = signature_page.expect("a signature");
        for (n, page) in placed.pages.iter().enumerate() {
            let sig_bottom = placed.pages[sig].lines.iter().filter(|l| l.role == Role::Signature).map(|l| l.baseline_mm).fold(0.0, f32::max);
            for l in page.lines.iter().filter(|l| l.role == Role::Attachments) {
                prop_assert!(n > sig || (n == sig && l.baseline_mm > sig_bottom), "attachment before the signature: {l:?}");
            }
        }
    }

    /// A URL longer than the line is cut only after « / », « - », « . » or « ? » when its
    /// pieces allow it, and no character is lost.
    #[test]
    fn urls_are_cut_after_separators(path in prop::collection::vec("[a-z0-9]{1,12}", 1..30), width in 20.0f32..170.0) {
        let f = fonts().unwrap();
        let url = format!("https://www.exemple.fr/{}", path.join("/"));
        let lines = wrap_v2(&url, FontStyle::Regular, 10.5, width, f);
        prop_assert_eq!(lines.concat(), url.clone());
        for l in &lines[..lines.len() - 1] {
            prop_assert!(l.ends_with(['/', '-', '.', '?']) || f.width_mm(l, FontStyle::Regular, 10.5) > width - 5.0, "cut mid-word: {l:?} in {lines:?}");
        }
    }
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}
