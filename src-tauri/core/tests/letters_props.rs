//! Property tests of the letter layout: whatever text arrives (any Unicode, control characters,
//! emoji, words longer than a line), layout and PDF output never panic, no line leaves the
//! margins, and a recipient that passed the postal rules always fits its window.

use erm_core::letters::*;
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

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}
