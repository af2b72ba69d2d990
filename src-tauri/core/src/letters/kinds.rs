//! The kinds of letter the application writes and the data each one needs. The structs are
//! what the app stores in a letter row (as JSON) and hands back to regenerate the same PDF.
//! [`LetterData::check`] enforces what each checklist of the domain brief makes mandatory.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::validation::Invalid;

pub use crate::domain::letter::LetterKind;

/// RGPD objection + erasure request to a directory publisher (checklist C).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureRequest {
    pub site_name: String,
    pub listing_urls: Vec<String>,
    /// What the listing shows: "nom et prénom", "adresse du cabinet", "avis de patients"…
    pub data_shown: Vec<String>,
    pub found_on: NaiveDate,
    /// The site publishes reviews: adds the consumer-code question (L.111-7-2).
    #[serde(default)]
    pub shows_reviews: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChronologyEntry {
    pub date: NaiveDate,
    pub event: String,
}

/// How the publisher answered, which decides whether a complaint may already be filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestOutcome {
    NoAnswer,
    Refused,
    Incomplete,
}

/// CNIL complaint pack: summary, chronology and attachments (checklist F).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CnilComplaint {
    pub organisation: String,
    pub siren: Option<String>,
    pub organisation_address: Vec<String>,
    pub site_name: String,
    pub listing_urls: Vec<String>,
    pub request_sent_on: NaiveDate,
    /// Acknowledgement date of the registered letter, when known.
    pub received_on: Option<NaiveDate>,
    pub registered_number: Option<String>,
    /// Computed by the deadline rules (one month after receipt, or three with an extension).
    pub deadline: NaiveDate,
    pub outcome: RequestOutcome,
    /// What the publisher answered, in a sentence, for a refusal or an incomplete answer.
    #[serde(default)]
    pub outcome_detail: Option<String>,
    /// Other dated events (reminders, replies, checks); sending, receipt and deadline are added.
    #[serde(default)]
    pub events: Vec<ChronologyEntry>,
    /// Must include a copy of the request and the proof of sending or receipt.
    pub attachments: Vec<String>,
}

/// Dereferencing request to a search engine: text for its form plus a printable copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DereferencingRequest {
    pub engine_name: String,
    pub urls: Vec<String>,
    /// The name as typed in the search box ("Hélène Dupré").
    pub searched_name: String,
    /// When erasure was asked from the site itself (the CNIL advises doing both).
    #[serde(default)]
    pub erasure_requested_on: Option<NaiveDate>,
    /// Extra grounds in the doctor's words, one per entry.
    #[serde(default)]
    pub extra_grounds: Vec<String>,
    #[serde(default)]
    pub attachments: Vec<String>,
}

/// What the notifier did before writing to the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriorContact {
    Sent { on: NaiveDate, to: String },
    Impossible { reason: String },
}

/// Notice to a host under DSA art. 16 (checklist D).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostNotice {
    pub host_name: String,
    pub urls: Vec<String>,
    #[serde(default)]
    pub author_pseudonym: Option<String>,
    #[serde(default)]
    pub published_on: Option<NaiveDate>,
    pub description: String,
    pub quoted_words: String,
    pub legal_grounds: Vec<String>,
    pub factual_justification: String,
    pub prior_contact: PriorContact,
    #[serde(default)]
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentFact {
    pub url: String,
    pub published_on: Option<NaiveDate>,
    pub quoted_words: String,
    /// "propos diffamatoires (art. 29 de la loi du 29 juillet 1881)"…
    pub qualification: String,
}

/// Mise en demeure to an author or publisher (checklist E).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormalNotice {
    pub facts: Vec<ContentFact>,
    pub legal_basis: Vec<String>,
    /// What must be done, as an infinitive clause: "retirer les propos cités ci-dessus".
    pub demand: String,
    pub deadline_days: u32,
    pub exhibits: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capture {
    pub file_name: String,
    pub url: String,
    pub captured_at: NaiveDateTime,
    pub sha256: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// List of captures with their address, time and SHA-256 digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceInventory {
    pub case_title: String,
    pub captures: Vec<Capture>,
}

/// One letter's data, tagged with its kind: `{"kind": "erasure_request", "data": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum LetterData {
    ErasureRequest(ErasureRequest),
    CnilComplaint(CnilComplaint),
    DereferencingRequest(DereferencingRequest),
    HostNotice(HostNotice),
    FormalNotice(FormalNotice),
    EvidenceInventory(EvidenceInventory),
}

/// Words that turn a demand into a demand for money, which a formal notice must not carry.
const MONEY_WORDS: [&str; 8] = ["€", "euro", "somme", "payer", "paiement", "indemnit", "versement", "dédommag"];

