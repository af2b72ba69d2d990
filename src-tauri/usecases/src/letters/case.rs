//! The letters of a case file: the notice to the host (DSA art. 16), the mise en demeure to the
//! author or the publisher, the follow-up when a period ended unanswered, and the evidence
//! inventory — each assembled from the case, its parties, its history and its evidence, planned
//! under the store's lock, rendered outside it and recorded in the « Courriers » register.

use crate::handle::Handle;
use chrono::NaiveDate;
use serde::Deserialize;

use super::{signer, LetterFile, StoredLetter};
use erm_domain::address::PostalAddress;
use erm_domain::case::basis::{case_legal_basis, qualification_text};
use erm_domain::case::{CaseEvent, CaseFile, CaseStatus, Evidence, FirstPublication, Party, PartyRole};
use erm_domain::validation::Invalid;
use crate::error::Error;
use erm_documents::letters::{
    Capture, ContentFact, ElectronicNotice, EvidenceInventory, FormalNotice, HostNotice, LayoutSettings, LetterData, LetterKind,
    LetterOptions, NoticeRecipient, PriorContact,
};
use erm_store::cases as repo;
use erm_store::letters::{self as letter_repo, NewLetter};
use erm_store::Store;

/// The letters a case can lead to; serialised under the same names as [`LetterKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseLetterKind {
    HostNotice,
    FormalNotice,
    FollowUp,
    EvidenceInventory,
}

impl CaseLetterKind {
    pub fn letter_kind(self) -> LetterKind {
        match self {
            CaseLetterKind::HostNotice => LetterKind::HostNotice,
            CaseLetterKind::FormalNotice => LetterKind::FormalNotice,
            CaseLetterKind::FollowUp => LetterKind::FollowUp,
            CaseLetterKind::EvidenceInventory => LetterKind::EvidenceInventory,
        }
    }

    fn file_stem(self) -> &'static str {
        match self {
            CaseLetterKind::HostNotice => "notification-hebergeur",
            CaseLetterKind::FormalNotice => "mise-en-demeure",
            CaseLetterKind::FollowUp => "relance",
            CaseLetterKind::EvidenceInventory => "inventaire-preuves",
        }
    }
}

/// What the doctor adds in the letter's form, beyond what the case holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct CaseLetterExtras {
    /// Host notice: the notice made first through the host's own form (date typed JJ/MM/AAAA
    /// and reference), or why it could not be used.
    pub electronic_notice_on: String,
    pub electronic_notice_reference: String,
    pub electronic_notice_unavailable: String,
    /// Host notice: why the author or the publisher could not be written to first (when no
    /// mise en demeure is recorded).
    pub prior_contact_reason: String,
    /// Host notice: why, in fact, the content is illicit.
    pub factual_justification: String,
    /// Host notice: the doctor read the false-notice warning.
    pub false_notice_acknowledged: bool,
    /// Mise en demeure and follow-up: to whom (author or publisher), the period in days.
    pub recipient_role: Option<PartyRole>,
    pub deadline_days: Option<u32>,
    /// Mise en demeure and follow-up: the doctor read the press-clock warning.
    pub press_clock_acknowledged: bool,
}

/// A case letter assembled under the store's lock, not yet rendered nor recorded.
pub struct Planned {
    pub kind: CaseLetterKind,
    pub case_id: i64,
    pub stored: StoredLetter,
    /// The case's update stamp when it was read: [`record`] refuses if it moved on.
    seen: String,
}

fn party(case: &CaseFile, role: PartyRole) -> Result<&Party, Error> {
    case.party(role).ok_or_else(|| {
        Error::Invalid(Invalid::single(
            "parties",
            format!("Ajoutez au dossier la partie « {} » (nom et adresse postale) : le courrier lui est adressé.", role.label()),
        ))
    })
}

/// The window block of a party: its name, then its postal address.
fn recipient(p: &Party) -> Result<Vec<String>, Error> {
    if p.address_lines.iter().all(|l| l.trim().is_empty()) {
        return Err(Error::Invalid(Invalid::single(
            "parties",
            format!("Indiquez l'adresse postale de « {} » ({}) : relevez-la dans les mentions légales du site.", p.name, p.role.label().to_lowercase()),
        )));
    }
    let mut lines = vec![p.name.clone()];
    lines.extend(p.address_lines.iter().filter(|l| !l.trim().is_empty()).cloned());
    PostalAddress::parse("parties", &lines).map_err(Error::from)?;
    Ok(lines)
}

