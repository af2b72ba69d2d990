//! The reply wizard's commands: situations, the draft, the live guard, and the two irreversible
//! steps (copy, mark answered). The rules — the guard, the acknowledgement policy, the length
//! cap — are in `erm_usecases::replies`; copying to the clipboard is the only thing done here.

use erm_usecases::replies::AckKey;
use erm_usecases::reviews::Review;
use erm_usecases::replies::{self, GuardResult, ReplyCatalogue, TemplateDetail};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::clock::today;
use crate::error::{Arg, CmdResult};
use crate::{export, AppState};

#[tauri::command]
pub async fn reply_templates(state: State<'_, AppState>) -> CmdResult<ReplyCatalogue> {
    state.run(|s| replies::catalogue(s)).await
}

#[tauri::command]
pub async fn reply_template_get(state: State<'_, AppState>, id: Arg<String>) -> CmdResult<TemplateDetail> {
    state.run(move |s| replies::template(s, &id.0)).await
}

#[tauri::command]
pub async fn reply_template_save(state: State<'_, AppState>, id: Arg<String>, source: Arg<String>) -> CmdResult<TemplateDetail> {
    state.run(move |s| replies::save_template(s, &id.0, &source.0)).await
}

#[tauri::command]
pub async fn reply_template_restore(state: State<'_, AppState>, id: Arg<String>) -> CmdResult<TemplateDetail> {
    state.run(move |s| replies::restore_template(s, &id.0)).await
}

#[derive(Serialize)]
pub struct Draft {
    pub text: String,
}

#[tauri::command]
pub async fn reply_draft(state: State<'_, AppState>, review_id: Arg<i64>, template_id: Arg<String>, founded: Arg<bool>) -> CmdResult<Draft> {
    state.run(move |s| replies::draft(s, review_id.0, &template_id.0, founded.0).map(|text| Draft { text })).await
}

/// The live guard, off the window's thread and outside the store's lock; it writes nothing.
#[tauri::command]
pub async fn reply_check(state: State<'_, AppState>, review_id: Arg<Option<i64>>, text: Arg<String>) -> CmdResult<GuardResult> {
    Ok(replies::check(&*state, review_id.0, text.0).await?)
}

/// Keeps the text as the review's draft.
#[tauri::command]
pub async fn reply_save_draft(state: State<'_, AppState>, review_id: Arg<i64>, text: Arg<String>) -> CmdResult<()> {
    state.run(move |s| replies::save_draft(s, review_id.0, &text.0)).await
}

#[derive(Serialize)]
pub struct CopyOutcome {
    /// Blocking findings kept with the doctor's acknowledgement (recorded).
    pub acknowledged: usize,
}

/// Copies the reply to the clipboard once the core approved it (every blocking finding fixed or
/// acknowledged; acknowledgements recorded).
#[tauri::command]
pub async fn reply_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    review_id: Arg<i64>,
    text: Arg<String>,
    acks: Arg<Vec<AckKey>>,
) -> CmdResult<CopyOutcome> {
    let text = text.0;
    let approved = text.clone();
    let acknowledged = state.run(move |s| replies::approve_copy(s, review_id.0, &approved, &acks.0)).await?;
    export::copy_text(&app, &text)?;
    Ok(CopyOutcome { acknowledged })
}

#[tauri::command]
pub async fn reply_mark_answered(state: State<'_, AppState>, review_id: Arg<i64>, text: Arg<String>) -> CmdResult<Review> {
    state.run(move |s| replies::mark_answered(s, review_id.0, &text.0, today())).await
}