impl LetterData {
    pub fn kind(&self) -> LetterKind {
        match self {
            LetterData::ErasureRequest(_) => LetterKind::ErasureRequest,
            LetterData::CnilComplaint(_) => LetterKind::CnilComplaint,
            LetterData::DereferencingRequest(_) => LetterKind::DereferencingRequest,
            LetterData::HostNotice(_) => LetterKind::HostNotice,
            LetterData::FormalNotice(_) => LetterKind::FormalNotice,
            LetterData::EvidenceInventory(_) => LetterKind::EvidenceInventory,
        }
    }

    /// The mandatory elements of each checklist, with one French message per missing field.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        let mut need = |ok: bool, field: &str, msg: &str| {
            if !ok {
                inv.push(field, msg);
            }
        };
        let filled = |s: &str| !s.trim().is_empty();
        let all = |v: &[String]| !v.is_empty() && v.iter().all(|s| filled(s));
        match self {
            LetterData::ErasureRequest(d) => {
                need(filled(&d.site_name), "site_name", "Indiquez le nom du site qui publie la fiche.");
                need(all(&d.listing_urls), "listing_urls", "Indiquez l'adresse (URL) exacte d'au moins une fiche.");
                need(all(&d.data_shown), "data_shown", "Indiquez quelles données la fiche affiche (nom, adresse, avis…).");
            }
            LetterData::CnilComplaint(d) => {
                need(filled(&d.organisation), "organisation", "Indiquez le nom de l'organisme mis en cause.");
                need(all(&d.listing_urls), "listing_urls", "Indiquez l'adresse (URL) exacte d'au moins une fiche.");
                need(d.attachments.len() >= 2 && all(&d.attachments), "attachments",
                    "Joignez au moins la copie de votre demande et la preuve de son envoi ou de sa réception : la CNIL ne traite pas une réclamation sans elles.");
                if let Some(s) = &d.siren {
                    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                    need(digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit()), "siren", "Le SIREN compte 9 chiffres.");
                }
                need(d.deadline >= d.request_sent_on, "deadline", "L'échéance ne peut pas précéder l'envoi de la demande.");
            }
            LetterData::DereferencingRequest(d) => {
                need(filled(&d.engine_name), "engine_name", "Indiquez le moteur de recherche.");
                need(all(&d.urls), "urls", "Indiquez l'adresse (URL) exacte d'au moins un résultat.");
                need(filled(&d.searched_name), "searched_name", "Indiquez le nom tel qu'il est tapé dans le moteur.");
            }
            LetterData::HostNotice(d) => {
                need(filled(&d.host_name), "host_name", "Indiquez l'hébergeur ou la plateforme.");
                need(all(&d.urls), "urls", "Indiquez l'adresse (URL) exacte du contenu.");
                need(filled(&d.description), "description", "Décrivez le contenu en cause.");
                need(filled(&d.quoted_words), "quoted_words", "Citez les termes exacts du contenu.");
                need(all(&d.legal_grounds), "legal_grounds", "Indiquez au moins un fondement juridique.");
                need(filled(&d.factual_justification), "factual_justification", "Expliquez en fait pourquoi le contenu est illicite.");
                if let PriorContact::Impossible { reason } = &d.prior_contact {
                    need(filled(reason), "prior_contact", "Expliquez pourquoi l'auteur ou l'éditeur n'a pas pu être contacté.");
                }
            }
            LetterData::FormalNotice(d) => {
                need(!d.facts.is_empty(), "facts", "Décrivez au moins un contenu (adresse, termes exacts, qualification).");
                for f in &d.facts {
                    need(filled(&f.url) && filled(&f.quoted_words) && filled(&f.qualification), "facts",
                        "Chaque contenu doit avoir son adresse, ses termes exacts et sa qualification.");
                }
                need(all(&d.legal_basis), "legal_basis", "Indiquez au moins un fondement juridique.");
                need(filled(&d.demand), "demand", "Indiquez précisément ce que vous demandez.");
                need((1..=60).contains(&d.deadline_days), "deadline_days", "Le délai doit être compris entre 1 et 60 jours (8 à 15 jours en général).");
                let lower = d.demand.to_lowercase();
                need(all(&d.exhibits), "exhibits", "Joignez au moins une pièce : la capture des contenus en cause, ou le constat.");
                need(!MONEY_WORDS.iter().any(|w| lower.contains(w)), "demand",
                    "Une mise en demeure de retrait ne doit pas réclamer d'argent : lier un retrait ou une plainte à un paiement peut être qualifié de chantage. Demandez seulement le retrait.");
            }
            LetterData::EvidenceInventory(d) => {
                need(filled(&d.case_title), "case_title", "Donnez un intitulé au dossier.");
                need(!d.captures.is_empty(), "captures", "L'inventaire ne contient aucune capture.");
                for c in &d.captures {
                    need(c.sha256.len() == 64 && c.sha256.bytes().all(|b| b.is_ascii_hexdigit()), "captures",
                        "Chaque capture doit avoir une empreinte SHA-256 de 64 caractères hexadécimaux.");
                }
            }
        }
        inv.into_result(())
    }
}
