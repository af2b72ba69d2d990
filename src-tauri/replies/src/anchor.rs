//! Whom each sentence is about (issue 13): the reader (second person, the reviewer's pseudonym,
//! a civility and a name), everyone (the practice, "les patients", a rule), or nobody in
//! particular. The guard then judges the same words differently: a health word, a date or a care
//! noun tied to the reader blocks; in a general statement about the practice it does not.
//!
//! A reply is made of a few known moves: thanks, showing the grievance was understood, the
//! practice's organisation in general terms, surprise, the secrecy notice, the invitation to
//! contact the practice. Second-person words inside those moves ("nous vous remercions",
//! "votre message", "vous pouvez joindre le cabinet", "vous avez été déçu") do not anchor the
//! sentence to the reader. A sentence still anchored to the reader that tells what happened
//! between the reader and the practice (a compound past or an imperfect: "vous avez annulé",
//! "je vous ai examiné", "votre carnet était incomplet"; or how long: "depuis quinze ans") is a
//! *narration* and blocks, with or without a medical word.
//!
//! Everything here is one pass over the tokens with look-ups a few words around each one, so the
//! cost is linear in the length of the text.

use super::finding::Anchor;
use super::lexicon::Lexicons;
use super::normalize::{Folded, Token};

/// What the guard knows about one sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sentence {
    /// A second-person word outside the known moves, the pseudonym, or a civility + name.
    pub reader: bool,
    /// "votre"/"vos"… outside the known moves ("vos béquilles", not "votre message").
    pub possessive: bool,
    /// A general subject or rule: the practice, patients, everyone, the law — in a sentence that
    /// does not tell a past event.
    pub general: bool,
    /// Only a plural or universal subject opens the sentence ("Les anxiolytiques ne sont…"):
    /// general in form, yet a specific term there may still hint at the reader, so it warns.
    pub weak_general: bool,
    /// A word of the practice or of everyone ("le cabinet", "les patients", "chaque") that is not
    /// only a place ("au cabinet"), whatever the tense.
    pub marker: bool,
    /// Any second-person word, even inside a move ("nous vous rappelons que les patients…").
    pub addressed: bool,
    /// An imperfect or a passive past ("était", "ont été"): the sentence tells an event.
    pub past: bool,
    /// A closure, works, opening hours or a law: dates there are announcements.
    pub schedule: bool,
    /// The token span of a told interaction with the reader (see the module documentation).
    pub narration: Option<(usize, usize)>,
    /// The first word that anchors the sentence to the reader (a narration is highlighted from
    /// there, so the highlight shows both who and what).
    pub first_reader: Option<usize>,
}

impl Sentence {
    pub fn anchor(&self) -> Anchor {
        if self.reader {
            Anchor::Reader
        } else if self.general || self.weak_general {
            Anchor::General
        } else {
            Anchor::Unknown
        }
    }
}

/// The bits of the word lists the anchors ask about, resolved once per check, so that asking
/// whether a word is in a list is one AND on the word's mask (found once per word).
struct Bits {
    general_marker: u64,
    schedule_marker: u64,
    civility_patient: u64,
    not_a_name: u64,
    civility: u64,
    reader_possessive: u64,
    reader_pronoun: u64,
    feedback_noun: u64,
    move_verb: u64,
    reader_modal: u64,
    clitic: u64,
    aux_have: u64,
    aux_be_present: u64,
    aux_be_past: u64,
    move_participle: u64,
    be_story_participle: u64,
    time_length: u64,
}

