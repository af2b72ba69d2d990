//! What leaves the app from the Dossiers area: the lawyer's archive (a dossier PDF — summary,
//! parties, statements and qualifications, chronology, clocks, letters with their proofs, the
//! evidence inventory with hashes — plus the letters as PDF, the evidence files and a manifest
//! of SHA-256 sums), and every dated deadline of the app as an .ics calendar.
//!
//! The archive is planned under the store's lock ([`plan`]: rows only) and written outside it
//! ([`write`]: rendering, streaming the evidence, hashing), so a 200 MB dossier never blocks the
//! window or another command.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};

use super::view::{describe, publication_text};
use crate::domain::case::basis::legal_basis;
use crate::domain::case::{clock, CaseEvent, PartyRole};
use crate::error::Error;
use crate::export::archive::{write_archive, ArchiveEntry, ArchiveReport};
use crate::export::calendar::{to_ics, CalendarItem};
use crate::letters::dossier::{
    render_dossier, DossierClock, DossierDoctor, DossierEvent, DossierEvidence, DossierLetter, DossierParty, DossierPublication,
    DossierStatement, LawyerDossier, JUDGE_ONLY,
};
use crate::store::cases as repo;
use crate::store::listings::{self as listing_repo, letters as letter_repo};
use crate::store::vault::Vault;
use crate::store::Store;
use crate::usecases::letters::{pdf_name, signer, StoredLetter};

/// Everything the archive holds, read from the store; rendered and written by [`write`].
pub struct DossierPlan {
    /// The name suggested in the save dialog.
    pub file_name: String,
    dossier: LawyerDossier,
    letters: Vec<(String, StoredLetter)>,
    evidence: Vec<(String, PathBuf)>,
}

/// A file name safe on every system: letters, digits and dashes.
fn slug(s: &str) -> String {
    let ascii = crate::domain::text::strip_accents(s).to_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(40).collect()
}

pub fn plan(store: &Store, vault: &Vault, id: i64, today: NaiveDate) -> Result<DossierPlan, Error> {
    let conn = store.conn();
    let case = repo::get(conn, id)?;
    let stored_events = repo::events(conn, id)?;
    let events: Vec<CaseEvent> = stored_events.iter().map(|e| e.event.clone()).collect();
    let evidence = repo::evidence::list(conn, id)?;
    let letter_rows = letter_repo::for_case(conn, id)?;
    let doctor = signer(store)?;

    let mut letters = Vec::new();
    let mut letter_lines = Vec::new();
    for row in &letter_rows {
        let stored = StoredLetter::from_row(row)?;
        let name = format!("courriers/{}", pdf_name(row.id, &stored));
        letter_lines.push(DossierLetter {
            kind: row.kind.label().to_owned(),
            created_on: stored.date,
            sent_on: row.sent_on,
            registered_number: row.registered_number.clone(),
            acknowledged_on: row.acknowledged_on,
            file_name: name.clone(),
        });
        letters.push((name, stored));
    }
    let mut files = Vec::new();
    let mut inventory = Vec::new();
    for (i, e) in evidence.iter().enumerate() {
        let number = i as u32 + 1;
        let name = format!("preuves/{number:02}-{}", e.stored_name.split_once('-').map_or(e.stored_name.as_str(), |(_, rest)| rest));
        files.push((name.clone(), vault.path(id, &e.stored_name)));
        inventory.push(DossierEvidence {
            number,
            file_name: name,
            kind: e.kind.label().to_owned(),
            url: e.url.clone(),
            captured_at: e.captured_at,
            visible_date: e.visible_date.clone(),
            sha256: e.sha256.clone(),
            size_bytes: e.size_bytes,
        });
    }
    let constats = events
        .iter()
        .filter_map(|e| match e {
            CaseEvent::ConstatOrdered { on, officer, reference } => Some(format!(
                "Constat commandé le {} à {officer}{}",
                crate::domain::text::french_date(*on),
                reference.as_deref().map(|r| format!(" (référence {r})")).unwrap_or_default()
            )),
            CaseEvent::ConstatDone { on, reference } => {
                Some(format!("Constat dressé le {} (référence {reference})", crate::domain::text::french_date(*on)))
            }
            _ => None,
        })
        .collect();
    let clocks = clock::clocks(&case, &events)
        .into_iter()
        .map(|c| DossierClock {
            label: c.claim.to_owned(),
            basis: format!("{} — court depuis le {}", c.basis, crate::domain::text::french_date(c.starts_on)),
            lapses_on: c.lapses_on,
            note: match (c.stopped_on, c.approximate, c.to_verify) {
                (Some(on), _, _) => Some(format!("Interrompu le {} par un acte de poursuite.", crate::domain::text::french_date(on))),
                (None, true, _) => Some("Date de publication approximative : échéance calculée au plus tôt.".into()),
                (None, false, true) => Some("Délai à vérifier selon la qualification retenue.".into()),
                _ => None,
            },
        })
        .collect();
    let dossier = LawyerDossier {
        title: case.title.clone(),
        generated_on: today,
        doctor: DossierDoctor {
            name: doctor.display_name(),
            specialty: doctor.specialty.clone(),
            address_lines: doctor.postal_address().map(|a| a.lines().to_vec()).unwrap_or_default(),
            email: doctor.email.clone(),
            phone: doctor.phone.clone(),
        },
        summary: vec![
            format!("Contenu publié sur {} à l'adresse {}.", case.site_name, case.url),
            format!("Première mise en ligne {}.", publication_text(&case.first_publication)),
            format!("Découvert le {}. État du dossier : {}.", crate::domain::text::french_date(case.discovered_on), case.status.label()),
        ],
        parties: case
            .parties
            .iter()
            .map(|p| DossierParty { role: p.role.label().to_owned(), name: p.name.clone(), known: p.identified })
            .chain(case.author.iter().filter(|_| case.party(PartyRole::Author).is_none()).map(|a| DossierParty {
                role: PartyRole::Author.label().to_owned(),
                name: a.clone(),
                known: false,
            }))
            .collect(),
        statements: case
            .statements
            .iter()
            .map(|s| DossierStatement {
                quote: s.quote.clone(),
                qualifications: s.grounds.iter().map(|g| g.label().to_owned()).collect(),
                legal_basis: s.grounds.iter().map(|g| legal_basis(*g).to_owned()).collect(),
            })
            .collect(),
        publication: DossierPublication { text: publication_text(&case.first_publication), approximate: case.first_publication.is_approximate() },
        chronology: stored_events
            .iter()
            .map(|e| {
                let (label, details) = describe(&e.event);
                let mut proof: Vec<String> = details;
                if !e.note.is_empty() {
                    proof.push(e.note.clone());
                }
                DossierEvent { date: e.event.occurred_on(), label, proof: (!proof.is_empty()).then(|| proof.join(" ; ")) }
            })
            .collect(),
        clocks,
        letters: letter_lines,
        evidence: inventory,
        constats,
        disclaimer: JUDGE_ONLY.to_owned(),
    };
    Ok(DossierPlan { file_name: format!("{today}-dossier-avocat-{}.zip", slug(&case.title)), dossier, letters, evidence: files })
}

