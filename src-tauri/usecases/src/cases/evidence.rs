//! Evidence of a case: a file the doctor attaches (screenshot, saved page, constat…) or a page
//! the app fetches itself, copied into the data folder, never modified, with its SHA-256 taken
//! at import and checked again on demand. Copying and hashing run outside the store's lock: the
//! shell calls [`target`] (under the lock), then the vault (without it), then [`record`].

use std::path::PathBuf;

use crate::cases::view::CaseDetail;
use crate::handle::Handle;
use erm_store::vault::MAX_EVIDENCE_BYTES;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use erm_domain::case::{CaseStatus, Evidence, EvidenceKind, NewEvidence};
use erm_domain::text::{plain_line, plain_text};
use erm_domain::validation::{calendar_date, clean, Invalid};
use erm_domain::web::parse_web_address;
use crate::error::Error;
use erm_store::cases as repo;
use erm_store::vault::{Integrity, StoredFile, Vault};
use erm_store::Store;

/// What the doctor says of a file being attached.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct EvidenceForm {
    pub kind: Option<EvidenceKind>,
    /// The page the capture shows.
    pub url: String,
    /// When the capture was taken: JJ/MM/AAAA and HH:MM.
    pub captured_on: String,
    pub captured_time: String,
    /// The publication date visible on the page, as written there.
    pub visible_date: String,
    pub note: String,
}

const MAX_NOTE_CHARS: usize = 2_000;

impl EvidenceForm {
    /// The evidence metadata, every fault reported on its field in French.
    pub fn to_new(&self, original_name: &str, today: NaiveDate) -> Result<NewEvidence, Invalid> {
        let mut inv = Invalid::new();
        let url = self.url.trim();
        if !url.is_empty() {
            if let Err(e) = parse_web_address(url) {
                inv.push("url", e.message(url));
            }
        }
        let date = calendar_date(&self.captured_on);
        if date.is_none() {
            inv.push("captured_on", "Indiquez le jour de la capture (une date au format JJ/MM/AAAA).");
        }
        let time = match self.captured_time.trim() {
            "" => Some(NaiveTime::MIN),
            t => NaiveTime::parse_from_str(t, "%H:%M").or_else(|_| NaiveTime::parse_from_str(t, "%Hh%M")).ok(),
        };
        if time.is_none() {
            inv.push("captured_time", "Indiquez l'heure de la capture au format HH:MM (par exemple 14:05), ou laissez vide.");
        }
        if date.is_some_and(|d| d > today) {
            inv.push("captured_on", "La capture ne peut pas être datée du futur.");
        }
        if self.note.chars().count() > MAX_NOTE_CHARS || self.visible_date.chars().count() > 200 {
            inv.push("note", "Cette note est trop longue (2 000 caractères au plus).");
        }
        let kind = self.kind.unwrap_or_else(|| kind_from_name(original_name));
        inv.into_result(NewEvidence {
            kind,
            // A newline or a reordering character in a file's name would run the inventory's
            // lines together or read backwards (« …exe.png »): the name is kept as plain text.
            original_name: plain_line(original_name),
            url: (!url.is_empty()).then(|| url.to_owned()),
            captured_at: NaiveDateTime::new(date.unwrap_or(today), time.unwrap_or(NaiveTime::MIN)),
            visible_date: Some(clean(&self.visible_date)).filter(|s| !s.is_empty()),
            note: plain_text(&self.note),
        })
    }
}

/// A kind guessed from the file's extension, when the doctor did not choose one.
pub fn kind_from_name(name: &str) -> EvidenceKind {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "webp" | "gif" | "bmp" => EvidenceKind::Screenshot,
        "pdf" => EvidenceKind::Pdf,
        "html" | "htm" | "mhtml" | "mht" => EvidenceKind::Html,
        _ => EvidenceKind::Other,
    }
}

/// Checks, under the lock, that evidence may be added to case `id` (it exists and is not closed).
pub fn target(store: &Store, id: i64) -> Result<(), Error> {
    let case = repo::get(store.conn(), id)?;
    if case.status == CaseStatus::Closed {
        return Err(Error::Refused("Ce dossier est clos : aucune pièce ne peut y être ajoutée.".into()));
    }
    Ok(())
}

/// Records a file the vault has copied. If the row cannot be written the copy is removed, so the
/// folder never holds a file the store does not know.
pub fn record(store: &mut Store, vault: &Vault, case_id: i64, new: &NewEvidence, file: &StoredFile) -> Result<Evidence, Error> {
    let out = store.transaction(|tx| repo::evidence::insert(tx, case_id, new, &file.stored_name, &file.sha256, file.size_bytes));
    if out.is_err() {
        vault.discard(case_id, &file.stored_name);
    }
    Ok(out?)
}

/// A page the app fetched itself, as evidence: the raw record (addresses, time, status,
/// headers, then the body byte for byte) and its description.
pub fn from_capture(page: &erm_net::capture::PageCapture, note: &str) -> (NewEvidence, Vec<u8>) {
    let new = NewEvidence {
        kind: EvidenceKind::PageFetch,
        original_name: page.record_name(),
        url: Some(page.url.clone()),
        captured_at: page.fetched_at.naive_utc(),
        visible_date: None,
        note: format!("Relevé par l'application (heure UTC), réponse {}. {}", page.status_line, plain_text(note)).trim().to_owned(),
    };
    (new, page.to_record_bytes())
}

