//! The guard's word lists (`assets/lexicons/*.txt`, format in that folder's README) parsed once
//! into patterns, and the matching of those patterns on a tokenised reply.
//!
//! A pattern is a sequence of word slots; each slot accepts alternatives, stems (`diabet*`),
//! inflected forms (+s, +x, +e, +es on words of four letters or more) and, for long words, one
//! typo. Candidates are found through an index on the first slot, so the cost per word of reply
//! is a handful of hash look-ups whatever the size of the lexicons.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::normalize::{Folded, Token};
use super::finding::{Category, Severity};

macro_rules! lexicon {
    ($name:literal) => {
        ($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/lexicons/", $name, ".txt")))
    };
}

/// The pattern files, in the order their findings are preferred when two cover the same words.
const PATTERN_FILES: [(&str, &str); 13] = [
    lexicon!("care_relationship"),
    lexicon!("dates"),
    lexicon!("pregnancy"),
    lexicon!("mental_health"),
    lexicon!("sick_notes"),
    lexicon!("conditions"),
    lexicon!("medicines"),
    lexicon!("exams"),
    lexicon!("procedures"),
    lexicon!("family"),
    lexicon!("everyday"),
    lexicon!("advertising"),
    lexicon!("tone"),
];
const CONTEXT_FILE: &str = lexicon!("context").1;
const FIRST_NAMES_FILE: &str = lexicon!("first_names").1;
const BOOKING_FILE: &str = lexicon!("booking_sites").1;

/// FNV-1a: the guard looks words up many times per word of a reply, and the keys are its own
/// short lexicon words (a hostile text can only ask, not insert), so a fast non-keyed hash is
/// the right trade (about four times faster than SipHash on short words).
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Where a pattern counts (see the lexicons' README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// About one person whatever the sentence: a denial ("aucun patient à ce nom"), a narrated
    /// third person ("cette personne s'est montrée…"). Never softened by a general word nearby
    /// ("…dans nos fichiers", "…avec ma secrétaire").
    Particular,
    Personal,
    Care,
    /// Everyday words of care ("séances", "béquilles", "ordo"): only in a sentence about the
    /// reader (a possessive, or a told interaction; see `anchor.rs`).
    Reader,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Alt {
    Word(String),
    Stem(String),
    /// `<num>`: any number written in digits.
    Number,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    slots: Vec<Vec<Alt>>,
    pub category: Category,
    pub when: When,
    pub severity: Severity,
}

/// Everything read from `assets/lexicons/`, with the look-up indexes.
#[derive(Debug)]
pub struct Lexicons {
    pub patterns: Vec<Pattern>,
    first_exact: FastMap<String, Vec<u32>>,
    first_stem: FastMap<String, Vec<u32>>,
    stem_lens: Vec<usize>,
    first_fuzzy: FastMap<String, Vec<u32>>,
    first_number: Vec<u32>,
    /// The longest word of any pattern: a token longer than this plus one cannot be one typo
    /// away from it, so the typo index is never asked about it (keeps the guard linear).
    max_word_len: usize,
    /// The `@set` names of `context.txt`, each with its bit in `set_words`.
    set_names: FastMap<String, u32>,
    /// Each word of any set, with the bits of the sets that hold it.
    set_words: FastMap<String, u64>,
    /// Folded first name → true when it is also an ordinary word ("claire").
    pub first_names: FastMap<String, bool>,
    pub booking_sites: Vec<String>,
}

/// Folds a lexicon line exactly like a reply, so both sides compare equal.
fn fold_line(line: &str) -> String {
    Folded::new(line).text.replace('\'', " ")
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Expands hyphenated words into their split and joined spellings.
fn hyphen_variants(line: &str) -> Result<Vec<String>, String> {
    let mut variants = vec![String::new()];
    for spec in line.split_whitespace() {
        if spec.starts_with('-') || spec.ends_with('-') || spec.contains("|-") || spec.contains("-|") {
            return Err(format!("« {spec} » : trait d'union sans mot de part et d'autre"));
        }
        // Alternatives without a hyphen stay one slot; each hyphenated one becomes its split
        // and joined spellings ("rendez-vous|rdv" → "rdv", "rendez vous", "rendezvous").
        let (hyphenated, plain): (Vec<&str>, Vec<&str>) = spec.split('|').partition(|a| a.contains('-'));
        let mut forms: Vec<String> = Vec::new();
        if !plain.is_empty() {
            forms.push(plain.join("|"));
        }
        for a in hyphenated {
            forms.push(a.replace('-', " "));
            forms.push(a.replace('-', ""));
        }
        variants = variants
            .into_iter()
            .flat_map(|v| forms.iter().map(move |f| if v.is_empty() { f.clone() } else { format!("{v} {f}") }))
            .collect();
    }
    Ok(variants)
}

fn parse_slots(line: &str) -> Vec<Vec<Alt>> {
    line.split_whitespace()
        .map(|spec| {
            spec.split('|')
                .filter(|a| !a.is_empty())
                .map(|a| match a.strip_suffix('*') {
                    _ if a == "<num>" => Alt::Number,
                    Some(stem) => Alt::Stem(stem.to_owned()),
                    None => Alt::Word(a.to_owned()),
                })
                .collect()
        })
        .collect()
}

/// One deletion away from `w` (the "symmetric delete" typo index).
fn deletions(w: &str) -> impl Iterator<Item = String> + '_ {
    w.char_indices().map(move |(i, c)| format!("{}{}", &w[..i], &w[i + c.len_utf8()..]))
}

/// Restricted Damerau–Levenshtein distance, capped: true when `a` and `b` are at most one edit
/// (insertion, deletion, substitution or swap of neighbours) apart.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    if ra.is_empty() || rb.is_empty() {
        return ra.len() + rb.len() <= 1;
    }
    ra[1..] == rb[1..] // substitution
        || ra[1..] == *rb // extra letter in a
        || *ra == rb[1..] // extra letter in b
        || (ra.len() >= 2 && rb.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
}

/// The word itself and the forms it may be an inflection of.
fn bases(w: &str) -> impl Iterator<Item = &str> {
    let strip = |suffix: &str| w.strip_suffix(suffix).filter(|b| b.len() >= 4);
    std::iter::once(w).chain(strip("s")).chain(strip("x")).chain(strip("e")).chain(strip("es"))
}

impl Lexicons {
    pub fn load() -> Result<Self, String> {
        let mut lex = Lexicons {
            patterns: Vec::new(),
            first_exact: FastMap::default(),
            first_stem: FastMap::default(),
            stem_lens: Vec::new(),
            first_fuzzy: FastMap::default(),
            first_number: Vec::new(),
            max_word_len: 0,
            set_names: FastMap::default(),
            set_words: FastMap::default(),
            first_names: FastMap::default(),
            booking_sites: words(BOOKING_FILE).map(fold_line).collect(),
        };
        let mut set: Option<u32> = None;
        for line in words(CONTEXT_FILE) {
            if let Some(name) = line.strip_prefix("@set ") {
                let next = lex.set_names.len() as u32;
                let bit = *lex.set_names.entry(name.trim().to_owned()).or_insert(next);
                if bit >= 64 {
                    return Err("context.txt : plus de 64 sections @set".into());
                }
                set = Some(bit);
                continue;
            }
            let bit = set.ok_or("context.txt : mot hors d'une section @set")?;
            for w in fold_line(line).split_whitespace() {
                *lex.set_words.entry(w.to_owned()).or_insert(0) |= 1 << bit;
            }
        }
        for line in words(FIRST_NAMES_FILE) {
            let ambiguous = line.ends_with('?');
            lex.first_names.insert(fold_line(line.trim_end_matches('?')), ambiguous);
        }
        for (file, text) in PATTERN_FILES {
            lex.load_patterns(text).map_err(|e| format!("{file}.txt : {e}"))?;
        }
        lex.stem_lens.sort_unstable();
        lex.stem_lens.dedup();
        Ok(lex)
    }

    fn load_patterns(&mut self, text: &str) -> Result<(), String> {
        let mut category: Option<Category> = None;
        let mut when = When::Always;
        let mut severity = Severity::Block;
        for line in words(text) {
            if let Some(rest) = line.strip_prefix('@') {
                let (key, value) = rest.split_once(' ').ok_or(format!("directive incomplète « {line} »"))?;
                match key {
                    "category" => {
                        let c = Category::parse(value.trim()).ok_or(format!("catégorie inconnue « {value} »"))?;
                        severity = c.default_severity();
                        category = Some(c);
                    }
                    "when" => {
                        when = match value.trim() {
                            "always" => When::Always,
                            "particular" => When::Particular,
                            "personal" => When::Personal,
                            "care" => When::Care,
                            "reader" => When::Reader,
                            v => return Err(format!("@when inconnu « {v} »")),
                        }
                    }
                    "severity" => {
                        severity = match value.trim() {
                            "block" => Severity::Block,
                            "warn" => Severity::Warn,
                            v => return Err(format!("@severity inconnu « {v} »")),
                        }
                    }
                    _ => return Err(format!("directive inconnue « {line} »")),
                }
                continue;
            }
            let category = category.ok_or("motif avant toute directive @category")?;
            for variant in hyphen_variants(&fold_line(line))? {
                let slots = parse_slots(&variant);
                if slots.is_empty() {
                    continue;
                }
                self.add(Pattern { slots, category, when, severity });
            }
        }
        Ok(())
    }

    fn add(&mut self, pattern: Pattern) {
        let id = self.patterns.len() as u32;
        for alt in pattern.slots.iter().flatten() {
            if let Alt::Word(w) = alt {
                self.max_word_len = self.max_word_len.max(w.len());
            }
        }
        for alt in &pattern.slots[0] {
            match alt {
                Alt::Number => self.first_number.push(id),
                Alt::Stem(s) => {
                    self.stem_lens.push(s.len());
                    self.first_stem.entry(s.clone()).or_default().push(id);
                }
                Alt::Word(w) => {
                    self.first_exact.entry(w.clone()).or_default().push(id);
                    // A lexicon plural also finds the singular in the text ("mensonges" / "mensonge").
                    if let Some(singular) = w.strip_suffix('s').filter(|s| s.len() >= 4) {
                        self.first_exact.entry(singular.to_owned()).or_default().push(id);
                    }
                    if w.len() >= 7 {
                        self.first_fuzzy.entry(w.clone()).or_default().push(id);
                        for d in deletions(w) {
                            self.first_fuzzy.entry(d).or_default().push(id);
                        }
                    }
                }
            }
        }
        self.patterns.push(pattern);
    }

    /// The bit of a named word list in [`Lexicons::word_mask`] (0 for an unknown name).
    pub fn set_bit(&self, set: &str) -> u64 {
        self.set_names.get(set).map_or(0, |&bit| 1 << bit)
    }

    /// The word lists `word` belongs to, as bits (see [`Lexicons::set_bit`]).
    pub fn word_mask(&self, word: &str) -> u64 {
        self.set_words.get(word).copied().unwrap_or(0)
    }

    /// A named word list of `context.txt`.
    pub fn in_set(&self, set: &str, word: &str) -> bool {
        match self.set_names.get(set) {
            Some(&bit) => self.set_words.get(word).is_some_and(|m| m & (1 << bit) != 0),
            None => false,
        }
    }

    fn typo_allowed(&self, w: &str) -> bool {
        w.len() >= 6 && w.len() <= self.max_word_len + 1 && !self.in_set("no_typo", w)
    }

    fn alt_matches(&self, alt: &Alt, w: &str) -> bool {
        match alt {
            Alt::Stem(s) => w.starts_with(s.as_str()),
            Alt::Number => w.bytes().all(|b| b.is_ascii_digit()),
            Alt::Word(a) => {
                if w == a {
                    return true;
                }
                if a.len() >= 4 && bases(w).any(|b| b == a) {
                    return true;
                }
                if a.len() >= 5 && a.strip_suffix('s') == Some(w) {
                    return true;
                }
                a.len() >= 7 && self.typo_allowed(w) && bases(w).any(|b| within_one_edit(b, a))
            }
        }
    }

    fn slot_matches(&self, slot: &[Alt], w: &str) -> bool {
        slot.iter().any(|alt| self.alt_matches(alt, w))
    }

    /// Patterns whose first slot may accept `w` (to be confirmed with `slot_matches`).
    fn candidates(&self, w: &str, out: &mut Vec<u32>) {
        out.clear();
        if w.bytes().all(|b| b.is_ascii_digit()) {
            out.extend(&self.first_number);
        }
        for b in bases(w) {
            if let Some(ids) = self.first_exact.get(b) {
                out.extend(ids);
            }
        }
        for &len in &self.stem_lens {
            if len <= w.len() && w.is_char_boundary(len) {
                if let Some(ids) = self.first_stem.get(&w[..len]) {
                    out.extend(ids);
                }
            }
        }
        if self.typo_allowed(w) {
            for b in bases(w).filter(|b| b.len() >= 6) {
                if let Some(ids) = self.first_fuzzy.get(b) {
                    out.extend(ids);
                }
                // every one-letter deletion, written into one reused buffer (no allocation each)
                let mut d = String::with_capacity(b.len());
                for (i, c) in b.char_indices() {
                    d.clear();
                    d.push_str(&b[..i]);
                    d.push_str(&b[i + c.len_utf8()..]);
                    if let Some(ids) = self.first_fuzzy.get(d.as_str()) {
                        out.extend(ids);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// Every pattern occurrence in the tokens: (pattern id, first token, last token inclusive).
    /// Words of the `filler` set may sit between the words of a pattern ("vous n'êtes jamais venu").
    pub fn find_all(&self, folded: &Folded, tokens: &[Token]) -> Vec<(u32, usize, usize)> {
        let mut hits = Vec::new();
        let mut cands = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            self.candidates(t.text(folded), &mut cands);
            for &id in &cands {
                let p = &self.patterns[id as usize];
                if !self.slot_matches(&p.slots[0], t.text(folded)) {
                    continue;
                }
                if let Some(end) = self.match_rest(p, folded, tokens, i) {
                    hits.push((id, i, end));
                }
            }
        }
        hits
    }

    fn match_rest(&self, p: &Pattern, folded: &Folded, tokens: &[Token], first: usize) -> Option<usize> {
        let sentence = tokens[first].sentence;
        let mut j = first;
        for slot in &p.slots[1..] {
            let mut skipped = 0;
            loop {
                j += 1;
                let t = tokens.get(j).filter(|t| t.sentence == sentence)?;
                let w = t.text(folded);
                if self.slot_matches(slot, w) {
                    break;
                }
                if skipped < 2 && self.in_set("filler", w) {
                    skipped += 1;
                    continue;
                }
                return None;
            }
        }
        Some(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lexicon_file_parses_and_holds_hundreds_of_terms() {
        let lex = Lexicons::load().expect("lexicons parse");
        assert!(lex.patterns.len() > 700, "{} patterns", lex.patterns.len());
        assert!(lex.first_names.len() > 150);
        assert!(lex.in_set("possessive", "votre"));
        assert!(!lex.booking_sites.is_empty());
    }

    #[test]
    fn every_word_list_the_rules_ask_for_exists() {
        let lex = Lexicons::load().expect("lexicons parse");
        for name in "article aux_be_past aux_be_present aux_have be_story_participle care_trigger civility civility_patient \
             clitic feedback_noun filler general_marker month move_participle move_verb no_typo not_a_name personal_verb \
             possessive practical_noun pseudonym_common reader_modal reader_possessive reader_pronoun schedule_marker \
             time_generic time_length weekday weekday_generic weekday_specific"
            .split_whitespace()
        {
            assert!(lex.set_names.contains_key(name), "@set {name} missing from context.txt");
        }
        assert!(lex.in_set("reader_pronoun", "vous") && !lex.in_set("reader_pronoun", "nous"));
        assert!(!lex.in_set("no_such_set", "vous"));
    }

    #[test]
    fn one_edit_distance() {
        assert!(within_one_edit("diabette", "diabete"));
        assert!(within_one_edit("consultaion", "consultation"));
        assert!(within_one_edit("antidepreseur", "antidepresseur"));
        assert!(within_one_edit("radoigraphie", "radiographie"));
        assert!(!within_one_edit("facture", "fractures"));
        assert!(!within_one_edit("attention", "tension"));
    }

    #[test]
    fn hyphenated_terms_give_split_and_joined_spellings() {
        assert_eq!(hyphen_variants("anti depresseur").unwrap(), vec!["anti depresseur"]);
        assert_eq!(hyphen_variants("anti-depresseur").unwrap(), vec!["anti depresseur", "antidepresseur"]);
        assert_eq!(hyphen_variants("un a|b-c").unwrap(), vec!["un a", "un b c", "un bc"]);
        assert!(hyphen_variants("a|-c").is_err());
    }
}