impl Bits {
    fn new(lex: &Lexicons) -> Self {
        Bits {
            general_marker: lex.set_bit("general_marker"),
            schedule_marker: lex.set_bit("schedule_marker"),
            civility_patient: lex.set_bit("civility_patient"),
            not_a_name: lex.set_bit("not_a_name"),
            civility: lex.set_bit("civility"),
            reader_possessive: lex.set_bit("reader_possessive"),
            reader_pronoun: lex.set_bit("reader_pronoun"),
            feedback_noun: lex.set_bit("feedback_noun"),
            move_verb: lex.set_bit("move_verb"),
            reader_modal: lex.set_bit("reader_modal"),
            clitic: lex.set_bit("clitic"),
            aux_have: lex.set_bit("aux_have"),
            aux_be_present: lex.set_bit("aux_be_present"),
            aux_be_past: lex.set_bit("aux_be_past"),
            move_participle: lex.set_bit("move_participle"),
            be_story_participle: lex.set_bit("be_story_participle"),
            time_length: lex.set_bit("time_length"),
        }
    }
}

struct Ctx<'a> {
    b: &'a Bits,
    /// For every token of the text, the word lists it belongs to (`Lexicons::word_mask`).
    masks: &'a [u64],
    f: &'a Folded<'a>,
    tokens: &'a [Token],
    /// First and one-past-last token of the sentence.
    from: usize,
    to: usize,
}

impl Ctx<'_> {
    fn word(&self, k: usize) -> Option<&str> {
        (self.from..self.to).contains(&k).then(|| self.tokens[k].text(self.f))
    }
    fn is(&self, k: usize, bits: u64) -> bool {
        (self.from..self.to).contains(&k) && self.masks[k] & bits != 0
    }
    /// The next token after `k` that is not a clitic or small adverb (at most 4 skipped).
    fn next_verb(&self, k: usize) -> Option<usize> {
        (k + 1..k + 5).take_while(|&j| self.word(j).is_some()).find(|&j| !self.is(j, self.b.clitic))
    }
    /// "a" written "à" is a preposition, not the auxiliary.
    fn is_grave_a(&self, k: usize) -> bool {
        let (s, e) = self.f.original_span(self.tokens[k].start, self.tokens[k].end);
        matches!(&self.f.original()[s..e], "à" | "À")
    }
    fn is_aux(&self, k: usize) -> bool {
        (self.is(k, self.b.aux_have) && !(self.word(k) == Some("a") && self.is_grave_a(k)))
            || self.is(k, self.b.aux_be_present)
            || self.is(k, self.b.aux_be_past)
    }
}

/// Looks like a past participle or an adjective in agreement (folded: "é" is "e").
fn participle_like(w: &str) -> bool {
    const ENDS: [&str; 18] = ["e", "es", "ee", "ees", "i", "is", "ie", "ies", "it", "ite", "u", "us", "ue", "ues", "ert", "erte", "int", "ts"];
    w.len() >= 2 && !w.bytes().all(|b| b.is_ascii_digit()) && ENDS.iter().any(|e| w.ends_with(e))
}

/// Nouns of set phrases after "avoir" that are not participles ("ont lieu", "avez besoin").
const NOT_PARTICIPLE: [&str; 8] = ["lieu", "besoin", "peur", "envie", "raison", "tort", "droit", "acces"];

