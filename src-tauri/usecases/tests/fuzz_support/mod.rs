//! Shared pieces of the `fuzz_*` property tests (issue 11, part 6): hostile text strategies and
//! the check that a refusal speaks French to the doctor.
#![allow(dead_code)] // each test crate uses its own subset

use proptest::prelude::*;

/// Fragments of English technical messages (Rust, serde, csv, SQLite, I/O, zip) that must never
/// reach the doctor. Compared in lower case, outside what the message quotes of the input.
const ENGLISH: [&str; 24] = [
    "invalid type", "invalid value", "invalid utf", "invalid digit", "expected", "unterminated", "at line",
    "error", "panicked", "unwrap", "missing field", "unknown variant", "unknown field", "no such file",
    "permission denied", "failed to", "unexpected", "not found", "parse", "called `", "sqlite", "constraint",
    "trailing", "record",
];
/// Rust debug output, compared as written.
const DEBUG: [&str; 7] = ["Some(", "None", "Err(", "Ok(", "\\u{", "Error {", "EOF"];
/// Short French words a sentence of the application always has at least one of (besides accents).
const FRENCH_WORDS: [&str; 24] = [
    "le", "la", "les", "de", "des", "du", "un", "une", "est", "pas", "ne", "en", "au", "aux", "et", "ou", "doit",
    "ce", "cette", "fichier", "ligne", "adresse", "indiquez", "vous",
];

/// What is left of `message` once the parts quoting the input are taken out: every « … »
/// segment, and every input of at least 3 characters that it repeats as is.
pub fn residue(message: &str, inputs: &[&str]) -> String {
    // Each « opens a quotation that the next » closes (an input holding guillemets itself may
    // leave a piece of it outside: only the strategies' own words can be there).
    let mut out = String::with_capacity(message.len());
    let mut quoting = false;
    for c in message.chars() {
        match c {
            '«' => quoting = true,
            '»' if quoting => quoting = false,
            _ if !quoting => out.push(c),
            _ => {}
        }
    }
    for i in inputs {
        let i = i.trim();
        if i.chars().count() >= 3 {
            out = out.replace(i, " ");
        }
    }
    out
}

/// Asserts that `message` is a French sentence for the doctor: not empty, no English
/// technical fragment nor Rust debug output outside what it quotes of `inputs`, and at least
/// one accented letter, guillemet or common French word.
pub fn assert_french(message: &str, inputs: &[&str]) {
    assert!(!message.trim().is_empty(), "empty message");
    let rest = residue(message, inputs);
    let lower = rest.to_lowercase();
    for f in ENGLISH {
        assert!(!lower.contains(f), "English fragment « {f} » in: {message}");
    }
    for f in DEBUG {
        assert!(!rest.contains(f), "debug output « {f} » in: {message}");
    }
    let accented = rest.chars().any(|c| "éèêëàâùûüçôîïœÉÈÀÇ’".contains(c));
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let french_word = FRENCH_WORDS.iter().any(|w| words.contains(w));
    assert!(accented || french_word, "not French: {message}");
}

/// Characters that break naive text handling: bidirectional controls, zero-width marks, BOM,
/// combining marks, NUL and the other controls, line ends of every platform, surrogate-range
/// neighbours, characters outside the fonts.
pub fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            '\u{200F}', '\u{200E}', '\u{202E}', '\u{202D}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200C}', '\u{200D}',
            '\u{FEFF}', '\u{AD}', '\u{61C}', '\u{0301}', '\u{0327}', '\u{20DD}', '\0', '\r', '\n', '\t', '\u{b}', '\u{c}', '\u{85}',
            '\u{2028}', '\u{2029}', '\u{a0}', '\u{202f}', '\u{FFFD}', '\u{FFFF}', '\u{D7FF}', '\u{E000}', '\u{10FFFF}',
            'ﬁ', 'ß', 'İ', 'ǅ', '\u{1F600}', '\u{1F1EB}', '\u{1F1F7}', '\u{FDFD}', '\u{0627}', '\u{05D0}', '中', 'é',
            'Œ', '’', '«', '»', '"', ';', ',', '\'', '<', '>', '&', '#', '\\', '/', '{', '}',
        ]),
        any::<char>(),
    ]
}

/// Text mixing French words and [`nasty_char`]s.
pub fn nasty_text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => nasty_char().prop_map(String::from),
        2 => "[a-zA-Zéèàçô' -]{1,12}",
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

#[test]
fn the_french_check_is_strict_but_fair() {
    assert_french("Le fichier est vide.", &[]);
    assert_french("Note « error expected » invalide : indiquez un nombre entier de 1 à 5, ou laissez vide.", &[]);
    for english in ["invalid type: string, expected u8 at line 1 column 2", "CSV error: record 2", "", "   ", "Some(3)"] {
        assert!(std::panic::catch_unwind(|| assert_french(english, &[])).is_err(), "{english:?} passed");
    }
}
