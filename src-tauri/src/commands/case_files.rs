//! Dossiers, the files side: evidence copied into the data folder (picked by the doctor or
//! fetched by the app), its integrity check, the lawyer's archive and the calendar of deadlines.
//! Copying, hashing, rendering and archiving run off the store's lock; progress goes to the page
//! on a channel.

use std::path::PathBuf;

use erm_core::store::vault::Vault;
use erm_core::usecases::cases::evidence::{self, EvidenceForm, IntegrityRow};
use erm_core::usecases::cases::export as case_export;
use erm_core::usecases::cases::{self, view::CaseDetail};
use erm_core::watch::capture::fetch_page;
use erm_core::watch::http::{HttpClient, HttpConfig};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::clock::today;
use crate::error::{Arg, CmdResult, CommandError};
use crate::state::off_thread;
use crate::{export, AppState};

fn vault(state: &AppState) -> CmdResult<Vault> {
    let dir = state.data_dir.as_ref().ok_or_else(|| CommandError::store("Le dossier des données n'est pas ouvert.".to_owned()))?;
    Ok(Vault::new(dir.join("preuves")))
}

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
    state.run(move |s| evidence::target(s, id)).await?;
    let picked = crate::hooks::import_file().or_else(|| {
        app.dialog().file().set_title("Joindre une pièce au dossier").blocking_pick_file().and_then(|p| p.into_path().ok())
    });
    let Some(path) = picked else { return Ok(None) };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("piece").to_owned();
    let new = form.to_new(&name, today()).map_err(erm_core::Error::from)?;
    let vault = vault(&state)?;
    let v = vault.clone();
    let file = off_thread(move || {
        v.import_file(id, &path, erm_core::store::vault::MAX_EVIDENCE_BYTES, |done, total| {
            let _ = progress.send(Progress { done, total });
        })
        .map_err(erm_core::Error::from)
    })
    .await?;
    state
        .run(move |s| {
            evidence::record(s, &vault, id, &new, &file)?;
            cases::detail(s, id, today())
        })
        .await
        .map(Some)
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
    state.run(move |s| evidence::target(s, id)).await?;
    let client = HttpClient::new(HttpConfig::default()).map_err(erm_core::Error::from)?;
    let page = fetch_page(&client, &url, erm_core::store::vault::MAX_EVIDENCE_BYTES as usize).await.map_err(erm_core::Error::from)?;
    let (new, bytes) = evidence::from_capture(&page, &note);
    let vault = vault(&state)?;
    let v = vault.clone();
    let name = new.original_name.clone();
    let file = off_thread(move || v.import_bytes(id, &name, &bytes).map_err(erm_core::Error::from)).await?;
    state
        .run(move |s| {
            evidence::record(s, &vault, id, &new, &file)?;
            cases::detail(s, id, today())
        })
        .await
}

/// Hashes every piece again; a modified or missing one is reported, never repaired.
#[tauri::command]
pub async fn case_evidence_verify(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<Vec<IntegrityRow>> {
    let id = id.0;
    let pieces = state.run(move |s| evidence::pieces(s, id)).await?;
    let vault = vault(&state)?;
    off_thread(move || Ok(evidence::verify(&vault, &pieces))).await
}

/// The lawyer's archive: the dossier PDF, the letters, the evidence files and a manifest of
/// SHA-256 sums, written where the doctor chooses (temporary file, then renamed).
#[tauri::command]
pub async fn case_export_dossier<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: Arg<i64>, progress: Channel<Progress>) -> CmdResult<Option<export::Saved>> {
    let id = id.0;
    let vault = vault(&state)?;
    let plan = state.run(move |s| case_export::plan(s, &vault, id, today())).await?;
    let Some(target) = export::pick_target(&app, "Enregistrer le dossier pour l'avocat", &plan.file_name, ("Archive ZIP", "zip")) else {
        return Ok(None);
    };
    let path = target.clone();
    off_thread(move || {
        case_export::write(plan, &path, |done, total| {
            let _ = progress.send(Progress { done, total });
        })
    })
    .await?;
    Ok(Some(export::Saved { path: target.display().to_string(), opened: false }))
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