const DETERMINERS: [&str; 14] = ["le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "que", "qu", "ce", "cette"];

/// Analyses every sentence; the result is indexed by `Token::sentence`.
pub(crate) fn analyse(lex: &Lexicons, f: &Folded, tokens: &[Token], pseudonym: &[String]) -> Vec<Sentence> {
    let count = tokens.last().map_or(0, |t| t.sentence as usize + 1);
    let mut out = vec![Sentence::default(); count];
    let bits = Bits::new(lex);
    let masks: Vec<u64> = tokens.iter().map(|t| lex.word_mask(t.text(f))).collect();
    let mut from = 0;
    while from < tokens.len() {
        let s = tokens[from].sentence;
        let mut to = from;
        while to < tokens.len() && tokens[to].sentence == s {
            to += 1;
        }
        out[s as usize] = sentence(&Ctx { b: &bits, masks: &masks, f, tokens, from, to }, pseudonym);
        from = to;
    }
    out
}

#[derive(PartialEq)]
enum Verb {
    /// A move of the reply: thanks, the grievance understood, an invitation.
    Move,
    /// What happened: the span of the verb group.
    Story(usize),
    /// Anything else ("vous trouverez", a present tense).
    Other,
}

fn sentence(c: &Ctx, pseudonym: &[String]) -> Sentence {
    let mut out = Sentence::default();
    let mut first_person_past: Option<(usize, usize)> = None;
    let mut imperfect: Option<(usize, usize)> = None;
    let mut length: Option<(usize, usize)> = None;
    let mut soft_reader: Option<usize> = None;
    let mut general = false;
    let mut subject_marker = false;
    let mut plural_start = false;
    // The first feedback noun of the sentence ("votre expérience ne vous a pas donné…"), found
    // once so that each pronoun asks in constant time.
    let first_feedback = (c.from..c.to).find(|&j| c.is(j, c.b.feedback_noun));
    for k in c.from..c.to {
        let w = c.word(k).unwrap_or_default();
        // "rendez-vous" is not the reader
        if w == "vous" && k > c.from && c.word(k - 1) == Some("rendez") {
            continue;
        }
        if c.is(k, c.b.general_marker) {
            general = true;
            // "le cabinet a…" is the practice speaking; "au cabinet" is only a place
            let place = k > c.from && matches!(c.word(k - 1), Some("au" | "aux" | "du" | "a" | "en" | "dans" | "par" | "pour" | "de" | "d" | "des"));
            subject_marker |= !place;
        }
        // a plural or universal subject opening the sentence: "Les arrêts de travail ne sont…"
        // ... or a clause: "nous vous rappelons que les arrêts de travail…"
        let clause_start = k == c.from || matches!(c.word(k - 1), Some("que" | "qu"));
        if clause_start && matches!(w, "les" | "des" | "toute" | "toutes" | "tout" | "tous" | "chaque" | "aucun" | "aucune" | "certains" | "certaines") {
            plural_start = true;
        }
        if c.is(k, c.b.reader_pronoun) {
            out.addressed = true;
        }
        if w == "ete" || c.is(k, c.b.aux_be_past) || (w.len() > 4 && (w.ends_with("ait") || w.ends_with("aient"))) {
            out.past = true;
        }
        if c.is(k, c.b.schedule_marker) {
            out.schedule = true;
        }
        if pseudonym.iter().any(|p| p == w) {
            out.reader = true;
            out.first_reader.get_or_insert(k);
        }
        if c.is(k, c.b.civility_patient) && c.tokens.get(k + 1).is_some_and(|_| k + 1 < c.to) {
            // "Madame Benali": the name test is in detectors.rs; here a capitalised next word
            // that is not a civility or a usual word is enough to anchor the sentence.
            let (s, _) = c.f.original_span(c.tokens[k + 1].start, c.tokens[k + 1].end);
            let upper = c.f.original()[s..].chars().next().is_some_and(char::is_uppercase);
            if upper && !c.is(k + 1, c.b.not_a_name) && !c.is(k + 1, c.b.civility) {
                out.reader = true;
                out.first_reader.get_or_insert(k);
            }
        }
        if c.is(k, c.b.reader_possessive) {
            // "votre message", "vos remarques", "votre long message": a move.
            let feedback = (k + 1..=k + 2).any(|j| c.is(j, c.b.feedback_noun));
            if !feedback {
                out.reader = true;
                out.possessive = true;
                out.first_reader.get_or_insert(k);
            }
        } else if c.is(k, c.b.reader_pronoun) {
            match verb_after(c, k, first_feedback.is_some_and(|f| f < k)) {
                Verb::Move => {
                    // "de vous recevoir" is a move in "le cabinet peut vous recevoir", a story in
                    // "j'ai pris le temps de vous recevoir": decided once the sentence is read.
                    let infinitive = c.next_verb(k).and_then(|v| c.word(v)).is_some_and(|v| ["er", "ir", "re", "oir"].iter().any(|e| v.ends_with(e)));
                    if infinitive {
                        soft_reader.get_or_insert(k);
                    }
                }
                Verb::Story(end) => {
                    out.reader = true;
                    out.first_reader.get_or_insert(k);
                    out.narration.get_or_insert((k, end));
                }
                Verb::Other => {
                    // "s'il vous plaît", "à vous lire"
                    let polite = c.word(k + 1) == Some("plait") || c.word(k.wrapping_sub(1)) == Some("a");
                    if !polite {
                        out.reader = true;
                        out.first_reader.get_or_insert(k);
                    }
                }
            }
        }
        // "j'ai attendu", "nous avons dû décaler", "l'infirmière est passée": someone tells.
        // (not when the practice or everyone is the subject: "le cabinet a changé de secrétariat")
        let general_subject = (k.saturating_sub(3).max(c.from)..k).any(|j| c.is(j, c.b.general_marker));
        if first_person_past.is_none() && c.is_aux(k) && !general_subject && !(k > c.from && c.is(k - 1, c.b.reader_pronoun)) {
            let practice = (c.from..k).rev().take(4).any(|j| matches!(c.word(j), Some("je" | "j" | "nous" | "on")));
            if let Verb::Story(end) = participle_after(c, k, practice) {
                first_person_past = Some((k, end));
            }
        }
        // "votre carnet était incomplet", "votre bébé pleurait"
        if imperfect.is_none() && (c.is(k, c.b.aux_be_past) || (w.len() > 4 && (w.ends_with("ait") || w.ends_with("aient")))) {
            imperfect = Some((k, k));
        }
        // "depuis 2009", "depuis quinze ans", "cela fait dix ans", "pendant huit ans"
        if length.is_none() && matches!(w, "depuis" | "pendant" | "fait" | "faisait") {
            let found = (k + 1..(k + 4).min(c.to)).find(|&j| {
                let n = c.word(j).unwrap_or_default();
                // "depuis votre départ", "depuis votre naissance"
                (w == "depuis" && j == k + 1 && c.is(j, c.b.reader_possessive))
                    || c.is(j, c.b.time_length) || (n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()) && (n.starts_with("19") || n.starts_with("20")))
            });
            if let Some(j) = found {
                length = Some((k, j));
            }
        }
    }
    // the infinitive depends on the told verb right before it: "j'ai pris le temps de vous recevoir"
    if let (Some(pronoun), Some((_, end))) = (soft_reader, first_person_past) {
        if end < pronoun && pronoun - end <= 4 {
            out.reader = true;
            out.first_reader.get_or_insert(pronoun);
        }
    }
    out.marker = subject_marker;
    out.general = general && !out.past;
    out.weak_general = !out.general && plural_start && !out.past && first_person_past.is_none();
    out.schedule = out.schedule && !out.past;
    if out.reader && out.narration.is_none() {
        out.narration = first_person_past.or(imperfect).or(length);
    }
    // Possessive nouns with a past participle: "votre AT a été fait", "vos analyses sont revenues".
    if out.possessive && out.narration.is_none() {
        for k in c.from..c.to {
            if c.is_aux(k) {
                if let Verb::Story(end) = participle_after(c, k, false) {
                    out.narration = Some((k, end));
                    break;
                }
            }
        }
    }
    out
}

