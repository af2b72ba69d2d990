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
//!   phone number or email that is not the practice's), and links to booking platforms. A breach
//!   of secrecy is a criminal offence (art. 226-13 of the penal code) and cannot be undone once
//!   published, so the doctor must fix or explicitly acknowledge each one.
//! * **Warn** where judgement is needed: personal names (the heuristic also catches street names
//!   or a colleague), tone (a firm sentence is not always aggressive) and advertising wording
//!   ("le meilleur accueil possible" is a wish, "le meilleur médecin" a claim), plus "votre prise
//!   en charge", which the usual model replies use but which still points at this person's care.
//!
//! ## Context rules (the difference between a generic sentence and a breach)
//!
//! * Specific terms are flagged everywhere: "diabète", "Doliprane", "IRM", "grossesse".
//! * Generic care nouns ("consultation", "rendez-vous", "traitement", "examen", "certificat",
//!   "fils") only when they belong to the reader: a possessive up to three words before ("votre
//!   dernière consultation", "vos résultats d'analyse"), "vous avez fait un …", "je vous ai
//!   prescrit un …", or "… que vous avez passé". An article stops the search: "les consultations
//!   durent…", "convenir d'un nouveau rendez-vous", "le temps de consultation" pass.
//! * Common body parts ("dos", "main", "cœur") only near a care word ("douleur", "radio", "opéré"):
//!   "mal au dos" is flagged, "de tout cœur" is not.
//! * Times are flagged unless they are opening hours: "dès 8h", "de 8h à 19h", "entre 12h et 14h"
//!   pass, "à 10h" does not; weekdays only when they name one day ("mardi dernier", "ce jeudi",
//!   "jeudi matin"), not a habit ("le lundi matin", "du lundi au vendredi").
//! * The practice's own phone numbers, emails, website and practitioners' names (from the
//!   [`GuardContext`]) are allowed: inviting the reader to contact the practice is the advice.
//! * Inviting contact is neutral ("contacter le cabinet pour convenir d'un rendez-vous");
//!   soliciting is advertising ("prenez rendez-vous", "réservez en ligne", a Doctolib link).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::detectors;
use super::lexicon::{Lexicons, When};
use super::normalize::{tokenize, Folded, Token};

/// What is wrong with a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    CareRelationship,
    VisitDate,
    BirthDate,
    SocialSecurityNumber,
    Phone,
    Email,
    Pregnancy,
    MentalHealth,
    SickNote,
    Diagnosis,
    Treatment,
    Examination,
    Procedure,
    ThirdParty,
    PersonalName,
    Advertising,
    Tone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Must be fixed or acknowledged before the reply can be copied.
    Block,
    /// Shown for the doctor to judge.
    Warn,
}

/// One risky passage of the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Byte span into the original text, on character boundaries: `&text[start..end]`.
    pub start: usize,
    pub end: usize,
    /// The passage as written (`&text[start..end]`).
    pub matched: String,
    pub category: Category,
    pub severity: Severity,
    /// Why the passage is a problem, in French.
    pub explanation: String,
    /// What to write instead, in French.
    pub suggestion: String,
}

/// What the guard must know about the practice: its own contact details and names are allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GuardContext {
    /// The practice's phone numbers, in any usual spelling ("01 23 45 67 89", "+33 1 23…").
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    /// The practice's website(s), with or without scheme ("cabinet-dupre.fr").
    pub websites: Vec<String>,
    /// The practitioners' names as written in the profile ("Hélène Dupré").
    pub practitioner_names: Vec<String>,
    /// The reviewer's pseudonym as shown on the platform, if known.
    pub reviewer: Option<String>,
}

impl GuardContext {
    /// The context for a practice from its practitioners' profiles.
    pub fn from_practitioners(practitioners: &[crate::domain::practice::Practitioner]) -> Self {
        GuardContext {
            phones: practitioners.iter().map(|p| p.phone.clone()).collect(),
            emails: practitioners.iter().map(|p| p.email.clone()).collect(),
            websites: Vec::new(),
            practitioner_names: practitioners.iter().map(|p| format!("{} {}", p.first_name, p.last_name)).collect(),
            reviewer: None,
        }
    }
}

