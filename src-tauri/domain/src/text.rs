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

/// « de » before a name, elided before a vowel as French writes it: « de Doctolib »,
/// « d'Annuaire Santé », « d'Écoute médicale ». A name starting with « h » keeps « de » (the
/// aspirated h cannot be told from the silent one without a dictionary).
pub fn de(name: &str) -> String {
    let first = strip_accents(&name.chars().take(1).collect::<String>()).to_lowercase();
    if matches!(first.as_str(), "a" | "e" | "i" | "o" | "u" | "y") {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

/// Characters that reorder or hide text without showing themselves: the bidirectional
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the direction marks
/// (U+200E, U+200F, U+061C). A name holding U+202E reads « …exe.png » backwards as « …gnp.exe »;
/// nothing the doctor records keeps them.
pub fn is_reordering(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A one-line text as it may be shown and printed: reordering characters removed, control
/// characters (a newline in a file name) turned into spaces, spaces collapsed.
pub fn plain_line(s: &str) -> String {
    let spaced: String = s.chars().filter(|c| !is_reordering(*c)).map(|c| if c.is_control() { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A multi-line text (a note): reordering characters and controls other than line breaks and
/// tabs removed, surrounding spaces trimmed.
pub fn plain_text(s: &str) -> String {
    s.chars().filter(|c| !is_reordering(*c) && (!c.is_control() || matches!(c, '\n' | '\t'))).collect::<String>().trim().to_owned()
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

    #[test]
    fn de_is_elided_before_a_vowel() {
        assert_eq!(de("Annuaire horaire"), "d'Annuaire horaire");
        assert_eq!(de("Écoute Santé"), "d'Écoute Santé");
        assert_eq!(de("Doctolib"), "de Doctolib");
        assert_eq!(de("Hôpital.fr"), "de Hôpital.fr");
    }

    #[test]
    fn reordering_and_control_characters_never_reach_a_name_or_a_note() {
        assert_eq!(plain_line("facture\u{202E}gnp.exe"), "facturegnp.exe");
        assert_eq!(plain_line("capture\nde l'avis\r\n.png"), "capture de l'avis .png");
        assert_eq!(plain_line("\u{2067}a\u{2069} b"), "a b");
        assert_eq!(plain_text(" ligne 1\nligne\u{202E} 2\u{0007} "), "ligne 1\nligne 2");
        assert!(!is_reordering('é') && is_reordering('\u{200F}'));
    }
}
