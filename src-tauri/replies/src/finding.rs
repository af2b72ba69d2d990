//! The guard's shared types: what a finding is ([`Finding`], [`Category`], [`Severity`]), what
//! the guard must know about the practice ([`GuardContext`]), and the raw detections ([`Hit`],
//! [`Note`]) the rules hand to `secrecy.rs`. Every file of the guard imports this one, and this one
//! imports none of them, so there is no import cycle between the guard's files.

use serde::{Deserialize, Serialize};

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

/// How much a finding stops the doctor. The only severity type of the crate.
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
    /// The same span in UTF-16 code units (JavaScript's `String.prototype.slice`), computed in
    /// one pass over the text for all findings.
    pub utf16_start: usize,
    pub utf16_end: usize,
    /// The passage as written (`&text[start..end]`).
    pub matched: String,
    pub category: Category,
    pub severity: Severity,
    /// Why the passage is a problem, in French, in terms of whom the sentence is about.
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
    pub fn from_practitioners(practitioners: &[erm_domain::practice::Practitioner]) -> Self {
        GuardContext {
            phones: practitioners.iter().map(|p| p.phone.clone()).collect(),
            emails: practitioners.iter().map(|p| p.email.clone()).collect(),
            websites: Vec::new(),
            practitioner_names: practitioners.iter().map(|p| format!("{} {}", p.first_name, p.last_name)).collect(),
            reviewer: None,
        }
    }
}

/// Cases that deserve a more precise text than their category's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// "votre prise en charge", "votre fidélité": usual in model replies, yet about this person.
    YourCare,
    /// The reviewer's pseudonym, from the guard context.
    Pseudonym,
    /// A link to an online booking platform.
    BookingLink,
    /// A link to a site other than the practice's.
    OtherLink,
    /// Shouting in capitals or repeated exclamation marks.
    Shouting,
    /// A sentence about the reader that tells what happened between them and the practice
    /// (a visit, an exam, a cancellation, how long they have been coming), without a medical term.
    Narration,
    /// A name after "Madame", "Monsieur"…: it names the patient publicly.
    CivilityName,
    /// A health or care word in a sentence about patients in general, not about the reader.
    General,
    /// A denial of care or a third person narrated: about one person, whatever the sentence.
    Particular,
}

/// Whom the sentence holding a hit is about (see `anchor.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    /// Nothing tells: the words decide.
    #[default]
    Unknown,
    /// The person who wrote the review (second person, pseudonym, civility + name).
    Reader,
    /// A relative of the reader or another named person.
    Third,
    /// The practice, patients in general, everyone.
    General,
}

/// A raw detection on the folded text, before it is turned into a [`Finding`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub category: Category,
    pub severity: Severity,
    /// A more precise explanation than the category's (pseudonym, booking link…).
    pub note: Option<Note>,
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

    /// Health data: conditions, treatments, exams, procedures and body parts, pregnancy, mental
    /// health, sick notes.
    pub fn is_health(self) -> bool {
        matches!(
            self,
            Self::Pregnancy
                | Self::MentalHealth
                | Self::SickNote
                | Self::Diagnosis
                | Self::Treatment
                | Self::Examination
                | Self::Procedure
        )
    }
}
