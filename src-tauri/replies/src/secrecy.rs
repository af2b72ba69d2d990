//! The medical-secrecy guard: reads a draft reply to a public review and lists every passage that
//! may breach medical secrecy (art. R.4127-4 and L.1110-4 of the public health code) or the
//! deontology rules on advertising (R.4127-19, 19-1) and on conduct (R.4127-31).
//!
//! Entry point: [`check_reply`]`(text, &GuardContext) -> Vec<Finding>`, pure and fast enough to
//! run on every keystroke (see `benches/secrecy.rs`). Each [`Finding`] carries a byte span into
//! the text as given (always on character boundaries), its [`Category`], a [`Severity`] and a
//! French explanation and suggestion.
//!
//! ## Severity
//!
//! * **Block** for what reveals or confirms care: the care relationship itself (confirming *or*
//!   denying that the person was seen), dates of visits, any health data (conditions, treatments,
//!   examinations, procedures and body parts in a care context, sick notes, pregnancy, mental
//!   health), relatives and third parties, identifiers (birth date, social-security number, a
//!   phone number or email that is not the practice's), a surname after a civility, and links to
//!   booking platforms. A breach
//!   of secrecy is a criminal offence (art. 226-13 of the penal code) and cannot be undone once
//!   published, so the doctor must fix or explicitly acknowledge each one.
//! * **Warn** where judgement is needed: first names and names after "Dr" (the heuristic also
//!   catches street names or a colleague), tone (a firm sentence is not always aggressive) and advertising wording
//!   ("le meilleur accueil possible" is a wish, "le meilleur médecin" a claim), plus "votre prise
//!   en charge", which the usual model replies use but which still points at this person's care.
//!
//! ## Whom the sentence is about (issue 13)
//!
//! Each sentence is first given an anchor (`anchor.rs`): the **reader** (second person outside
//! the known moves of a reply, the reviewer's pseudonym, a civility and a name, a relative of the
//! reader), a **third person** (a relative or a named person: their own findings block), or
//! **everyone** (the practice, "les patients", "toute personne", a rule, a law).
//!
//! * A health, care, body, time or event element anchored to the reader or a third person
//!   blocks. The same element in a general statement does not block: it passes, or warns when
//!   the sentence also speaks to the reader ("nous vous rappelons que les patients diabétiques…")
//!   or is general only in form (a plural subject: "Les anxiolytiques ne sont pas…").
//! * A sentence anchored to the reader that tells an interaction with the practice (a compound
//!   past, an imperfect, a care length: "vous avez annulé", "je vous ai examinée", "votre carnet
//!   était incomplet", "depuis quinze ans") blocks without any medical word.
//! * Dates block when tied to the reader or a past event; dates announcing closures, works, new
//!   hours or citing a law pass.
//! * A surname after "Madame"/"Monsieur" blocks; other names warn.
//! * Everyday and shorthand care words (`everyday.txt`: béquilles, séances, ordo, AT, tt…) count
//!   in sentences about the reader.
//! * Text in short square brackets ("[mesure prise]") is a template placeholder: it never raises
//!   a finding by itself (phones, emails, identifiers and booking links inside still do).
//!
//! ## Context rules of the words themselves
//!
//! * Specific terms are flagged everywhere: "diabète", "Doliprane", "IRM", "grossesse" (outside
//!   general statements, see above).
//! * Generic care nouns ("consultation", "rendez-vous", "traitement", "examen", "certificat",
//!   "fils") only when they belong to the reader: a possessive up to three words before ("votre
//!   dernière consultation", "vos résultats d'analyse"), "vous avez fait un …", "je vous ai
//!   prescrit un …", "… que vous avez passé", or anywhere in a sentence that tells an interaction
//!   with the reader. An article stops the search: "les consultations durent…", "convenir d'un
//!   nouveau rendez-vous", "le temps de consultation" pass.
//! * Common body parts ("dos", "main", "cœur") only near a care word ("douleur", "radio", "opéré"):
//!   "mal au dos" is flagged, "de tout cœur" is not.
//! * Times are flagged unless they are opening hours: "dès 8h", "de 8h à 19h", "entre 12h et 14h"
//!   pass, "à 10h" does not; weekdays only when they name one day ("mardi dernier", "ce jeudi",
//!   "jeudi matin"), not a habit ("le lundi matin", "du lundi au vendredi").
//! * The practice's own phone numbers, emails, website and practitioners' names (from the
//!   [`GuardContext`]) are allowed: inviting the reader to contact the practice is the advice.
//! * Inviting contact and saying how to book are neutral ("contacter le cabinet pour convenir
//!   d'un rendez-vous", "pour prendre rendez-vous, appelez le secrétariat", "le cabinet accepte
//!   de nouveaux patients", "les meilleurs délais"); soliciting and superlatives are advertising
//!   ("prenez rendez-vous", "réservez en ligne", "le meilleur cabinet", a Doctolib link).
//!
//! ## Cost
//!
//! Linear in the length of the text: one folding pass, one tokenising pass, a bounded number of
//! hash look-ups per word (the one-typo index is not asked about words longer than the longest
//! lexicon word + 1), per-sentence anchors computed in one pass, and UTF-16 offsets computed for
//! all findings in one pass.