/// A raw detection on the folded text, before it is turned into a [`Finding`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub category: Category,
    pub severity: Severity,
    /// A more precise explanation than the category's (pseudonym, booking link…).
    pub note: Option<super::messages::Note>,
}

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
        let mut hits = Vec::new();
        for (id, first, last) in self.lex.find_all(&folded, &tokens) {
            let p = &self.lex.patterns[id as usize];
            // Personal and care matches are widened to the word that makes them personal
            // ("vos résultats", "le scanner que vous avez"), so the highlight explains itself.
            let span = match p.when {
                When::Always => Some((first, last)),
                When::Personal => self.personal_span(&folded, &tokens, first, last),
                When::Care => self
                    .personal_span(&folded, &tokens, first, last)
                    .or_else(|| self.near_care_word(&folded, &tokens, first).then_some((first, last))),
            };
            if let Some((from, to)) = span {
                let note = (p.category == Category::CareRelationship && p.severity == Severity::Warn)
                    .then_some(super::messages::Note::YourCare);
                hits.push(Hit {
                    start: tokens[from].start,
                    end: tokens[to].end,
                    category: p.category,
                    severity: p.severity,
                    note,
                });
            }
        }
        detectors::detect(&self.lex, &folded, &tokens, ctx, &mut hits);
        merge(text, &folded, hits)
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
        if matches!(after(last + 1), Some("de" | "du" | "d")) && after(last + 2).is_some_and(|w| self.lex.in_set("possessive", w)) {
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

/// Turns hits into findings on the original text: identical spans keep the most severe (then
/// the first category in [`Category`] order); a hit inside another of the same category and no
/// higher severity is dropped, so one problem gives one highlight.
fn merge(text: &str, folded: &Folded, mut hits: Vec<Hit>) -> Vec<Finding> {
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.severity, h.category));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        let redundant = kept.iter().any(|k| {
            (k.start == h.start && k.end == h.end)
                || (k.start <= h.start && h.end <= k.end && k.category == h.category && k.severity <= h.severity)
        });
        if !redundant {
            kept.push(h);
        }
    }
    kept.into_iter()
        .map(|h| {
            let (start, end) = folded.original_span(h.start, h.end);
            let (explanation, suggestion) = super::messages::texts(h.category, h.note);
            Finding {
                start,
                end,
                matched: text[start..end].to_owned(),
                category: h.category,
                severity: h.severity,
                explanation: explanation.to_owned(),
                suggestion: suggestion.to_owned(),
            }
        })
        .collect()
}

impl Category {
    pub const ALL: [Category; 17] = [
        Self::CareRelationship,
        Self::VisitDate,
        Self::BirthDate,
        Self::SocialSecurityNumber,
        Self::Phone,
        Self::Email,
        Self::Pregnancy,
        Self::MentalHealth,
        Self::SickNote,
        Self::Diagnosis,
        Self::Treatment,
        Self::Examination,
        Self::Procedure,
        Self::ThirdParty,
        Self::PersonalName,
        Self::Advertising,
        Self::Tone,
    ];

    /// The snake_case name used in lexicon files and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CareRelationship => "care_relationship",
            Self::VisitDate => "visit_date",
            Self::BirthDate => "birth_date",
            Self::SocialSecurityNumber => "social_security_number",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Pregnancy => "pregnancy",
            Self::MentalHealth => "mental_health",
            Self::SickNote => "sick_note",
            Self::Diagnosis => "diagnosis",
            Self::Treatment => "treatment",
            Self::Examination => "examination",
            Self::Procedure => "procedure",
            Self::ThirdParty => "third_party",
            Self::PersonalName => "personal_name",
            Self::Advertising => "advertising",
            Self::Tone => "tone",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Secrecy breaches block; names, tone and advertising warn (see the module documentation).
    pub fn default_severity(self) -> Severity {
        match self {
            Self::PersonalName | Self::Advertising | Self::Tone => Severity::Warn,
            _ => Severity::Block,
        }
    }
}
