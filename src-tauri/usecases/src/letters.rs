//! Letters, whatever they are about: what a stored letter holds ([`StoredLetter`]), its PDF made
//! again from its row, the register of every letter, and recording its posting and
//! acknowledgement. The letters of one area are assembled in its own file ([`listing`]).
//!
//! A letter row is the truth and a saved PDF only a copy: regenerating a row gives the same bytes.

pub mod case;
mod item;
pub mod case_form;
pub mod listing;

use crate::handle::Handle;
/// How the date of receipt of a registered letter is known (the receipt form).
pub use erm_domain::listing::ReceiptBasis;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use erm_domain::address::PostalAddress;
use erm_domain::practice::Practitioner;
use erm_domain::validation::{parse_form_date, Invalid};
use crate::error::Error;
use erm_documents::letters::{dereferencing_form_text, french_date, render_letter, LetterData, LetterKind, LetterOptions};
use erm_domain::case::CaseEvent;
use erm_store::cases as case_repo;
use erm_store::letters::{self as letter_repo, LetterRow};
use erm_store::listings::{self as listing_repo};
use erm_store::{practice, Store};
pub use item::{letter_item, LetterItem};

/// The complete input of a letter's PDF, stored as the row's `data`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredLetter {
    pub letter: LetterData,
    /// The signer as they were when the letter was written (a later profile edit must not
    /// change a letter already posted).
    pub sender: Practitioner,
    pub recipient: Vec<String>,
    /// The date printed on the letter.
    pub date: NaiveDate,
    pub options: LetterOptions,
    pub file_name: String,
}

impl StoredLetter {
    /// Reads a row's `data`; a row written in a shape this version cannot read is a French error.
    pub fn from_row(row: &LetterRow) -> Result<StoredLetter, Error> {
        serde_json::from_value(row.data.clone()).map_err(|e| {
            log::warn!("letter {} data unreadable: {e}", row.id);
            Error::Document("Ce courrier a été enregistré dans un format que cette version ne sait pas relire.".into())
        })
    }

    pub fn to_json(&self) -> Result<serde_json::Value, Error> {
        serde_json::to_value(self).map_err(|e| {
            log::error!("letter data not serialisable: {e}");
            Error::Document("Le courrier n'a pas pu être enregistré.".into())
        })
    }

    /// The PDF. Deterministic: the same stored letter always gives the same bytes.
    pub fn render(&self) -> Result<Vec<u8>, Error> {
        let recipient = PostalAddress::parse("recipient", &self.recipient)?;
        Ok(render_letter(&self.letter, &self.sender, &recipient, self.date, &self.options)?)
    }
}

/// A letter just recorded: its row, the file name it is saved under and, for a dereferencing
/// request, the text to paste into the search engine's form.
pub struct LetterFile {
    pub row: LetterRow,
    pub file_name: String,
    pub form_text: Option<String>,
}

/// The name a letter's PDF is saved under: the stored name with the letter's number, so two
/// letters to the same site on the same day never share a file name (and never replace each
/// other in a folder).
pub fn pdf_name(letter_id: i64, stored: &StoredLetter) -> String {
    numbered(&stored.file_name, letter_id)
}

