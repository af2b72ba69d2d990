//! What leaves the app from the Dossiers area: the lawyer's archive (a dossier PDF — summary,
//! parties, statements and qualifications, chronology, clocks, letters with their proofs, the
//! evidence inventory with hashes — plus the letters as PDF, the evidence files and a manifest
//! of SHA-256 sums), and every dated deadline of the app as an .ics calendar.
//!
//! The archive is planned under the store's lock ([`plan`]: rows only) and written outside it
//! ([`write`]: rendering, streaming the evidence, hashing), so a 200 MB dossier never blocks the
//! window or another command.

use crate::handle::Handle;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};

use super::view::{describe, publication_text};
use erm_domain::case::basis::legal_basis;
use erm_domain::case::{clock, CaseEvent, PartyRole};
use crate::error::Error;
use erm_documents::export::archive::{write_archive, ArchiveEntry, ArchiveReport};
use erm_documents::export::calendar::{to_ics, CalendarItem};
use erm_documents::letters::dossier::{
    render_dossier, DossierClock, DossierDoctor, DossierEvent, DossierEvidence, DossierLetter, DossierParty, DossierPublication,
    DossierStatement, LawyerDossier, JUDGE_ONLY,
};
use erm_store::cases as repo;
use erm_store::listings::{self as listing_repo};
use erm_store::letters as letter_repo;
use erm_store::vault::{Integrity, Vault};
use erm_store::Store;
use crate::letters::{pdf_name, signer, StoredLetter};

/// Everything the archive holds, read from the store; rendered and written by [`write`].
pub struct DossierPlan {
    /// The name suggested in the save dialog.
    pub file_name: String,
    dossier: LawyerDossier,
    letters: Vec<(String, StoredLetter)>,
    evidence: Vec<PlannedPiece>,
    vault: Vault,
    case_id: i64,
    /// Pieces the doctor chose to pack although they no longer match their recorded digest.
    accept_modified: bool,
}

/// A piece of evidence as the archive will hold it.
struct PlannedPiece {
    name: String,
    stored_name: String,
    original_name: String,
    /// The digest recorded when the piece was taken (never recomputed into the store).
    sha256: String,
}

