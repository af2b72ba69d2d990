//! The kinds of letter the application writes and the data each one needs. The structs are
//! what the app stores in a letter row (as JSON) and hands back to regenerate the same PDF.
//! [`LetterData::check`] enforces what each checklist of the domain brief makes mandatory.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use erm_domain::deadline::{FORMAL_NOTICE_DAYS_RANGE, FORMAL_NOTICE_DEFAULT_DAYS};
use erm_domain::listing::{ReceiptBasis, RequestChannel};
use erm_domain::site::is_valid_siren;
use erm_domain::validation::Invalid;

pub use erm_domain::letter::LetterKind;

/// Shown before a formal notice is exported, and confirmed by the doctor
/// (`FormalNotice::press_clock_acknowledged`).
pub const PRESS_CLOCK_WARNING: &str = "Cette mise en demeure n'interrompt pas le délai de prescription de trois mois de l'action pour injure ou diffamation (article 65 de la loi du 29 juillet 1881), qui court depuis la première mise en ligne des propos : seul un acte de poursuite (assignation, plainte avec constitution de partie civile) l'interrompt. Surveillez la date limite indiquée dans le dossier et consultez un avocat à temps.";
/// The same clock, said of a notice to a host (shown with it, not confirmed separately).
pub const NOTICE_CLOCK_WARNING: &str = "Cette notification n'interrompt pas le délai de prescription de trois mois de l'action pour injure ou diffamation (article 65 de la loi du 29 juillet 1881), qui court depuis la première mise en ligne des propos, même si l'hébergeur retire le contenu : seul un acte de poursuite (assignation, plainte avec constitution de partie civile) l'interrompt.";
/// Shown before a host notice is exported, and confirmed by the doctor
/// (`HostNotice::false_notice_acknowledged`).
pub const FALSE_NOTICE_WARNING: &str = "Présenter sciemment à un hébergeur comme illicite un contenu que l'on sait licite, pour en obtenir le retrait, est une infraction pénale (un an d'emprisonnement et 15 000 € d'amende sous l'ancien article 6-I-4 de la LCEN ; numérotation actuelle à vérifier). Ne notifiez que des propos que vous tenez de bonne foi pour illicites.";
/// Shown before a host notice is prepared: the host's own form comes first.
pub const HOST_FORM_FIRST: &str = "Notifiez d'abord le contenu par le formulaire électronique de l'hébergeur ou de la plateforme (article 16, paragraphe 1, du règlement sur les services numériques), puis indiquez ici la date et la référence obtenue : la lettre confirme cette notification et en garde la preuve.";
/// Shown with the letters and complaints (not with the court step).
pub const NO_LAWYER_NEEDED_FOR_LETTERS: &str = "Vous pouvez faire ces démarches (courriers, notifications, plainte à la CNIL) sans avocat, mais l'avis d'un avocat ou de votre assureur (protection juridique) reste vivement recommandé.";

/// Shown before the letters that list a screenshot of the listing among their attachments: the
/// app does not take it, the doctor prints and encloses it.
pub const SCREENSHOT_TO_ENCLOSE: &str = "Ce courrier annonce en pièce jointe une copie d'écran de la fiche : l'application ne la fait pas pour vous. Ouvrez la fiche dans votre navigateur, faites une copie d'écran datée montrant l'adresse de la page, imprimez-la et joignez-la au courrier (gardez-en une copie dans votre dossier).";

/// Warnings the doctor must see (and, where a field says so, confirm) before the PDF of a
/// letter of `kind` is exported, in French.
pub fn export_warnings(kind: LetterKind) -> &'static [&'static str] {
    match kind {
        LetterKind::FormalNotice => &[PRESS_CLOCK_WARNING, NO_LAWYER_NEEDED_FOR_LETTERS],
        LetterKind::HostNotice => &[HOST_FORM_FIRST, FALSE_NOTICE_WARNING, NOTICE_CLOCK_WARNING],
        LetterKind::ErasureRequest | LetterKind::CnilComplaint => &[SCREENSHOT_TO_ENCLOSE, NO_LAWYER_NEEDED_FOR_LETTERS],
        LetterKind::DereferencingRequest => &[NO_LAWYER_NEEDED_FOR_LETTERS],
        LetterKind::EvidenceInventory => &[],
        LetterKind::FollowUp => &[PRESS_CLOCK_WARNING, NO_LAWYER_NEEDED_FOR_LETTERS],
    }
}

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
    /// The same request also sent by email or through the site's form (said in the letter).
    #[serde(default)]
    pub copy_sent: Option<CopySent>,
    /// The doctor says they never received the information article 14 of the GDPR requires
    /// (who processes their data, why, from where): only then does the letter say so (issue 22,
    /// point 12). Letters of wording 5 and before said it unconditionally.
    #[serde(default)]
    pub not_informed: bool,
}

