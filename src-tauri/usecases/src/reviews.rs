//! « Avis et commentaires »: the inbox (list, filters, full text), entry by hand, file import,
//! qualification (lawful / possibly illicit) and the decision to reply or not, one review at a
//! time or a selection at once ([`bulk`]). The reply itself
//! (templates, secrecy guard, copy) is in [`super::replies`].

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use erm_domain::review::{self as rules, ReviewStatus};
pub use erm_domain::review::{Qualification, Review, ReviewInput};
use crate::error::Error;
use crate::import::{self, ImportFormat, ImportReport, Parsed};
use erm_replies::illicit_grounds;
use erm_store::reviews::{self as repo, ReplyAck};
pub use erm_store::reviews::{ReviewFilter, ReviewPage};
use erm_store::{sites, Store};

mod bulk;
pub use bulk::{bulk, BulkAction, BulkOutcome, Skipped, BULK_MAX, THANK_YOU_MIN_RATING, THANK_YOU_TEMPLATE};

pub fn list(store: &Store, filter: &ReviewFilter) -> Result<ReviewPage, Error> {
    check_search(filter.text.as_deref().unwrap_or(""))?;
    Ok(repo::list(store.conn(), filter)?)
}

/// Words a search may hold, and its length: a doctor looks for a few words; a pasted page would
/// hold the store for seconds (1,000 words took 6 s, 200,000 about 10 minutes, every other
/// action waiting).
pub const SEARCH_MAX_WORDS: usize = 12;
pub const SEARCH_MAX_CHARS: usize = 200;

fn check_search(text: &str) -> Result<(), Error> {
    if text.chars().count() > SEARCH_MAX_CHARS || text.split_whitespace().count() > SEARCH_MAX_WORDS {
        return Err(erm_domain::validation::Invalid::single(
            "text",
            format!("Une recherche tient en {SEARCH_MAX_WORDS} mots au plus ({SEARCH_MAX_CHARS} caractères) : gardez les mots les plus parlants."),
        )
        .into());
    }
    Ok(())
}

#[derive(Debug, Serialize)]
pub struct Choice {
    pub id: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Serialize)]
pub struct GroundInfo {
    pub id: &'static str,
    pub label: &'static str,
    pub explanation: &'static str,
    /// One of the practice guide's six; the others are what platforms also accept.
    pub in_guide_list: bool,
}

#[derive(Debug, Serialize)]
pub struct CatalogueSite {
    pub id: i64,
    pub name: String,
}

/// What the inbox's filters and forms offer: statuses, platforms (those in the inbox and the
/// catalogue sites that publish reviews) and the grounds of illicit content with their sentence.
#[derive(Debug, Serialize)]
pub struct ReviewChoices {
    pub statuses: Vec<Choice>,
    pub platforms: Vec<String>,
    pub sites: Vec<CatalogueSite>,
    pub grounds: Vec<GroundInfo>,
}

pub fn choices(store: &Store) -> Result<ReviewChoices, Error> {
    let statuses = ReviewStatus::ALL.iter().map(|s| Choice { id: s.as_str(), label: s.label() }).collect();
    let sites = sites::list(store.conn())?
        .into_iter()
        .filter(|s| s.has_reviews)
        .filter_map(|s| Some(CatalogueSite { id: s.id?, name: s.name }))
        .collect();
    let grounds = illicit_grounds()
        .into_iter()
        .map(|g| GroundInfo { id: g.ground.as_str(), label: g.label, explanation: g.explanation, in_guide_list: g.in_guide_list })
        .collect();
    Ok(ReviewChoices { statuses, platforms: repo::platforms(store.conn())?, sites, grounds })
}

/// A review with the secrecy findings the doctor acknowledged in its reply and the reply being
/// written, if any.
#[derive(Debug, Serialize)]
pub struct ReviewDetail {
    pub review: Review,
    pub acks: Vec<ReplyAck>,
    pub draft: Option<String>,
    /// The review came from Google (the rule is the domain's, not the page's).
    pub from_google: bool,
}

