use std::path::PathBuf;

use erm_usecases::cases::evidence::{self, EvidenceForm, IntegrityRow};
use erm_usecases::cases::export as case_export;
use erm_usecases::cases::view::CaseDetail;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::clock::today;
use crate::error::{Arg, CmdResult};
use crate::{export, AppState};

/// Bytes done out of the total, for the progress bar of a copy or an archive.
#[derive(Clone, Serialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Deserialize)]
pub struct AddArgs {
    pub id: i64,
    #[serde(flatten)]
    pub form: EvidenceForm,
}

/// Asks for a file and keeps a hashed copy of it in the case. `Ok(None)` when the doctor cancels.
#[tauri::command]
pub async fn case_evidence_add<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, args: Arg<AddArgs>, progress: Channel<Progress>) -> CmdResult<Option<CaseDetail>> {
    let AddArgs { id, form } = args.0;
    let pick = move || {
        crate::hooks::import_file().or_else(|| {
            app.dialog().file().set_title("Joindre une pièce au dossier").blocking_pick_file().and_then(|p| p.into_path().ok())
        })
    };
    Ok(evidence::add_file(&*state, id, form, pick, move |done, total| {
        let _ = progress.send(Progress { done, total });
    })
    .await?)
}

#[derive(Deserialize)]
pub struct FetchArgs {
    pub id: i64,
    pub url: String,
    #[serde(default)]
    pub note: String,
}

/// The app fetches the page itself (raw response, headers, time) and keeps it as evidence.
#[tauri::command]
pub async fn case_evidence_fetch(state: State<'_, AppState>, args: Arg<FetchArgs>) -> CmdResult<CaseDetail> {
    let FetchArgs { id, url, note } = args.0;
    Ok(evidence::fetch(&*state, id, url, note).await?)
}

/// Hashes every piece again; a modified or missing one is reported, never repaired.
#[tauri::command]
pub async fn case_evidence_verify(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<Vec<IntegrityRow>> {
    Ok(evidence::verify_all(&*state, id.0).await?)
}

/// The lawyer's archive: the dossier PDF, the letters, the evidence files and a manifest of
/// SHA-256 sums, written where the doctor chooses (temporary file, then renamed). A piece that
/// no longer matches its recorded digest stops it, unless `include_modified` (then marked).
#[tauri::command]
pub async fn case_export_dossier<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Arg<i64>,
    include_modified: Arg<Option<bool>>,
    progress: Channel<Progress>,
) -> CmdResult<Option<export::Saved>> {
    let pick = |name: &str| export::pick_target(&app, "Enregistrer le dossier pour l'avocat", name, ("Archive ZIP", "zip"));
    let written = case_export::dossier(&*state, id.0, include_modified.0.unwrap_or(false), pick, move |done, total| {
        let _ = progress.send(Progress { done, total });
    })
    .await?;
    Ok(written.map(|target| export::Saved { path: target.display().to_string(), opened: false }))
}

/// Every dated deadline and alert in the app, as a calendar file (.ics) the doctor imports.
#[tauri::command]
pub async fn calendar_export<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<export::Saved>> {
    let (name, ics) = state.run(move |s| case_export::calendar(s, today())).await?;
    let Some(target): Option<PathBuf> = export::pick_target(&app, "Enregistrer le calendrier des échéances", &name, ("Calendrier", "ics")) else {
        return Ok(None);
    };
    export::write_atomically(&target, ics.as_bytes())?;
    Ok(Some(export::Saved { path: target.display().to_string(), opened: false }))
}