/// A copy of a request also sent electronically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopySent {
    pub on: NaiveDate,
    pub channel: CopyChannel,
    /// The email address or the form's web address.
    pub address: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyChannel {
    Email,
    WebForm,
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
    /// Why no SIREN could be given (required when `siren` is empty).
    #[serde(default)]
    pub siren_missing_reason: Option<String>,
    /// How the request was sent (the letter says so; a registered letter needs a receipt proof).
    #[serde(default)]
    pub request_channel: Option<RequestChannel>,
    /// What `received_on` rests on: acknowledgement, first presentation, letter returned unclaimed.
    #[serde(default)]
    pub received_basis: ReceiptBasis,
    /// Date of the refusal or of the incomplete answer.
    #[serde(default)]
    pub outcome_on: Option<NaiveDate>,
    /// What the pack holds to prove the prior request (checked before the pack is made).
    #[serde(default)]
    pub evidence: RequestEvidence,
}

/// The proofs of the prior request that the CNIL asks for (domain brief §2.3, checklist F).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestEvidence {
    /// A copy of the request itself (the letter row, or the text sent by email or form).
    pub request_copy: bool,
    /// Proof of sending: registered-mail deposit slip, sent email, form confirmation.
    pub sending_proof: bool,
    /// Proof of receipt: signed acknowledgement, La Poste tracking, returned envelope.
    /// Not needed for an email or a form, whose sending proof dates the receipt.
    pub receipt_proof: bool,
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
    /// Posted to the operator at a postal address the doctor entered and checked. When false
    /// (the usual case: engines take these requests through their online form) the PDF is a
    /// copy for the file: no window address, no salutation.
    #[serde(default)]
    pub by_post: bool,
    /// The engine's online form, and when its address was last checked.
    #[serde(default)]
    pub form_url: Option<String>,
    #[serde(default)]
    pub form_checked_on: Option<NaiveDate>,
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
    /// The words, as one quote (letters written before case files)…
    #[serde(default)]
    pub quoted_words: String,
    /// … or each disputed statement quoted apart with its own qualification (a case's notice).
    #[serde(default)]
    pub statements: Vec<ContentFact>,
    pub legal_grounds: Vec<String>,
    pub factual_justification: String,
    pub prior_contact: PriorContact,
    #[serde(default)]
    pub attachments: Vec<String>,
    /// The host's own electronic mechanism, used first (DSA art. 16(1)), or why it could not be.
    #[serde(default)]
    pub electronic_notice: Option<ElectronicNotice>,
    /// The doctor confirmed reading [`FALSE_NOTICE_WARNING`] before export.
    #[serde(default)]
    pub false_notice_acknowledged: bool,
}

/// The notice made through the host's own form (DSA art. 16(1)), which comes before the letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ElectronicNotice {
    Used { on: NaiveDate, #[serde(default)] reference: Option<String> },
    Unavailable { reason: String },
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
    /// To whom the notice goes: the author (when identifiable) or the publisher (guide, palier 2).
    #[serde(default)]
    pub recipient_role: Option<NoticeRecipient>,
    /// The doctor confirmed reading [`PRESS_CLOCK_WARNING`] before export.
    #[serde(default)]
    pub press_clock_acknowledged: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeRecipient {
    /// The author of the words, when identifiable.
    Author,
    /// The publisher of the site (directeur de la publication).
    Publisher,
}

impl NoticeRecipient {
    pub fn label(self) -> &'static str {
        match self {
            NoticeRecipient::Author => "L'auteur des propos (s'il est identifiable)",
            NoticeRecipient::Publisher => "L'éditeur du site",
        }
    }
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

/// Follow-up (relance) of a host notice or a formal notice whose period ended without the
/// content being removed. Whether the period has really ended is the use case's check (it
/// knows today's date); the letter itself only states what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The letter followed up: [`LetterKind::FormalNotice`] or [`LetterKind::HostNotice`].
    pub follows: LetterKind,
    /// When the first letter was sent, and its registered-mail number.
    pub first_sent_on: NaiveDate,
    #[serde(default)]
    pub first_registered_number: Option<String>,
    /// When the first letter was received (acknowledgement of receipt), when known.
    #[serde(default)]
    pub first_received_on: Option<NaiveDate>,
    /// The period the first letter granted, in days, and the day it ended.
    pub first_period_days: u32,
    pub period_ended_on: NaiveDate,
    /// The contents still online: address, exact words, qualification.
    pub facts: Vec<ContentFact>,
    /// The new period granted, in days ([`FORMAL_NOTICE_DAYS_RANGE`]).
    pub new_period_days: u32,
    #[serde(default)]
    pub exhibits: Vec<String>,
    /// The doctor confirmed reading [`PRESS_CLOCK_WARNING`] before export.
    #[serde(default)]
    pub press_clock_acknowledged: bool,
    /// From wording 4: the day a capture showed the contents still online after the period
    /// ended (the letter says « le …, ils étaient toujours accessibles », never « à ce jour »
    /// without a fresh look).
    #[serde(default)]
    pub still_online_on: Option<NaiveDate>,
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
    FollowUp(FollowUp),
}