fn numbered(file_name: &str, letter_id: i64) -> String {
    // A name read from a row is a name, never a path (a store another program edited, issue
    // 21.4): only its last component, without leading dots or control characters.
    let last = file_name.rsplit(['/', '\\', ':']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim_start_matches('.');
    let stem = clean.strip_suffix(".pdf").unwrap_or(clean);
    let stem: String = stem.chars().take(150).collect();
    let stem = if stem.is_empty() { "courrier".to_owned() } else { stem };
    format!("{stem}-courrier-{letter_id}.pdf")
}

/// The default signer, or why letters cannot be written yet.
pub(crate) fn signer(store: &Store) -> Result<Practitioner, Error> {
    practice::default_signer(store.conn())?
        .ok_or_else(|| Error::Refused("Enregistrez d'abord votre profil (Paramètres → Médecins du cabinet) : il signe les courriers.".into()))
}

/// A stored letter, read for regeneration outside the store's lock, with the name its PDF is
/// saved under.
pub fn stored(store: &Store, id: i64) -> Result<(StoredLetter, String), Error> {
    let stored = StoredLetter::from_row(&letter_repo::get(store.conn(), id)?)?;
    let name = pdf_name(id, &stored);
    Ok((stored, name))
}

/// « Copie PDF » of a letter: its row read under the lock, the PDF made again outside it
/// (identical to the first). Returns the file name and the bytes.
pub async fn export_pdf(h: &impl Handle, id: i64) -> Result<(String, Vec<u8>), Error> {
    let (stored, name) = h.run(move |s| stored(s, id)).await?;
    let pdf = h.off_thread(move || stored.render()).await?;
    Ok((name, pdf))
}

/// The text to paste into a search engine's form, made again from a stored dereferencing request.
pub fn form_text(store: &Store, id: i64) -> Result<String, Error> {
    let row = letter_repo::get(store.conn(), id)?;
    if row.kind != LetterKind::DereferencingRequest {
        return Err(Error::Refused("Seule une demande de déréférencement a un texte à coller dans un formulaire.".into()));
    }
    let stored = StoredLetter::from_row(&row)?;
    Ok(dereferencing_form_text(&stored.letter, &stored.sender, stored.date)?)
}

/// A letter as the screens show it, with what can still be recorded on it.
pub fn item(store: &Store, row: &LetterRow) -> Result<LetterItem, Error> {
    let status = match row.listing_id {
        Some(l) => Some(listing_repo::get(store.conn(), l)?.state.status),
        None => None,
    };
    Ok(letter_item(row, status))
}

/// "Marquer envoyée": the posting date and the registered-mail number; an erasure letter moves
/// its listing to "demande d'effacement envoyée".
pub fn mark_sent(store: &mut Store, id: i64, sent_on: &str, registered_number: &str, today: NaiveDate) -> Result<LetterItem, Error> {
    let sent_on = parse_form_date("sent_on", sent_on, "la date de dépôt à La Poste")?;
    let row = letter_repo::get(store.conn(), id)?;
    // A letter the app wrote cannot have been posted before the date printed on it.
    if let Some(written) = StoredLetter::from_row(&row).ok().map(|s| s.date).filter(|w| sent_on < *w) {
        let msg = format!("Ce courrier est daté du {} : il n'a pas pu être posté avant.", french_date(written));
        return Err(Invalid::single("sent_on", msg).into());
    }
    let row = store
        .transaction(|tx| {
            let row = letter_repo::mark_sent(tx, id, sent_on, Some(registered_number), today)?;
            if let Some(event) = case::posting_event(&row)? {
                case_repo::record_event(tx, row.case_id.unwrap_or_default(), &event, "", today)?;
            }
            Ok(row)
        })
        .map_err(|e: Error| e.rename_field("occurred_on", "sent_on").rename_field("on", "sent_on"))?;
    item(store, &row)
}

/// "Réception de la lettre": the date on the acknowledgement card or, when no card came back,
/// the date of first presentation (La Poste tracking, or written on a letter returned
/// unclaimed; `basis` says which). For an erasure request any of them starts the publisher's
/// clock.
pub fn mark_received(
    store: &mut Store,
    id: i64,
    received_on: &str,
    basis: erm_domain::listing::ReceiptBasis,
    today: NaiveDate,
) -> Result<LetterItem, Error> {
    use erm_domain::listing::ReceiptBasis;
    let what = match basis {
        ReceiptBasis::Acknowledged => "la date portée sur l'avis de réception",
        ReceiptBasis::FirstPresentation | ReceiptBasis::ReturnedUnclaimed => "la date de première présentation",
    };
    let on = parse_form_date("acknowledged_on", received_on, what)?;
    let row = store
        .transaction(|tx| {
            let row = letter_repo::mark_received(tx, id, on, basis, today)?;
            // A mise en demeure's period runs from its receipt.
            if let (Some(case_id), LetterKind::FormalNotice) = (row.case_id, row.kind) {
                case_repo::record_event(tx, case_id, &CaseEvent::FormalNoticeReceived { on, basis }, "", today)?;
            }
            Ok(row)
        })
        .map_err(|e: Error| e.rename_field("occurred_on", "acknowledged_on").rename_field("on", "acknowledged_on"))?;
    item(store, &row)
}

/// One line of the « Courriers » register.
#[derive(Debug, Serialize)]
pub struct RegisterEntry {
    #[serde(flatten)]
    pub letter: LetterItem,
    /// What the letter is about ("Annuaire X — https://…", or the case's title), when known.
    pub about: Option<String>,
    pub listing_id: Option<i64>,
    pub case_id: Option<i64>,
}

/// Every letter, newest first, with what it is about (one query per table, not per row).
pub fn register(store: &Store, today: NaiveDate) -> Result<Vec<RegisterEntry>, Error> {
    register_over(store, &listing_repo::list(store.conn(), today)?)
}

/// [`register`] over listing views the caller has already read (the dashboard reads them once).
pub fn register_over(store: &Store, views: &[listing_repo::ListingView]) -> Result<Vec<RegisterEntry>, Error> {
    let conn = store.conn();
    let listings: std::collections::HashMap<i64, &listing_repo::ListingView> = views.iter().map(|v| (v.listing.id, v)).collect();
    let cases: std::collections::HashMap<i64, String> =
        case_repo::list(conn)?.into_iter().map(|c| (c.case.id, format!("Dossier « {} » — {}", c.case.title, c.case.url))).collect();
    Ok(letter_repo::list_all(conn)?
        .into_iter()
        .map(|row| {
            let view = row.listing_id.and_then(|id| listings.get(&id).copied());
            let status = view.map(|v| v.listing.state.status);
            let about = view
                .map(|v| format!("{} — {}", v.site_name, v.listing.url))
                .or_else(|| row.case_id.and_then(|c| cases.get(&c).cloned()));
            RegisterEntry { letter: letter_item(&row, status), about, listing_id: row.listing_id, case_id: row.case_id }
        })
        .collect())
}

/// A letter written and recorded: what the screen shows, and the bytes and name the shell saves.
pub struct Generated {
    pub letter: LetterItem,
    pub file_name: String,
    pub pdf: Vec<u8>,
    /// The text to paste into the search engine's form (dereferencing only).
    pub form_text: Option<String>,
    /// What the doctor must know or do before sending (e.g. add the screenshot it encloses).
    pub warnings: &'static [&'static str],
}