/// Renders the dossier and the letters, then writes the archive at `dest` (temporary file,
/// flushed, renamed): nothing half-written is left if anything fails.
pub fn write(plan: DossierPlan, dest: &Path, mut progress: impl FnMut(u64, u64)) -> Result<ArchiveReport, Error> {
    let mut entries = vec![ArchiveEntry::bytes("dossier.pdf", render_dossier(&plan.dossier)?)];
    for (name, stored) in &plan.letters {
        entries.push(ArchiveEntry::bytes(name.clone(), stored.render()?));
    }
    for (name, path) in plan.evidence {
        entries.push(ArchiveEntry::file(name, path));
    }
    write_archive(dest, &entries, &mut progress).map_err(|e| {
        log::warn!("lawyer archive not written: {}", e.cause());
        Error::Document(e.message().to_owned())
    })
}

/// Every dated deadline of the app as an .ics file: each open case's lapses, alerts and periods,
/// and each listing's answer date. Returns the suggested file name and the text.
pub fn calendar(store: &Store, today: NaiveDate) -> Result<(String, String), Error> {
    let conn = store.conn();
    let mut items = Vec::new();
    for (case, events) in repo::list_with_events(conn)? {
        for (i, d) in clock::deadlines(&case, &events).into_iter().enumerate() {
            items.push(CalendarItem {
                uid: format!("case-{}-{:?}-{}-{i}@e-reputation-medecin", case.id, d.kind, d.on).to_lowercase(),
                on: d.on,
                summary: format!("{} — dossier « {} »", d.label, case.title),
                description: format!("{}\n{}\nOuvrez E-Réputation Médecin, Dossiers.", case.url, clock::NO_STOP_WARNING),
            });
        }
    }
    for view in listing_repo::list(conn, today)? {
        if let (Some(due), true) = (view.answer_deadline, view.listing.state.awaiting_answer()) {
            items.push(CalendarItem {
                uid: format!("listing-{}-answer-{}@e-reputation-medecin", view.listing.id, due.due_on),
                on: due.due_on,
                summary: format!("Réponse due de {} (demande d'effacement)", view.site_name),
                description: format!("{} ({}).\n{}", due.label, due.basis, view.listing.url),
            });
        }
    }
    items.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.uid.cmp(&b.uid)));
    Ok((format!("{today}-echeances-e-reputation-medecin.ics"), to_ics(&items, Utc::now())))
}
