//! Property tests: whatever the doctor types or pastes (any Unicode, combining accents, emoji,
//! ligatures, odd punctuation), the guard never panics and every span lies on character
//! boundaries of the original text (slicing would panic otherwise) and covers visible text, and
//! the UTF-16 offsets given for the interface quote the same passage in JavaScript's units.

use erm_replies::{check_reply, GuardContext};
use proptest::prelude::*;

fn ctx() -> GuardContext {
    GuardContext {
        phones: vec!["01 23 45 67 89".into()],
        emails: vec!["contact@cabinet.fr".into()],
        websites: vec!["cabinet.fr".into()],
        practitioner_names: vec!["Hélène Dupré".into()],
        reviewer: Some("Zoé ﬁ".into()),
    }
}

/// Pieces that exercise the tricky paths: accents, ligatures, combining marks, digits and
/// separators, apostrophes, risky words.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        Just("DIABÈTE".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("Œ".to_owned()),
        Just("ﬁ".to_owned()),
        Just("İ".to_owned()),
        Just("votre ".to_owned()),
        Just("consultation".to_owned()),
        Just("12/03/2024".to_owned()),
        Just("06 12 34 56 78".to_owned()),
        Just("1 85 05 78 006 084 36".to_owned()),
        Just("a@b.fr".to_owned()),
        Just("www.doctolib.fr".to_owned()),
        Just("M. Martin".to_owned()),
        Just("10h30".to_owned()),
        Just("’".to_owned()),
        Just("!!".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("😀".to_owned()),
        Just("𝔘".to_owned()),
        Just("[mesure prise]".to_owned()),
        Just("[".to_owned()),
        Just("Vous avez annulé ".to_owned()),
        Just("je vous ai examiné ".to_owned()),
        Just("Madame Benali ".to_owned()),
        Just("vos béquilles ".to_owned()),
        Just("Le cabinet sera fermé le 14 juillet. ".to_owned()),
        Just("rendez-vous ".to_owned()),
        Just("à ".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn spans_always_quote_the_original(pieces in proptest::collection::vec(piece(), 0..30)) {
        let text: String = pieces.concat();
        for f in check_reply(&text, &ctx()) {
            prop_assert!(f.start <= f.end && f.end <= text.len());
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            // a span always covers something visible: a word, a number or the "!!" of shouting
            prop_assert!(f.matched.chars().any(|c| c.is_alphanumeric() || c == '!' || c == '?'), "{:?}", f);
            prop_assert!(!f.matched.starts_with(' ') && !f.matched.ends_with(' '), "{:?}", f);
            // UTF-16 offsets: the same passage in JavaScript units, never inside a surrogate pair
            prop_assert_eq!(f.utf16_start, text[..f.start].encode_utf16().count());
            prop_assert_eq!(f.utf16_end, text[..f.end].encode_utf16().count());
            let units: Vec<u16> = text.encode_utf16().collect();
            prop_assert!(f.utf16_end <= units.len());
            prop_assert_eq!(String::from_utf16(&units[f.utf16_start..f.utf16_end]).ok(), Some(f.matched.clone()));
        }
    }
}