fn published_on(case: &CaseFile) -> Option<NaiveDate> {
    match case.first_publication {
        FirstPublication::Exact { on } => Some(on),
        FirstPublication::Approximate { .. } => None,
    }
}

fn facts(case: &CaseFile) -> Vec<ContentFact> {
    case.statements
        .iter()
        .map(|s| ContentFact {
            url: case.url.clone(),
            published_on: published_on(case),
            quoted_words: s.quote.clone(),
            qualification: qualification_text(&s.grounds),
        })
        .collect()
}

/// How an evidence item is listed among a letter's attachments.
fn exhibit(e: &Evidence) -> String {
    format!("{} — {} ({}, SHA-256 {}…)", e.original_name, e.kind.label(), e.captured_at.format("%d/%m/%Y %H:%M"), &e.sha256[..16])
}

fn form_date(raw: &str, field: &str, what: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let d = erm_domain::validation::parse_form_date(field, raw, what)?;
    if d > today {
        return Err(Invalid::single(field, "Cette date est dans le futur."));
    }
    Ok(d)
}

/// Assembles the letter of `kind` for case `id` (read only: nothing is written).
pub fn plan(
    store: &Store,
    id: i64,
    kind: CaseLetterKind,
    extras: &CaseLetterExtras,
    layout: LayoutSettings,
    today: NaiveDate,
) -> Result<Planned, Error> {
    let conn = store.conn();
    let case = repo::get(conn, id)?;
    if case.status == CaseStatus::Closed {
        return Err(Error::Refused("Ce dossier est clos : rouvrez-le avant de préparer un courrier.".into()));
    }
    let events: Vec<CaseEvent> = repo::events(conn, id)?.into_iter().map(|e| e.event).collect();
    let evidence = repo::evidence::list(conn, id)?;
    let sender = signer(store)?;
    let exhibits: Vec<String> = evidence.iter().map(exhibit).collect();
    let (letter, recipient_lines) = match kind {
        CaseLetterKind::HostNotice => {
            let host = party(&case, PartyRole::Host);
            let electronic_notice = if !extras.electronic_notice_unavailable.trim().is_empty() {
                Some(ElectronicNotice::Unavailable { reason: extras.electronic_notice_unavailable.trim().to_owned() })
            } else if !extras.electronic_notice_on.trim().is_empty() {
                let on = form_date(&extras.electronic_notice_on, "electronic_notice", "la date de la notification par le formulaire", today)?;
                let r = extras.electronic_notice_reference.trim();
                Some(ElectronicNotice::Used { on, reference: (!r.is_empty()).then(|| r.to_owned()) })
            } else {
                None
            };
            // The last mise en demeure is the prior contact; without one, the doctor says why (the
            // form asks for it by the same rule: `case_form::prior_contact_on_record`).
            let prior_contact = super::case_form::prior_contact_on_record(&case, &events)
                .unwrap_or_else(|| PriorContact::Impossible { reason: extras.prior_contact_reason.trim().to_owned() });
            let letter = LetterData::HostNotice(HostNotice {
                host_name: host.as_ref().map(|h| h.name.clone()).unwrap_or_default(),
                urls: vec![case.url.clone()],
                author_pseudonym: case.author.clone(),
                published_on: published_on(&case),
                description: format!(
                    "Contenu publié sur {} et me visant, mis en ligne pour la première fois {}. Chaque propos contesté est cité ci-dessous avec sa qualification.",
                    case.site_name,
                    erm_domain::case::publication_text(&case.first_publication)
                ),
                quoted_words: String::new(),
                statements: facts(&case),
                legal_grounds: case_legal_basis(&case.grounds()),
                factual_justification: extras.factual_justification.trim().to_owned(),
                prior_contact,
                attachments: exhibits,
                electronic_notice,
                false_notice_acknowledged: extras.false_notice_acknowledged,
            });
            (letter, host.and_then(recipient))
        }
        CaseLetterKind::FormalNotice | CaseLetterKind::FollowUp => {
            let role = extras.recipient_role.ok_or_else(|| {
                Invalid::single("recipient_role", "Indiquez à qui s'adresse le courrier : à l'auteur des propos, s'il est identifiable, ou à l'éditeur du site.")
            })?;
            let notice_role = match role {
                PartyRole::Author => NoticeRecipient::Author,
                PartyRole::Publisher => NoticeRecipient::Publisher,
                PartyRole::Host => {
                    return Err(Invalid::single("recipient_role", "La mise en demeure s'adresse à l'auteur ou à l'éditeur ; l'hébergeur reçoit une notification.").into())
                }
            };
            let to = party(&case, role);
            let days = extras.deadline_days.unwrap_or(erm_domain::deadline::FORMAL_NOTICE_DEFAULT_DAYS);
            let letter = if kind == CaseLetterKind::FormalNotice {
                LetterData::FormalNotice(FormalNotice {
                    facts: facts(&case),
                    legal_basis: case_legal_basis(&case.grounds()),
                    demand: "retirer les propos cités ci-dessus et cesser de les publier".into(),
                    deadline_days: days,
                    exhibits: exhibits.clone(),
                    recipient_role: Some(notice_role),
                    press_clock_acknowledged: extras.press_clock_acknowledged,
                })
            } else {
                follow_up(&case, &events, &evidence, days, &exhibits, extras.press_clock_acknowledged, today)?
            };
            (letter, to.and_then(recipient))
        }
        CaseLetterKind::EvidenceInventory => {
            let captures = evidence
                .iter()
                .map(|e| Capture {
                    file_name: e.original_name.clone(),
                    url: e.url.clone().unwrap_or_else(|| case.url.clone()),
                    captured_at: e.captured_at,
                    sha256: e.sha256.clone(),
                    note: (!e.note.is_empty()).then(|| e.note.clone()),
                })
                .collect();
            let letter = LetterData::EvidenceInventory(EvidenceInventory { case_title: case.title.clone(), captures });
            // Kept for the file and attached to the notices: addressed to the doctor.
            (letter, sender.postal_address().map(|a| a.lines().to_vec()).map_err(Error::from))
        }
    };
    let options = LetterOptions { layout, registered: kind != CaseLetterKind::EvidenceInventory, ..Default::default() };
    // Every fault at once: the letter's checklist and a missing or unreadable recipient.
    let mut inv = letter.check_wording(options.wording).err().unwrap_or_default();
    let recipient_lines = match recipient_lines {
        Ok(lines) => lines,
        Err(Error::Invalid(i)) => {
            // « add the host to the case » says all there is to say about its missing name.
            inv.errors.retain(|e| e.field != "host_name");
            inv.errors.extend(i.errors);
            Vec::new()
        }
        Err(e) => return Err(e),
    };
    if !inv.is_empty() {
        // The checklist names the letter's part; the form names the field the doctor types.
        return Err(Error::from(inv).rename_field("prior_contact", "prior_contact_reason"));
    }
    let file_name = format!("{today}-{}-dossier-{id}.pdf", kind.file_stem());
    let stored = StoredLetter { letter, sender, recipient: recipient_lines, date: today, options, file_name };
    Ok(Planned { kind, case_id: id, stored, seen: case.updated_at })
}

