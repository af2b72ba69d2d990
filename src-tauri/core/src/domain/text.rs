//! Text helpers shared by validation, the postal address rules and the secrecy guard.

use unicode_normalization::UnicodeNormalization;

/// Removes diacritics ("Élodie" → "Elodie", "cœur" → "coeur") so that comparisons and postal
/// lines do not depend on accents. Ligatures are spelled out because NFD keeps them whole.
pub fn strip_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

/// Upper case without accents, as the last lines of a French postal address want.
pub fn postal_upper(s: &str) -> String {
    strip_accents(s).to_uppercase()
}

/// Number of characters as a person counts them (not bytes).
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

const MONTHS: [&str; 12] = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
];

/// "1er décembre 2026", "28 novembre 2026": lowercase month, no leading zero, "1er" for day 1.
pub fn french_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let day = if d.day() == 1 { "1er".to_owned() } else { d.day().to_string() };
    format!("{day} {} {}", MONTHS[d.month0() as usize], d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_french_accents_and_ligatures() {
        assert_eq!(strip_accents("Élodie Bœuf à Noël, ça"), "Elodie Boeuf a Noel, ca");
        assert_eq!(postal_upper("Saint-Étienne"), "SAINT-ETIENNE");
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(char_len("é"), 1);
        assert_eq!(char_len("Œuvre"), 5);
    }
}