/// The wording version new letters are written in. Version 1 is the first wording (templates
/// kept in `assets/templates/letters/v1/`), still used to regenerate letters stored under it.
/// Version 2 (issue 8) of the erasure request and the CNIL complaint is kept in `v2/`; version 3
/// (issue 9) designates the doctor as the profile says.
/// Version 4 (issue 22) changed the follow-up; version 5 makes the evidence inventory a
/// bordereau whose digests are dated by their recording (`v4/` keeps the old one).
/// Version 6 asks before saying that article 14's information was never given (`v5/` keeps the
/// erasure request that said it unconditionally).
pub const CURRENT_WORDING: u32 = 6;

/// The period the first wording accepted; kept only so that its stored letters still render.
const FIRST_WORDING_NOTICE_DAYS: std::ops::RangeInclusive<u32> = 1..=60;

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
            LetterData::FollowUp(_) => LetterKind::FollowUp,
        }
    }

    /// The mandatory elements of each checklist, with one French message per missing field.
    pub fn check(&self) -> Result<(), Invalid> {
        self.check_wording(CURRENT_WORDING)
    }

    /// The checks of a given wording version: rows written under the first wording keep the
    /// rules they were made under, so that they still regenerate.
    pub fn check_wording(&self, wording: u32) -> Result<(), Invalid> {
        let current = wording >= 2;
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
                if let Some(c) = &d.copy_sent {
                    need(filled(&c.address), "copy_sent", "Indiquez l'adresse électronique ou le formulaire par lequel la copie a été envoyée.");
                }
            }
            LetterData::CnilComplaint(d) => {
                need(filled(&d.organisation), "organisation", "Indiquez le nom de l'organisme mis en cause.");
                need(all(&d.listing_urls), "listing_urls", "Indiquez l'adresse (URL) exacte d'au moins une fiche.");
                need(d.attachments.len() >= 2 && all(&d.attachments), "attachments",
                    "Joignez au moins la copie de votre demande et la preuve de son envoi ou de sa réception : la CNIL ne traite pas une réclamation sans elles.");
                let digits: Option<String> = d.siren.as_ref().map(|s| s.chars().filter(|c| !c.is_whitespace()).collect());
                if current {
                    match &digits {
                        Some(s) if !s.is_empty() => need(is_valid_siren(s), "siren",
                            "Ce SIREN n'est pas valide (9 chiffres et une clé de contrôle) : vérifiez-le sur annuaire-entreprises.data.gouv.fr."),
                        _ => need(d.siren_missing_reason.as_deref().is_some_and(filled), "siren",
                            "La CNIL demande le SIREN de l'organisme : relevez-le dans les mentions légales du site ou sur annuaire-entreprises.data.gouv.fr, ou expliquez pourquoi vous n'avez pas pu le trouver."),
                    }
                    need(!d.organisation_address.is_empty() && d.organisation_address.iter().all(|l| filled(l)), "organisation_address",
                        "La CNIL demande l'adresse de l'organisme mis en cause : relevez celle de son siège dans les mentions légales du site.");
                    let e = d.evidence;
                    let electronic = matches!(d.request_channel, Some(RequestChannel::Email | RequestChannel::WebForm));
                    need(e.request_copy, "evidence", "Le dossier doit contenir une copie de votre demande à l'organisme : la CNIL ne traite pas une réclamation sans elle.");
                    need(e.sending_proof, "evidence", "Le dossier doit contenir la preuve de l'envoi de votre demande (preuve de dépôt du recommandé, courriel envoyé ou accusé du formulaire).");
                    need(electronic || e.receipt_proof, "evidence",
                        "Le dossier doit contenir la preuve de la réception de votre lettre : l'avis de réception, ou à défaut le suivi La Poste (date de première présentation) ou l'enveloppe revenue non réclamée.");
                } else if let Some(digits) = &digits {
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
                need(filled(&d.quoted_words) || !d.statements.is_empty(), "quoted_words", "Citez les termes exacts du contenu : une notification sans propos cité n'est pas recevable.");
                for f in &d.statements {
                    need(filled(&f.quoted_words) && filled(&f.qualification), "statements",
                        "Chaque propos cité doit avoir ses termes exacts et sa qualification.");
                }
                need(all(&d.legal_grounds), "legal_grounds", "Indiquez au moins un fondement juridique.");
                need(filled(&d.factual_justification), "factual_justification", "Expliquez en fait pourquoi le contenu est illicite.");
                if let PriorContact::Impossible { reason } = &d.prior_contact {
                    need(filled(reason), "prior_contact", "Expliquez pourquoi l'auteur ou l'éditeur n'a pas pu être contacté.");
                }
                if current {
                    match &d.electronic_notice {
                        None => need(false, "electronic_notice", HOST_FORM_FIRST),
                        Some(ElectronicNotice::Unavailable { reason }) => need(filled(reason), "electronic_notice",
                            "Expliquez pourquoi le formulaire électronique de l'hébergeur n'a pas pu être utilisé."),
                        Some(ElectronicNotice::Used { .. }) => {}
                    }
                    need(d.false_notice_acknowledged, "false_notice_acknowledged", FALSE_NOTICE_WARNING);
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
                if current {
                    need(FORMAL_NOTICE_DAYS_RANGE.contains(&d.deadline_days), "deadline_days", &format!(
                        "Le délai doit être compris entre {} et {} jours ({FORMAL_NOTICE_DEFAULT_DAYS} jours par défaut).",
                        FORMAL_NOTICE_DAYS_RANGE.start(), FORMAL_NOTICE_DAYS_RANGE.end()));
                    need(d.recipient_role.is_some(), "recipient_role",
                        "Indiquez à qui s'adresse la mise en demeure : à l'auteur des propos, s'il est identifiable, ou à l'éditeur du site.");
                    need(d.press_clock_acknowledged, "press_clock_acknowledged", PRESS_CLOCK_WARNING);
                } else {
                    need(FIRST_WORDING_NOTICE_DAYS.contains(&d.deadline_days), "deadline_days", "Le délai doit être compris entre 1 et 60 jours (8 à 15 jours en général).");
                }
                let lower = d.demand.to_lowercase();
                need(all(&d.exhibits), "exhibits", "Joignez au moins une pièce : la capture des contenus en cause, ou le constat.");
                need(!MONEY_WORDS.iter().any(|w| lower.contains(w)), "demand",
                    "Une mise en demeure de retrait ne doit pas réclamer d'argent : lier un retrait ou une plainte à un paiement peut être qualifié de chantage. Demandez seulement le retrait.");
            }
            LetterData::FollowUp(d) => {
                need(matches!(d.follows, LetterKind::FormalNotice | LetterKind::HostNotice), "follows",
                    "Une relance fait suite à une mise en demeure ou à une notification à l'hébergeur.");
                need(!d.facts.is_empty(), "facts", "Décrivez au moins un contenu toujours en ligne (adresse, termes exacts, qualification).");
                for f in &d.facts {
                    need(filled(&f.url) && filled(&f.quoted_words) && filled(&f.qualification), "facts",
                        "Chaque contenu doit avoir son adresse, ses termes exacts et sa qualification.");
                }
                need(d.first_period_days > 0, "first_period_days", "Indiquez le délai accordé par le premier courrier.");
                if wording >= 4 {
                    need(d.still_online_on.is_some_and(|on| on > d.period_ended_on), "still_online_on",
                        "Faites d'abord une capture de la page, datée d'après la fin du délai (« Joindre une pièce » ou « Relever la page ») : la relance dit à quelle date les contenus étaient encore en ligne.");
                }
                need(d.period_ended_on >= d.first_sent_on, "period_ended_on", "Le délai ne peut pas expirer avant l'envoi du premier courrier.");
                if let Some(r) = d.first_received_on {
                    need(r >= d.first_sent_on, "first_received_on", "Le premier courrier ne peut pas avoir été reçu avant son envoi.");
                }
                need(FORMAL_NOTICE_DAYS_RANGE.contains(&d.new_period_days), "new_period_days", &format!(
                    "Le nouveau délai doit être compris entre {} et {} jours ({FORMAL_NOTICE_DEFAULT_DAYS} jours par défaut).",
                    FORMAL_NOTICE_DAYS_RANGE.start(), FORMAL_NOTICE_DAYS_RANGE.end()));
                need(d.exhibits.iter().all(|e| filled(e)), "exhibits", "Une pièce jointe n'a pas d'intitulé.");
                need(d.press_clock_acknowledged, "press_clock_acknowledged", PRESS_CLOCK_WARNING);
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