/// A file name safe on every system: letters, digits and dashes.
fn slug(s: &str) -> String {
    let ascii = erm_domain::text::strip_accents(s).to_lowercase();
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
        files.push(PlannedPiece { name: name.clone(), stored_name: e.stored_name.clone(), original_name: e.original_name.clone(), sha256: e.sha256.clone() });
        inventory.push(DossierEvidence {
            number,
            file_name: name,
            kind: e.kind.label().to_owned(),
            url: e.url.clone(),
            captured_at: e.captured_at,
            visible_date: e.visible_date.clone(),
            sha256: e.sha256.clone(),
            size_bytes: e.size_bytes,
            modified_sha256: None,
        });
    }
    let constats = events
        .iter()
        .filter_map(|e| match e {
            CaseEvent::ConstatOrdered { on, officer, reference } => Some(format!(
                "Constat commandé le {} à {officer}{}",
                erm_domain::text::french_date(*on),
                reference.as_deref().map(|r| format!(" (référence {r})")).unwrap_or_default()
            )),
            CaseEvent::ConstatDone { on, reference } => {
                Some(format!("Constat dressé le {} (référence {reference})", erm_domain::text::french_date(*on)))
            }
            _ => None,
        })
        .collect();
    let clocks = clock::clocks(&case, &events)
        .into_iter()
        .map(|c| DossierClock {
            label: c.claim.to_owned(),
            basis: format!("{} — court depuis le {}", c.basis, erm_domain::text::french_date(c.starts_on)),
            lapses_on: c.lapses_on,
            note: match (c.stopped_on, c.approximate, c.to_verify) {
                (Some(on), _, _) => Some(format!("Interrompu le {} par un acte de poursuite.", erm_domain::text::french_date(on))),
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
            format!("Découvert le {}. État du dossier : {}.", erm_domain::text::french_date(case.discovered_on), case.status.label()),
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
    Ok(DossierPlan {
        file_name: format!("{today}-dossier-avocat-{}.zip", slug(&case.title)),
        dossier,
        letters,
        evidence: files,
        vault: vault.clone(),
        case_id: id,
        accept_modified: false,
    })
}

/// Every piece hashed against the digest recorded when it was taken, before anything is asked
/// or written. A missing piece stops the archive; a modified one too, unless the doctor chose to
/// include it (`accept_modified`): it is then marked in the dossier with both digests.
pub fn check_pieces(mut plan: DossierPlan, accept_modified: bool) -> Result<DossierPlan, Error> {
    let (mut missing, mut modified) = (Vec::new(), Vec::new());
    for (i, piece) in plan.evidence.iter().enumerate() {
        match plan.vault.verify(plan.case_id, &piece.stored_name, &piece.sha256) {
            Ok(Integrity::Intact) => {}
            Ok(Integrity::Missing) => missing.push(format!("« {} »", piece.original_name)),
            Ok(Integrity::Modified { actual }) => modified.push((i, actual)),
            Err(e) => {
                log::warn!("evidence of case {} unreadable for the archive: {e}", plan.case_id);
                missing.push(format!("« {} »", piece.original_name));
            }
        }
    }
    if !missing.is_empty() {
        return Err(Error::Refused(format!(
            "Pièce introuvable ou illisible dans le dossier des preuves : {}. L'archive n'a pas été créée ; « Vérifier l'intégrité » dit ce qui manque.",
            missing.join(", ")
        )));
    }
    if !modified.is_empty() && !accept_modified {
        let names: Vec<String> = modified.iter().map(|(i, _)| format!("« {} »", plan.evidence[*i].original_name)).collect();
        return Err(Error::ModifiedEvidence(format!(
            "{} {} plus à l'empreinte enregistrée lors de sa prise : le fichier a changé depuis. L'archive n'a pas été créée, \
             pour qu'elle ne présente jamais une pièce modifiée comme authentique. Retrouvez l'original ; ou incluez-la quand même, \
             signalée comme « modifiée depuis son enregistrement » avec ses deux empreintes.",
            names.join(", "),
            if names.len() > 1 { "ne correspondent" } else { "ne correspond" }
        )));
    }
    for (i, actual) in modified {
        log::warn!("case {}: evidence packed although modified (the doctor chose to)", plan.case_id);
        if let Some(line) = plan.dossier.evidence.get_mut(i) {
            line.modified_sha256 = Some(actual);
        }
    }
    plan.accept_modified = accept_modified;
    Ok(plan)
}

/// Renders the dossier and the letters, then writes the archive at `dest` (temporary file,
/// flushed, renamed): nothing half-written is left if anything fails.
pub fn write(plan: DossierPlan, dest: &Path, mut progress: impl FnMut(u64, u64)) -> Result<ArchiveReport, Error> {
    let mut entries = vec![ArchiveEntry::bytes("dossier.pdf", render_dossier(&plan.dossier)?)];
    for (name, stored) in &plan.letters {
        entries.push(ArchiveEntry::bytes(name.clone(), stored.render()?));
    }
    // Each piece is hashed again as it is packed and checked against its recorded digest: a file
    // changed after `check_pieces` still stops the archive.
    for piece in &plan.evidence {
        entries.push(ArchiveEntry::evidence(piece.name.clone(), plan.vault.path(plan.case_id, &piece.stored_name), piece.sha256.clone(), plan.accept_modified));
    }
    write_archive(dest, &entries, &mut progress).map_err(|e| {
        log::warn!("lawyer archive not written: {}", e.cause());
        crate::error::archive_error(e)
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

/// « Dossier pour l'avocat »: planned under the lock, then `pick` asks where to save it (given
/// the suggested name; `None`: cancelled), then the archive is written off the lock with
/// `progress`. Returns where it was written.
pub async fn dossier(
    h: &impl Handle,
    id: i64,
    accept_modified: bool,
    pick: impl FnOnce(&str) -> Option<PathBuf> + Send,
    progress: impl FnMut(u64, u64) + Send + 'static,
) -> Result<Option<PathBuf>, Error> {
    let vault = h.vault()?;
    let today = h.today();
    let plan = h.run(move |s| plan(s, &vault, id, today)).await?;
    let plan = h.off_thread(move || check_pieces(plan, accept_modified)).await?;
    let Some(target) = pick(&plan.file_name) else { return Ok(None) };
    let path = target.clone();
    h.off_thread(move || write(plan, &path, progress)).await?;
    Ok(Some(target))
}
