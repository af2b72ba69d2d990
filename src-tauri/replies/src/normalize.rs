//! Accent- and case-folded copy of a reply, with a map back to the original bytes.
//!
//! The guard matches lexicons on the folded text ("DIABÈTE" → "diabete", "l’IRM" → "l'irm"), but
//! its findings must point into the text the doctor typed, so every folded byte remembers which
//! original character it came from. One original character may give several folded bytes ("œ" →
//! "oe") or none (a lone combining accent); spans are always widened to whole original characters.

use erm_domain::text::strip_accents;

/// The folded text and, for each of its bytes, the byte offset of the original character it
/// comes from (plus one sentinel entry equal to the original length).
#[derive(Debug, Clone)]
pub struct Folded<'a> {
    original: &'a str,
    pub text: String,
    map: Vec<usize>,
}

impl<'a> Folded<'a> {
    pub fn new(original: &'a str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        let mut buf = [0u8; 4];
        for (offset, c) in original.char_indices() {
            match c {
                'A'..='Z' => text.push(c.to_ascii_lowercase()),
                c if c.is_ascii() => text.push(c),
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' => text.push('\''),
                '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' => text.push(' '),
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => text.push('-'),
                '\u{2026}' => text.push('.'),
                // the usual French letters, without a decomposition and an allocation each
                'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => text.push('a'),
                'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => text.push('e'),
                'î' | 'ï' | 'Î' | 'Ï' => text.push('i'),
                'ô' | 'ö' | 'Ô' | 'Ö' => text.push('o'),
                'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => text.push('u'),
                'ç' | 'Ç' => text.push('c'),
                _ => {
                    let stripped = strip_accents(c.encode_utf8(&mut buf));
                    for l in stripped.chars().flat_map(char::to_lowercase) {
                        text.push(l);
                    }
                }
            }
            map.resize(text.len(), offset);
        }
        map.push(original.len());
        Folded { original, text, map }
    }

    /// The text as given.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The original byte span of folded bytes `start..end` (both on folded char boundaries).
    /// The result lies on original char boundaries.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.map[start], self.map[end])
    }
}

/// A word of the folded text: a maximal run of letters and digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Sentences are cut at . ! ? ; : and line breaks, so context rules never look across them.
    pub sentence: u32,
}

impl Token {
    pub fn text<'a>(&self, folded: &'a Folded<'_>) -> &'a str {
        &folded.text[self.start..self.end]
    }
}

/// Abbreviations whose final dot does not end a sentence ("M. Martin", "Dr. Dupré").
const ABBREVIATIONS: [&str; 9] = ["m", "mme", "mlle", "dr", "pr", "st", "ste", "me", "n"];

pub fn tokenize(folded: &Folded) -> Vec<Token> {
    let text = folded.text.as_str();
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let mut sentence = 0u32;
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            tokens.push(Token { start: s, end: i, sentence });
        }
        let breaks = match c {
            '!' | '?' | ';' | '\n' => true,
            '.' | ':' => {
                let prev = tokens.last().filter(|t| t.end == i).map(|t| &text[t.start..t.end]);
                let next_is_digit = chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
                let prev_is_digit = prev.is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
                let abbreviation = c == '.' && prev.is_some_and(|p| p.chars().count() == 1 || ABBREVIATIONS.contains(&p));
                !(abbreviation || (prev_is_digit && next_is_digit) || (next_is_digit && c == '.'))
            }
            _ => false,
        };
        if breaks {
            sentence += 1;
        }
    }
    if let Some(s) = start {
        tokens.push(Token { start: s, end: text.len(), sentence });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_apostrophes_with_a_map_back() {
        let original = "L’ŒIL de Zoé, DIABÈTE";
        let f = Folded::new(original);
        assert_eq!(f.text, "l'oeil de zoe, diabete");
        let at = f.text.find("diabete").unwrap();
        let (s, e) = f.original_span(at, at + "diabete".len());
        assert_eq!(&original[s..e], "DIABÈTE");
        let at = f.text.find("oeil").unwrap();
        let (s, e) = f.original_span(at, at + 4);
        assert_eq!(&original[s..e], "ŒIL");
    }

    #[test]
    fn the_fast_path_folds_like_the_general_one() {
        for c in "àâäÀÂÄéèêëÉÈÊËîïÎÏôöÔÖùûüÙÛÜçÇ".chars() {
            let general: String = strip_accents(&c.to_string()).chars().flat_map(char::to_lowercase).collect();
            assert_eq!(Folded::new(&c.to_string()).text, general, "{c}");
        }
    }

    #[test]
    fn combining_accents_stay_inside_the_span() {
        let original = "cafe\u{301} noir";
        let f = Folded::new(original);
        assert_eq!(f.text, "cafe noir");
        let toks = tokenize(&f);
        let (s, e) = f.original_span(toks[0].start, toks[0].end);
        assert_eq!(&original[s..e], "cafe\u{301}");
    }

    #[test]
    fn sentences_break_on_punctuation_but_not_on_abbreviations_or_numbers() {
        let f = Folded::new("Merci M. Martin. Le 12.03.2024 à 10:30 ; fin");
        let toks = tokenize(&f);
        let sentence_of = |w: &str| toks.iter().find(|t| t.text(&f) == w).unwrap().sentence;
        assert_eq!(sentence_of("merci"), sentence_of("martin"));
        assert_eq!(sentence_of("le"), sentence_of("2024"));
        assert_eq!(sentence_of("30"), sentence_of("le"));
        assert!(sentence_of("fin") > sentence_of("30"));
        assert!(sentence_of("le") > sentence_of("martin"));
    }
}