/// One piece's integrity, as the screen reports it.
#[derive(Debug, Clone, Serialize)]
pub struct IntegrityRow {
    pub id: i64,
    pub original_name: String,
    pub intact: bool,
    /// French, for a modified or missing file.
    pub problem: Option<String>,
}

/// The pieces of case `id`, read under the lock, to be checked outside it with [`verify`].
pub fn pieces(store: &Store, id: i64) -> Result<Vec<Evidence>, Error> {
    repo::get(store.conn(), id)?;
    Ok(repo::evidence::list(store.conn(), id)?)
}

/// Hashes every piece again and compares with the digest taken at import; nothing is repaired.
pub fn verify(vault: &Vault, pieces: &[Evidence]) -> Vec<IntegrityRow> {
    pieces
        .iter()
        .map(|e| {
            let problem = match vault.verify(e.case_id, &e.stored_name, &e.sha256) {
                Ok(Integrity::Intact) => None,
                Err(err) => Some(err.to_string()),
                Ok(Integrity::Modified { actual }) => Some(format!(
                    "« {} » a été modifié depuis son ajout le {} : son empreinte est maintenant {actual} au lieu de {}. Ne l'utilisez pas comme preuve ; retrouvez l'original.",
                    e.original_name, added_on(&e.added_at), e.sha256
                )),
                Ok(Integrity::Missing) => Some(format!(
                    "« {} » est introuvable dans le dossier des preuves : il a été déplacé ou supprimé en dehors de l'application.",
                    e.original_name
                )),
            };
            if problem.is_some() {
                log::warn!("evidence {} of case {} failed its integrity check", e.id, e.case_id);
            }
            IntegrityRow { id: e.id, original_name: e.original_name.clone(), intact: problem.is_none(), problem }
        })
        .collect()
}

/// The day a piece was added, as the doctor reads dates (« 7 décembre 2026 »), from its UTC
/// timestamp; the stored text as it is if it cannot be read.
fn added_on(added_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(added_at)
        .map(|t| erm_domain::text::french_date(t.with_timezone(&chrono::Local).date_naive()))
        .unwrap_or_else(|_| added_at.get(..10).unwrap_or(added_at).to_owned())
}

/// « Joindre une pièce »: the case checked first, then `pick` asks the doctor for a file
/// (`None`: cancelled, nothing done); the copy is hashed off the lock with `progress` (bytes
/// done, total) and recorded under it. Returns the case as the screen shows it.
pub async fn add_file(
    h: &impl Handle,
    id: i64,
    form: EvidenceForm,
    pick: impl FnOnce() -> Option<PathBuf> + Send,
    progress: impl FnMut(u64, u64) + Send + 'static,
) -> Result<Option<CaseDetail>, Error> {
    h.run(move |s| target(s, id)).await?;
    let Some(path) = pick() else { return Ok(None) };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("piece").to_owned();
    let new = form.to_new(&name, h.today())?;
    let vault = h.vault()?;
    let v = vault.clone();
    let file = h.off_thread(move || Ok(v.import_file(id, &path, MAX_EVIDENCE_BYTES, progress)?)).await?;
    let today = h.today();
    h.run(move |s| {
        record(s, &vault, id, &new, &file)?;
        crate::cases::detail(s, id, today)
    })
    .await
    .map(Some)
}

/// « Capturer la page »: the app fetches the page itself (raw response, headers, time) and keeps
/// it as evidence.
pub async fn fetch(h: &impl Handle, id: i64, url: String, note: String) -> Result<CaseDetail, Error> {
    h.run(move |s| target(s, id)).await?;
    let client = h.http()?;
    let page = erm_net::capture::fetch_page(&client, &url, MAX_EVIDENCE_BYTES as usize).await?;
    let (new, bytes) = from_capture(&page, &note);
    let vault = h.vault()?;
    let v = vault.clone();
    let name = new.original_name.clone();
    let file = h.off_thread(move || Ok(v.import_bytes(id, &name, &bytes)?)).await?;
    let today = h.today();
    h.run(move |s| {
        record(s, &vault, id, &new, &file)?;
        crate::cases::detail(s, id, today)
    })
    .await
}

/// « Vérifier l'intégrité »: every piece hashed again off the lock; a modified or missing one is
/// reported, never repaired.
pub async fn verify_all(h: &impl Handle, id: i64) -> Result<Vec<IntegrityRow>, Error> {
    let pieces = h.run(move |s| pieces(s, id)).await?;
    let vault = h.vault()?;
    h.off_thread(move || Ok(verify(&vault, &pieces))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_form_reports_each_field_and_guesses_the_kind() {
        let today = day(2026, 3, 10);
        let ok = EvidenceForm { url: "https://exemple.fr/avis".into(), captured_on: "09/03/2026".into(), captured_time: "14:05".into(), ..Default::default() };
        let new = ok.to_new("capture.PNG", today).unwrap();
        assert_eq!(new.kind, EvidenceKind::Screenshot);
        assert_eq!(new.captured_at.to_string(), "2026-03-09 14:05:00");
        let bad = EvidenceForm { url: "pas une adresse".into(), captured_on: "11/03/2026".into(), captured_time: "25h".into(), ..Default::default() };
        let err = bad.to_new("page.pdf", today).unwrap_err();
        assert!(err.has("url") && err.has("captured_on") && err.has("captured_time"), "{err:?}");
        assert_eq!(kind_from_name("page.HTML"), EvidenceKind::Html);
        assert_eq!(kind_from_name("constat"), EvidenceKind::Other);
    }
}