use std::sync::OnceLock;

use super::anchor;
use super::detectors;
use super::finding::{Anchor, Category, Finding, GuardContext, Hit, Note, Severity};
use super::lexicon::{Lexicons, When};
use super::normalize::{tokenize, Folded, Token};

/// The lexicons, built once per process.
pub struct Guard {
    lex: Lexicons,
}

static GUARD: OnceLock<Guard> = OnceLock::new();

impl Guard {
    /// The shared guard; the first call parses the lexicons (a few milliseconds).
    pub fn get() -> &'static Guard {
        GUARD.get_or_init(Guard::build)
    }

    /// A new guard with freshly parsed lexicons (what [`Guard::get`] does once; public so the
    /// benchmark can measure it).
    pub fn build() -> Guard {
        Guard { lex: Lexicons::load().expect("the embedded lexicons are checked by the tests") }
    }

    pub fn check(&self, text: &str, ctx: &GuardContext) -> Vec<Finding> {
        let folded = Folded::new(text);
        let tokens = tokenize(&folded);
        let pseudonym = detectors::pseudonym_words(&self.lex, ctx);
        let sentences = anchor::analyse(&self.lex, &folded, &tokens, &pseudonym);
        let sentence_of = |first: usize| sentences[tokens[first].sentence as usize];
        let mut hits = Vec::new();
        for (id, first, last) in self.lex.find_all(&folded, &tokens) {
            let p = &self.lex.patterns[id as usize];
            let s = sentence_of(first);
            // A told interaction with the reader makes every care word of the sentence theirs; so
            // does a past event told about no one in particular ("les fils ont été retirés").
            let told_reader = s.reader && s.narration.is_some();
            let told_past = s.past && !s.marker && !s.addressed;
            let told = told_reader || told_past;
            // Personal and care matches are widened to the word that makes them personal
            // ("vos résultats", "le scanner que vous avez"), so the highlight explains itself.
            let span = match p.when {
                When::Always | When::Particular => Some((first, last)),
                When::Personal => self.personal_span(&folded, &tokens, first, last).or(told.then_some((first, last))),
                When::Care => self
                    .personal_span(&folded, &tokens, first, last)
                    .or_else(|| self.near_care_word(&folded, &tokens, first).then_some((first, last)))
                    .or(told.then_some((first, last))),
                When::Reader if s.reader => self
                    .personal_span(&folded, &tokens, first, last)
                    .or((told || s.possessive).then_some((first, last))),
                When::Reader => told_past.then_some((first, last)),
            };
            if p.category == Category::Advertising && self.practical(&folded, &tokens, last) {
                continue;
            }
            if let Some((from, to)) = span {
                let note = if p.when == When::Particular {
                    Some(Note::Particular)
                } else {
                    (p.category == Category::CareRelationship && p.severity == Severity::Warn).then_some(Note::YourCare)
                };
                hits.push(Hit { start: tokens[from].start, end: tokens[to].end, category: p.category, severity: p.severity, note });
            }
        }
        detectors::detect(&self.lex, &folded, &tokens, ctx, &mut hits);
        // A sentence about the reader that tells what happened with the practice blocks even
        // without a medical word, unless something in it blocks already.
        let mut blocked = vec![false; sentences.len()];
        // The sentence of a hit: that of the last token starting at or before it (none when the
        // text has no word, e.g. only "!!").
        let sentence_at = |byte: usize| {
            let k = tokens.partition_point(|t| t.start <= byte).saturating_sub(1);
            tokens.get(k).map(|t| t.sentence as usize)
        };
        for h in hits.iter().filter(|h| h.severity == Severity::Block) {
            if let Some(i) = sentence_at(h.start) {
                blocked[i] = true;
            }
        }
        for (i, s) in sentences.iter().enumerate() {
            if let (true, Some((a, b)), false) = (s.reader, s.narration, blocked[i]) {
                let (a, b) = (s.first_reader.map_or(a, |r| r.min(a)), s.first_reader.map_or(b, |r| r.max(b)));
                hits.push(Hit {
                    start: tokens[a].start,
                    end: tokens[b].end,
                    category: Category::CareRelationship,
                    severity: Severity::Block,
                    note: Some(Note::Narration),
                });
            }
        }
        // Third persons: a relative or a named person blocks, so the sentence is not general.
        let mut third = vec![false; sentences.len()];
        for h in &hits {
            if let (Severity::Block, Category::ThirdParty | Category::PersonalName, Some(i)) = (h.severity, h.category, sentence_at(h.start)) {
                third[i] = true;
            }
        }
        let placeholders = placeholders(&folded.text);
        let mut judged = Vec::with_capacity(hits.len());
        for mut h in hits {
            let i = sentence_at(h.start);
            let s = i.map(|i| sentences[i]).unwrap_or_default();
            let anchor = if i.is_some_and(|i| third[i]) && !s.reader {
                Anchor::Third
            } else {
                s.anchor()
            };
            // "[mesure prise]": a template's placeholder is not the doctor's words yet.
            if in_placeholder(&placeholders, h.start, h.end) && !matches!(h.category, Category::Phone | Category::Email | Category::SocialSecurityNumber) && h.note != Some(Note::BookingLink) {
                continue;
            }
            let dated = matches!(h.category, Category::VisitDate);
            let about_care = h.category.is_health() || matches!(h.category, Category::CareRelationship | Category::ThirdParty);
            if matches!(anchor, Anchor::General | Anchor::Unknown) && dated && s.schedule {
                continue; // closing days, new hours, the date of a law
            }
            if anchor == Anchor::General && h.severity == Severity::Block && (about_care || dated) && h.note != Some(Note::Particular) {
                // A general statement passes; when it also speaks to the reader ("nous vous
                // rappelons que les patients diabétiques…") the doctor judges whether it hints.
                if !s.addressed && !s.weak_general {
                    continue;
                }
                h.severity = Severity::Warn;
                h.note = Some(Note::General);
            }
            judged.push((h, anchor));
        }
        merge(text, &folded, judged)
    }

    /// "les meilleurs délais", "dans les meilleures conditions": practical, not a claim.
    fn practical(&self, f: &Folded, tokens: &[Token], last: usize) -> bool {
        tokens.get(last + 1).is_some_and(|t| t.sentence == tokens[last].sentence && self.lex.in_set("practical_noun", t.text(f)))
    }

    /// When the words `first..=last` belong to the reader, the token span to highlight: from a
    /// possessive shortly before, up to a possessive right after ("les vaccins de votre bébé"), from "vous" in "vous avez fait un …" / "je vous ai prescrit
    /// un …", or up to the verb in "… que vous avez passé".
    fn personal_span(&self, f: &Folded, tokens: &[Token], first: usize, last: usize) -> Option<(usize, usize)> {
        let sentence = tokens[first].sentence;
        let word = |j: usize| tokens[j].text(f);
        let same = |j: usize| tokens[j].sentence == sentence;
        let mut j = first;
        for _ in 0..3 {
            if j == 0 || !same(j - 1) {
                break;
            }
            j -= 1;
            if self.lex.in_set("possessive", word(j)) {
                return Some((j, last));
            }
            if self.lex.in_set("article", word(j)) {
                if j >= 2 && same(j - 1) && self.lex.in_set("personal_verb", word(j - 1)) {
                    let you = (j.saturating_sub(4)..j - 1).find(|&k| same(k) && matches!(word(k), "vous" | "t" | "te" | "tu"));
                    if let Some(k) = you {
                        return Some((k, last));
                    }
                }
                break;
            }
        }
        let after = |k: usize| tokens.get(k).filter(|t| t.sentence == sentence).map(|t| t.text(f));
        // "les vaccins de votre bébé", "la consultation de votre fils"
        // ("prendre acte de votre mécontentement" is about the review, not care)
        if matches!(after(last + 1), Some("de" | "du" | "d"))
            && after(last + 2).is_some_and(|w| self.lex.in_set("possessive", w))
            && !after(last + 3).is_some_and(|w| self.lex.in_set("feedback_noun", w))
        {
            return Some((first, last + 2));
        }
        let relative = matches!(after(last + 1), Some("que" | "qu"))
            && matches!(after(last + 2), Some("vous" | "tu"))
            && after(last + 3).is_some_and(|w| self.lex.in_set("personal_verb", w));
        relative.then_some((first, last + 3))
    }

    fn near_care_word(&self, f: &Folded, tokens: &[Token], at: usize) -> bool {
        let sentence = tokens[at].sentence;
        let from = at.saturating_sub(4);
        let to = (at + 3).min(tokens.len() - 1);
        (from..=to).any(|k| k != at && tokens[k].sentence == sentence && self.lex.in_set("care_trigger", tokens[k].text(f)))
    }
}