/// The follow-up of the last mise en demeure, once its period ended without the content going.
fn follow_up(
    case: &CaseFile,
    events: &[CaseEvent],
    evidence: &[Evidence],
    days: u32,
    exhibits: &[String],
    acknowledged: bool,
    today: NaiveDate,
) -> Result<LetterData, Error> {
    let sent = events.iter().rev().find_map(|e| match e {
        CaseEvent::FormalNoticeSent { on, deadline_days, registered_number, .. } => Some((*on, *deadline_days, registered_number.clone())),
        _ => None,
    });
    let Some((sent_on, first_days, registered_number)) = sent else {
        return Err(Error::Refused("Une relance suit une mise en demeure : enregistrez d'abord son envoi.".into()));
    };
    let received_on = events.iter().rev().find_map(|e| match e {
        CaseEvent::FormalNoticeReceived { on, .. } if *on >= sent_on => Some(*on),
        _ => None,
    });
    let Some(received_on) = received_on else {
        return Err(Error::Refused("Enregistrez d'abord la réception de la mise en demeure (avis de réception ou première présentation) : le délai court de cette date.".into()));
    };
    let ended_on = erm_domain::deadline::formal_notice_due(received_on, first_days).due_on;
    if ended_on >= today {
        return Err(Error::Refused(format!(
            "Le délai laissé par la mise en demeure court jusqu'au {} : la relance se prépare une fois ce délai passé.",
            erm_domain::text::french_date(ended_on)
        )));
    }
    // The presence of the contents is dated by the latest capture taken after the period ended.
    let still_online_on = evidence.iter().map(|e| e.captured_at.date()).filter(|on| *on > ended_on).max();
    Ok(LetterData::FollowUp(erm_documents::letters::FollowUp {
        follows: LetterKind::FormalNotice,
        first_sent_on: sent_on,
        first_registered_number: registered_number,
        first_received_on: Some(received_on),
        first_period_days: first_days,
        period_ended_on: ended_on,
        facts: facts(case),
        new_period_days: days,
        exhibits: exhibits.to_vec(),
        press_clock_acknowledged: acknowledged,
        still_online_on,
    }))
}