pub fn detail(store: &Store, id: i64) -> Result<ReviewDetail, Error> {
    let review = repo::get(store.conn(), id)?;
    Ok(ReviewDetail {
        from_google: review.is_from_google(),
        acks: repo::acks(store.conn(), id)?,
        draft: repo::draft(store.conn(), id)?,
        review,
    })
}

pub fn add(store: &mut Store, input: &ReviewInput, today: NaiveDate) -> Result<Review, Error> {
    let review = rules::validate(input, today)?;
    Ok(store.transaction(|tx| repo::insert(tx, &review))?)
}

/// The end of an import: the report, its French summary and the file read.
#[derive(Debug, Serialize)]
pub struct ImportOutcome {
    pub file: String,
    pub report: ImportReport,
    pub summary: String,
}

/// Reads and checks an import file, without the store (so the window and other commands are
/// not held while a large file is parsed).
/// « Importer un fichier d'avis »: the file read and checked outside the store's lock, then its
/// rows written under it, `writing(done, total)` told as they go.
pub async fn import_file(h: &impl crate::handle::Handle, path: std::path::PathBuf, mut writing: impl FnMut(usize, usize) + Send + 'static) -> Result<ImportOutcome, Error> {
    let today = h.today();
    let (path, parsed) = h.off_thread(move || read_import(&path, today).map(|p| (path, p))).await?;
    let total = parsed.rows.len();
    h.run(move |s| commit_import(s, &path, parsed, |done| writing(done, total))).await
}

pub fn read_import(path: &Path, today: NaiveDate) -> Result<Parsed, Error> {
    let format = ImportFormat::from_path(path).ok_or_else(|| {
        erm_domain::validation::Invalid::single("file", "Choisissez un fichier .csv (tableur) ou .json (export des avis Google).")
    })?;
    import::parse(&import::read_capped(path)?, format, today)
}

/// Writes a checked import, all or nothing, telling `progress` how many rows are written.
pub fn commit_import(store: &mut Store, path: &Path, parsed: Parsed, progress: impl FnMut(usize)) -> Result<ImportOutcome, Error> {
    let report = if parsed.rejected.is_empty() {
        let counts = store.transaction(|tx| repo::insert_many_with_progress(tx, &parsed.rows, progress))?;
        ImportReport { inserted: counts.inserted, duplicates: counts.duplicates, rejected: Vec::new() }
    } else {
        ImportReport { inserted: 0, duplicates: 0, rejected: parsed.rejected }
    };
    Ok(ImportOutcome { file: path.display().to_string(), summary: report.summary(), report })
}

/// Step 1 of the wizard: the doctor's reading of the review. Illicit → "en dossier".
pub fn qualify(store: &mut Store, id: i64, qualification: &Qualification, today: NaiveDate) -> Result<Review, Error> {
    Ok(store.transaction(|tx| repo::set_qualification(tx, id, qualification, today))?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Lawful, the doctor will reply: "à répondre".
    Reply,
    /// Lawful, deliberately left unanswered (dated).
    LeaveAlone,
    /// Back to "nouveau" (reconsider the qualification).
    Reconsider,
}

/// After a lawful qualification: reply, or deliberately leave the review unanswered.
pub fn decide(store: &mut Store, id: i64, decision: Decision, today: NaiveDate) -> Result<Review, Error> {
    let to = match decision {
        Decision::Reply => ReviewStatus::ToAnswer,
        Decision::LeaveAlone => ReviewStatus::LeftAlone,
        Decision::Reconsider => ReviewStatus::New,
    };
    Ok(store.transaction(|tx| repo::set_status(tx, id, to, today))?)
}

/// The address of the review's page, to open in the browser and paste the reply there.
pub fn page_url(store: &Store, id: i64) -> Result<String, Error> {
    repo::get(store.conn(), id)?
        .url
        .ok_or_else(|| Error::NotFound("Aucune adresse n'est enregistrée pour cet avis : ouvrez la plateforme vous-même.".into()))
}

/// Deletes a review recorded by mistake, with its quoted statements and acknowledgements.
pub fn delete(store: &mut Store, id: i64) -> Result<(), Error> {
    Ok(store.transaction(|tx| repo::delete(tx, id))?)
}