/// Renders a planned letter outside the lock, then records it under the lock (`record` refuses
/// when the listing or the case moved on meanwhile).
pub(crate) async fn render_and_record<P: Send + 'static>(
    h: &impl Handle,
    planned: P,
    stored: impl FnOnce(&P) -> &StoredLetter + Send + 'static,
    record: impl FnOnce(&mut Store, &P) -> Result<LetterFile, Error> + Send + 'static,
    kind: LetterKind,
) -> Result<Generated, Error> {
    let (planned, pdf) = h.off_thread(move || stored(&planned).render().map(|pdf| (planned, pdf))).await?;
    let (file, letter) = h
        .run(move |s| {
            let file = record(s, &planned)?;
            let letter = item(s, &file.row)?;
            Ok((file, letter))
        })
        .await?;
    Ok(Generated { letter, file_name: file.file_name, pdf, form_text: file.form_text, warnings: erm_documents::letters::export_warnings(kind) })
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn a_stored_name_never_becomes_a_path() {
        assert_eq!(numbered("../../x.pdf", 3), "x-courrier-3.pdf");
        assert_eq!(numbered("..\\..\\.cache", 4), "cache-courrier-4.pdf");
        assert_eq!(numbered("/", 5), "courrier-courrier-5.pdf");
        assert_eq!(numbered("2026-09-02-demande.pdf", 6), "2026-09-02-demande-courrier-6.pdf");
    }

    #[test]
    fn two_letters_of_one_day_and_site_get_two_file_names() {
        let stored = "2026-11-30-demande-effacement-lemedecin.fr.pdf";
        assert_eq!(super::numbered(stored, 7), "2026-11-30-demande-effacement-lemedecin.fr-courrier-7.pdf");
        assert_ne!(super::numbered(stored, 7), super::numbered(stored, 8));
    }
}