/// Checks a draft reply. See the module documentation for what is flagged and why.
pub fn check_reply(text: &str, ctx: &GuardContext) -> Vec<Finding> {
    Guard::get().check(text, ctx)
}

/// Byte ranges of short bracketed placeholders ("[mesure prise]") in the folded text.
fn placeholders(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' => open = Some(i),
            b']' => {
                if let Some(o) = open.take() {
                    if i - o <= 80 {
                        out.push((o, i + 1));
                    }
                }
            }
            b'\n' => open = None,
            _ => {}
        }
    }
    out
}

fn in_placeholder(ranges: &[(usize, usize)], start: usize, end: usize) -> bool {
    let k = ranges.partition_point(|r| r.0 <= start);
    k > 0 && end <= ranges[k - 1].1
}

/// Turns hits into findings on the original text: identical spans keep the most severe (then
/// the first category in [`Category`] order); a hit inside another of the same category and no
/// higher severity is dropped, so one problem gives one highlight. Linear after the sort: the
/// containment test keeps, per (category, severity), the furthest end seen so far.
fn merge(text: &str, folded: &Folded, mut hits: Vec<(Hit, Anchor)>) -> Vec<Finding> {
    hits.sort_by_key(|(h, _)| (h.start, std::cmp::Reverse(h.end), h.severity, h.category));
    let mut kept: Vec<(Hit, Anchor)> = Vec::with_capacity(hits.len());
    let mut furthest: std::collections::HashMap<(Category, Severity), usize> = std::collections::HashMap::new();
    let mut spans: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for (h, a) in hits {
        // a kept hit of the same category and a severity at least as high that ends after
        let covered = [Severity::Block, Severity::Warn]
            .into_iter()
            .filter(|&sev| sev <= h.severity)
            .any(|sev| furthest.get(&(h.category, sev)).is_some_and(|&e| e >= h.end));
        if spans.contains(&(h.start, h.end)) || covered {
            continue;
        }
        spans.insert((h.start, h.end));
        let e = furthest.entry((h.category, h.severity)).or_insert(0);
        *e = (*e).max(h.end);
        kept.push((h, a));
    }
    let bytes: Vec<(usize, usize)> = kept.iter().map(|(h, _)| folded.original_span(h.start, h.end)).collect();
    let utf16 = utf16_offsets(text, bytes.iter().flat_map(|&(s, e)| [s, e]));
    kept.into_iter()
        .zip(bytes)
        .map(|((h, anchor), (start, end))| {
            let (explanation, suggestion) = super::messages::texts_for(h.category, h.note, anchor, h.severity);
            Finding {
                start,
                end,
                utf16_start: utf16[&start],
                utf16_end: utf16[&end],
                matched: text[start..end].to_owned(),
                category: h.category,
                severity: h.severity,
                explanation,
                suggestion,
            }
        })
        .collect()
}

/// The UTF-16 offset of each byte offset (on char boundaries), in one pass over the text.
pub fn utf16_offsets(text: &str, offsets: impl Iterator<Item = usize>) -> std::collections::HashMap<usize, usize> {
    let mut wanted: Vec<usize> = offsets.collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = std::collections::HashMap::with_capacity(wanted.len());
    let mut units = 0;
    let mut next = wanted.iter().peekable();
    for (i, c) in text.char_indices() {
        while next.peek().is_some_and(|&&w| w <= i) {
            out.insert(*next.next().unwrap_or(&i), units);
        }
        if next.peek().is_none() {
            break;
        }
        units += c.len_utf16();
    }
    for &w in next {
        out.insert(w, units);
    }
    out
}