/// What follows a second-person pronoun at `k`.
fn verb_after(c: &Ctx, k: usize, feedback_before: bool) -> Verb {
    let Some(v) = c.next_verb(k) else { return Verb::Other };
    let w = c.word(v).unwrap_or_default();
    if c.is(v, c.b.move_verb | c.b.reader_modal) {
        return Verb::Move;
    }
    if c.is_aux(v) {
        // "votre expérience ne vous a pas donné satisfaction": the verb is the feedback's.
        let object_form = matches!(w, "a" | "ait" | "ont" | "avait" | "avaient" | "aient");
        if object_form && feedback_before {
            return Verb::Move;
        }
        return participle_after(c, v, false);
    }
    // An imperfect: "vous boitiez", "vous deviez revenir" (not the conditional "pourriez").
    if w.len() > 4 && w.ends_with("iez") && !w.ends_with("riez") {
        return Verb::Story(v);
    }
    Verb::Other
}

/// What follows an auxiliary at `v`: a move ("vous avez été déçu", "pris le temps"), a story
/// ("vous avez annulé", "vous êtes venue", "était incomplet") or nothing known.
fn participle_after(c: &Ctx, v: usize, practice: bool) -> Verb {
    let aux = c.word(v).unwrap_or_default();
    let Some(mut p) = c.next_verb(v) else {
        return if c.is(v, c.b.aux_be_past) { Verb::Story(v) } else { Verb::Other };
    };
    let mut w = c.word(p).unwrap_or_default();
    if w == "ete" {
        match c.next_verb(p) {
            Some(q) => {
                p = q;
                w = c.word(q).unwrap_or_default();
            }
            None => return Verb::Story(p),
        }
    }
    // "nous avons dû décaler": the infinitive tells; "dû vous remercier" would not.
    if w == "du" {
        if let Some(q) = c.next_verb(p) {
            return if c.is(q, c.b.move_verb) { Verb::Move } else { Verb::Story(q) };
        }
    }
    if c.is(p, c.b.move_participle) {
        // "pris le temps" is a move, "pris du poids" a story.
        let took_time = matches!(w, "pris" | "prise")
            && (p + 1..(p + 3).min(c.to)).any(|j| matches!(c.word(j), Some("temps" | "peine" | "compte" | "note" | "acte" | "connaissance")));
        // ... but "j'ai pris le temps de vous recevoir" is the practice telling the visit.
        if !matches!(w, "pris" | "prise") || (took_time && !practice) {
            return Verb::Move;
        }
        return Verb::Story(p);
    }
    // "vous avez eu l'impression": a move; "vous aviez eu de la fièvre": a story.
    if w == "eu" && (p + 1..(p + 4).min(c.to)).any(|j| matches!(c.word(j), Some("impression" | "sentiment" | "ressenti"))) {
        return Verb::Move;
    }
    if w == "fait" && c.word(p + 1) == Some("part") {
        return Verb::Move;
    }
    if c.is(v, c.b.aux_be_past) {
        // "était incomplet", "était prête", "était un peu haute": a past state of the reader's
        return Verb::Story(p);
    }
    // "je me suis déplacé", "nous nous sommes rendus": the practice tells what it did.
    let reflexive = v > c.from && matches!(c.word(v - 1), Some("me" | "m" | "nous"));
    if practice && reflexive && c.is(v, c.b.aux_be_present) && participle_like(w) && !DETERMINERS.contains(&w) {
        return Verb::Story(p);
    }
    if c.is(v, c.b.aux_be_present) {
        // present of "être": only verbs of a visit or of care ("vous êtes venue", "êtes suivie")
        return if c.is(p, c.b.be_story_participle) { Verb::Story(p) } else { Verb::Other };
    }
    if DETERMINERS.contains(&w) && matches!(aux, "avez" | "aviez" | "avais" | "as") {
        // "vous aviez rendez-vous", "vous avez un arrêt" — possession in the past: a story when
        // imperfect, nothing known in the present.
        return if matches!(aux, "aviez" | "avais") { Verb::Story(p) } else { Verb::Other };
    }
    if participle_like(w) && !DETERMINERS.contains(&w) && !NOT_PARTICIPLE.contains(&w) {
        return Verb::Story(p);
    }
    if matches!(aux, "aviez" | "avais") {
        return Verb::Story(p);
    }
    Verb::Other
}
