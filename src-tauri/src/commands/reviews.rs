//! « Avis et commentaires »: the inbox (list, filters, full text), entry by hand, file import,
//! qualification (lawful / possibly illicit) and the decision to reply or not.
//! The reply itself (templates, secrecy guard, copy) is in [`super::replies`].

use std::path::PathBuf;

use erm_core::domain::review::{self as rules, Qualification, Review, ReviewInput, ReviewStatus};
use erm_core::import::{self, ImportFormat, ImportReport};
use erm_core::replies::illicit_grounds;
use erm_core::store::reviews::{self as repo, ReplyAck, ReviewFilter, ReviewPage};
use erm_core::store::sites;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::clock::today;
use crate::error::{CmdResult, CommandError};
use crate::{export, AppState};

/// Test override for the import file picker (a native GTK dialog cannot be driven end to end).
pub const IMPORT_FILE_ENV: &str = "ERM_IMPORT_FILE";


#[tauri::command]
pub fn review_list(state: State<'_, AppState>, filter: ReviewFilter) -> CmdResult<ReviewPage> {
    Ok(repo::list(state.store()?.conn(), &filter)?)
}

#[derive(Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

#[derive(Serialize)]
pub struct GroundInfo {
    pub id: String,
    pub label: String,
    pub explanation: String,
    /// One of the practice guide's six; the others are what platforms also accept.
    pub in_guide_list: bool,
}

#[derive(Serialize)]
pub struct CatalogueSite {
    pub id: i64,
    pub name: String,
}

/// What the inbox's filters and forms offer: statuses, platforms (those in the inbox and the
/// catalogue sites that publish reviews) and the grounds of illicit content with their sentence.
#[derive(Serialize)]
pub struct ReviewChoices {
    pub statuses: Vec<Choice>,
    pub platforms: Vec<String>,
    pub sites: Vec<CatalogueSite>,
    pub grounds: Vec<GroundInfo>,
}

#[tauri::command]
pub fn review_choices(state: State<'_, AppState>) -> CmdResult<ReviewChoices> {
    let store = state.store()?;
    let statuses =
        ReviewStatus::ALL.iter().map(|s| Choice { id: s.as_str().into(), label: s.label().into() }).collect();
    let sites = sites::list(store.conn())?
        .into_iter()
        .filter(|s| s.has_reviews)
        .filter_map(|s| Some(CatalogueSite { id: s.id?, name: s.name }))
        .collect();
    let grounds = illicit_grounds()
        .into_iter()
        .map(|g| GroundInfo {
            id: g.ground.as_str().into(),
            label: g.label.into(),
            explanation: g.explanation.into(),
            in_guide_list: g.in_guide_list,
        })
        .collect();
    Ok(ReviewChoices { statuses, platforms: repo::platforms(store.conn())?, sites, grounds })
}

/// A review with the secrecy findings the doctor acknowledged in its reply.
#[derive(Serialize)]
pub struct ReviewDetail {
    pub review: Review,
    pub acks: Vec<ReplyAck>,
}

#[tauri::command]
pub fn review_get(state: State<'_, AppState>, id: i64) -> CmdResult<ReviewDetail> {
    let store = state.store()?;
    Ok(ReviewDetail { review: repo::get(store.conn(), id)?, acks: repo::acks(store.conn(), id)? })
}

#[tauri::command]
pub fn review_add(state: State<'_, AppState>, input: ReviewInput) -> CmdResult<Review> {
    let review = rules::validate(&input, today()).map_err(erm_core::Error::from)?;
    let mut store = state.store()?;
    Ok(store.transaction(|tx| repo::insert(tx, &review))?)
}

/// The end of an import: the report, its French summary and the file read.
#[derive(Serialize)]
pub struct ImportOutcome {
    pub file: String,
    pub report: ImportReport,
    pub summary: String,
}

fn pick_import_file<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(IMPORT_FILE_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    app.dialog()
        .file()
        .set_title("Importer des avis")
        .add_filter("Avis (CSV ou JSON Google)", &["csv", "txt", "json"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for a CSV or Google JSON file and imports it, all or nothing. `Ok(None)` when the
/// doctor cancels the dialog. Async: the dialog blocks its thread.
#[tauri::command]
pub async fn review_import<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<ImportOutcome>> {
    let Some(path) = pick_import_file(&app) else { return Ok(None) };
    import_path(&state, path).map(Some)
}

fn import_path(state: &AppState, path: PathBuf) -> CmdResult<ImportOutcome> {
    let format = ImportFormat::from_path(&path).ok_or_else(|| {
        CommandError::invalid("file", "Choisissez un fichier .csv (tableur) ou .json (export des avis Google).")
    })?;
    let mut store = state.store()?;
    let report = import::import_file(&mut store, &path, format, today())?;
    Ok(ImportOutcome { file: path.display().to_string(), summary: report.summary(), report })
}

/// Step 1 of the wizard: the doctor's reading of the review. Illicit → "signalé / en dossier".
#[tauri::command]
pub fn review_qualify(state: State<'_, AppState>, id: i64, qualification: Qualification) -> CmdResult<Review> {
    let mut store = state.store()?;
    Ok(store.transaction(|tx| repo::set_qualification(tx, id, &qualification, today()))?)
}

#[derive(Debug, Clone, Copy, Deserialize)]
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
#[tauri::command]
pub fn review_decide(state: State<'_, AppState>, id: i64, decision: Decision) -> CmdResult<Review> {
    let to = match decision {
        Decision::Reply => ReviewStatus::ToAnswer,
        Decision::LeaveAlone => ReviewStatus::LeftAlone,
        Decision::Reconsider => ReviewStatus::New,
    };
    let mut store = state.store()?;
    Ok(store.transaction(|tx| repo::set_status(tx, id, to, today()))?)
}

/// Opens the review's page in the browser (to paste the reply there).
#[tauri::command]
pub fn review_open_page<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    let review = repo::get(state.store()?.conn(), id)?;
    let url = review.url.ok_or_else(|| {
        CommandError::from(erm_core::Error::NotFound(
            "Aucune adresse n'est enregistrée pour cet avis : ouvrez la plateforme vous-même.".into(),
        ))
    })?;
    export::open_web_page(&app, &url)
}

/// Deletes a review recorded by mistake, with its quoted statements and acknowledgements.
#[tauri::command]
pub fn review_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    let mut store = state.store()?;
    Ok(store.transaction(|tx| repo::delete(tx, id))?)
}