/// Records a planned letter once its PDF rendered; refused when the case changed meanwhile.
pub fn record(store: &mut Store, planned: &Planned) -> Result<LetterFile, Error> {
    let new = NewLetter {
        kind: planned.kind.letter_kind(),
        listing_id: None,
        case_id: Some(planned.case_id),
        recipient: serde_json::json!(planned.stored.recipient),
        data: planned.stored.to_json()?,
    };
    let row = store.transaction(|tx| {
        if repo::get(tx, planned.case_id)?.updated_at != planned.seen {
            return Err(Error::Refused("Le dossier a changé pendant la préparation du courrier : demandez-le à nouveau.".into()));
        }
        Ok(letter_repo::insert(tx, &new)?)
    })?;
    let file_name = super::pdf_name(row.id, &planned.stored);
    Ok(LetterFile { row, file_name, form_text: None })
}

/// The step of the case a letter's posting records: the host notified, the mise en demeure or
/// the follow-up sent. `None` for a letter that is not about a case or moves nothing.
pub fn posting_event(row: &erm_store::letters::LetterRow) -> Result<Option<CaseEvent>, Error> {
    let (Some(_), Some(on)) = (row.case_id, row.sent_on) else { return Ok(None) };
    let stored = StoredLetter::from_row(row)?;
    Ok(match &stored.letter {
        LetterData::HostNotice(n) => Some(CaseEvent::HostNotified {
            on,
            host: n.host_name.clone(),
            reference: match &n.electronic_notice {
                Some(ElectronicNotice::Used { reference, .. }) => reference.clone(),
                _ => None,
            },
            registered_number: row.registered_number.clone(),
            letter_id: Some(row.id),
        }),
        LetterData::FormalNotice(n) => Some(CaseEvent::FormalNoticeSent {
            on,
            to: match n.recipient_role {
                Some(NoticeRecipient::Author) => PartyRole::Author,
                _ => PartyRole::Publisher,
            },
            deadline_days: n.deadline_days,
            registered_number: row.registered_number.clone(),
            letter_id: Some(row.id),
        }),
        LetterData::FollowUp(_) => Some(CaseEvent::FollowUpSent { on, letter_id: Some(row.id) }),
        _ => None,
    })
}

/// Writes a case's letter: assembled under the store's lock with the saved envelope settings,
/// rendered outside it, then recorded in the register.
pub async fn generate(h: &impl Handle, id: i64, kind: CaseLetterKind, extras: CaseLetterExtras) -> Result<super::Generated, Error> {
    let today = h.today();
    let planned = h
        .run(move |s| {
            let layout = crate::settings::envelope(s)?;
            plan(s, id, kind, &extras, layout, today)
        })
        .await?;
    super::render_and_record(h, planned, |p| &p.stored, |s, p| record(s, p), kind.letter_kind()).await
}
