//! The reply wizard's commands: situations (templates, editable and restorable), the draft
//! filled from the practice profile, the live medical-secrecy guard, and the two irreversible
//! steps — copying the reply and marking the review answered — which re-run the guard here and
//! refuse while a blocking finding is neither fixed nor acknowledged. The web view's own check
//! only guides; this one is the rule.

use erm_core::domain::review::{Review, ReviewStatus};
use erm_core::replies::templates::PROVENANCE;
use erm_core::replies::{wizard_steps, WizardStep};
use erm_core::store::{reply_templates, reviews as repo, Store};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use crate::clock::today;
use crate::error::{CmdResult, CommandError};
use crate::{export, AppState};

mod guard;

pub use guard::{FindingView, Severity};

fn refused(message: String) -> CommandError {
    erm_core::Error::Refused(message).into()
}

fn unknown_template() -> CommandError {
    erm_core::Error::NotFound("Ce modèle de réponse n'existe pas.".into()).into()
}

#[derive(Serialize)]
pub struct TemplateInfo {
    pub id: String,
    /// The situation, as the wizard lists it.
    pub label: String,
    pub description: String,
    /// The template has a wording for a founded grievance and one for an unfounded one.
    pub has_founded_variants: bool,
    /// The doctor has their own version of it.
    pub edited: bool,
}

/// What step 2 of the wizard offers: the situations and the guide's steps for a reply.
#[derive(Serialize)]
pub struct ReplyCatalogue {
    pub templates: Vec<TemplateInfo>,
    pub steps: Vec<WizardStep>,
    pub provenance: &'static str,
}

#[tauri::command]
pub fn reply_templates(state: State<'_, AppState>) -> CmdResult<ReplyCatalogue> {
    let edited = reply_templates::edited_ids(state.store()?.conn())?;
    let templates = guard::builtin_list()
        .into_iter()
        .map(|t| TemplateInfo {
            edited: edited.iter().any(|e| e == t.id),
            id: t.id.into(),
            label: t.label.into(),
            description: t.description.into(),
            has_founded_variants: t.has_founded_variants,
        })
        .collect();
    Ok(ReplyCatalogue { templates, steps: wizard_steps().to_vec(), provenance: PROVENANCE })
}

#[derive(Serialize)]
pub struct TemplateDetail {
    pub id: String,
    pub label: String,
    pub source: String,
    pub edited: bool,
    /// Names usable as `{{name}}`, filled from the practice profile.
    pub placeholders: Vec<String>,
}

fn label_of(id: &str) -> CmdResult<String> {
    guard::builtin_list().into_iter().find(|t| t.id == id).map(|t| t.label.to_owned()).ok_or_else(unknown_template)
}

/// The source used for template `id`: the doctor's version, else the built-in one.
fn source_of(store: &Store, id: &str) -> CmdResult<(String, bool)> {
    if let Some(own) = reply_templates::get(store.conn(), id)? {
        return Ok((own, true));
    }
    guard::builtin_source(id).map(|s| (s, false)).ok_or_else(unknown_template)
}

#[tauri::command]
pub fn reply_template_get(state: State<'_, AppState>, id: String) -> CmdResult<TemplateDetail> {
    let label = label_of(&id)?;
    let (source, edited) = source_of(&*state.store()?, &id)?;
    Ok(TemplateDetail { id, label, source, edited, placeholders: guard::placeholders() })
}

/// Keeps the doctor's version of a template once it renders from the profile and passes the
/// guard with no blocking finding (a template is reused for many replies).
#[tauri::command]
pub fn reply_template_save(state: State<'_, AppState>, id: String, source: String) -> CmdResult<TemplateDetail> {
    label_of(&id)?;
    let mut store = state.store()?;
    let gctx = guard::guard_context(&store, None)?;
    let mut blocks: Vec<String> = Vec::new();
    // Both wordings (grievance founded or not) must render and pass.
    for founded in [true, false] {
        let text = guard::render(&source, &guard::reply_context(&store, founded)?)
            .map_err(|m| CommandError::invalid("source", m))?;
        blocks.extend(guard::check(&text, &gctx).into_iter()
        .filter(|f| f.severity == Severity::Block)
            .map(|f| format!("« {} » ({}) : {}", f.matched, f.category_label, f.explanation)));
    }
    blocks.dedup();
    if !blocks.is_empty() {
        return Err(CommandError::invalid(
            "source",
            format!("Un modèle ne doit contenir aucun passage bloquant. À corriger : {}", blocks.join(" ; ")),
        ));
    }
    store.transaction(|tx| reply_templates::save(tx, &id, &source))?;
    drop(store);
    reply_template_get(state, id)
}

#[tauri::command]
pub fn reply_template_restore(state: State<'_, AppState>, id: String) -> CmdResult<TemplateDetail> {
    label_of(&id)?;
    state.store()?.transaction(|tx| reply_templates::restore(tx, &id))?;
    reply_template_get(state, id)
}

#[derive(Serialize)]
pub struct Draft {
    pub text: String,
}

/// The chosen situation's template filled from the practice profile, ready to edit. `founded`:
/// the doctor finds the grievance founded (cause and measures) or not (surprise).
#[tauri::command]
pub fn reply_draft(state: State<'_, AppState>, review_id: i64, template_id: String, founded: bool) -> CmdResult<Draft> {
    let store = state.store()?;
    repo::get(store.conn(), review_id)?;
    let (source, _) = source_of(&store, &template_id)?;
    let ctx = guard::reply_context(&store, founded)?;
    let text = guard::render(&source, &ctx).map_err(|m| {
        refused(format!("Le modèle ne peut pas être rempli : {m} Corrigez-le ou restaurez la version d'origine."))
    })?;
    Ok(Draft { text })
}

#[derive(Serialize)]
pub struct GuardResult {
    pub findings: Vec<FindingView>,
    /// How many findings are blocking.
    pub blocking: usize,
}

/// The live guard: called as the doctor types (debounced by the page). With the review, its
/// author's pseudonym is caught too.
#[tauri::command]
pub fn reply_check(state: State<'_, AppState>, review_id: Option<i64>, text: String) -> CmdResult<GuardResult> {
    let store = state.store()?;
    let review = review_id.map(|id| repo::get(store.conn(), id)).transpose()?;
    let ctx = guard::guard_context(&store, review.as_ref())?;
    let findings = guard::check(&text, &ctx);
    let blocking = findings.iter().filter(|f| f.severity == Severity::Block).count();
    Ok(GuardResult { findings, blocking })
}

/// A blocking finding the doctor chose to keep, as ticked in the wizard.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct AckInput {
    pub category: String,
    pub matched: String,
}

/// Refuses with the list of blocking findings of `text` that `acked` does not cover.
fn enforce(text: &str, ctx: &guard::Context, acked: impl Fn(&FindingView) -> bool) -> CmdResult<Vec<FindingView>> {
    let blocks: Vec<FindingView> =
        guard::check(text, ctx).into_iter().filter(|f| f.severity == Severity::Block).collect();
    let open: Vec<String> = blocks.iter().filter(|f| !acked(f)).map(|f| format!("« {} » ({})", f.matched, f.category_label)).collect();
    if !open.is_empty() {
        return Err(refused(format!(
            "La réponse contient {} passage{} qui risque{} de porter atteinte au secret médical : {}. \
             Corrigez chacun, ou confirmez-le explicitement dans l'assistant.",
            open.len(),
            if open.len() > 1 { "s" } else { "" },
            if open.len() > 1 { "nt" } else { "" },
            open.join(", ")
        )));
    }
    Ok(blocks)
}

fn check_replying(review: &Review) -> CmdResult<()> {
    match review.status {
        ReviewStatus::ToAnswer | ReviewStatus::Answered => Ok(()),
        _ => Err(refused(format!(
            "Cet avis est « {} » : qualifiez-le comme critique licite et choisissez d'y répondre avant de copier une réponse.",
            review.status.label()
        ))),
    }
}

#[derive(Serialize)]
pub struct CopyOutcome {
    /// Blocking findings kept with the doctor's acknowledgement (recorded).
    pub acknowledged: usize,
}

/// Copies the reply to the clipboard once every blocking finding is fixed or acknowledged;
/// records each acknowledgement against the review.
#[tauri::command]
pub fn reply_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    review_id: i64,
    text: String,
    acks: Vec<AckInput>,
) -> CmdResult<CopyOutcome> {
    if text.trim().is_empty() {
        return Err(CommandError::invalid("reply", "La réponse est vide."));
    }
    let mut store = state.store()?;
    let review = repo::get(store.conn(), review_id)?;
    check_replying(&review)?;
    let ctx = guard::guard_context(&store, Some(&review))?;
    let kept = enforce(&text, &ctx, |f| acks.iter().any(|a| a.category == f.category && a.matched == f.matched))?;
    store.transaction(|tx| {
        let already = repo::acks(tx, review_id)?;
        for f in &kept {
            if !already.iter().any(|a| a.category == f.category && a.matched_text == f.matched) {
                repo::record_ack(tx, review_id, &f.category, &f.matched)?;
            }
        }
        Ok::<_, erm_core::Error>(())
    })?;
    drop(store);
    export::copy_text(&app, &text)?;
    Ok(CopyOutcome { acknowledged: kept.len() })
}

/// Marks the review answered today, keeping the reply's text. Refused while a blocking finding
/// of this text was not acknowledged when it was copied.
#[tauri::command]
pub fn reply_mark_answered(state: State<'_, AppState>, review_id: i64, text: String) -> CmdResult<Review> {
    let mut store = state.store()?;
    let review = repo::get(store.conn(), review_id)?;
    check_replying(&review)?;
    let ctx = guard::guard_context(&store, Some(&review))?;
    let stored = repo::acks(store.conn(), review_id)?;
    enforce(&text, &ctx, |f| stored.iter().any(|a| a.category == f.category && a.matched_text == f.matched))?;
    Ok(store.transaction(|tx| repo::set_reply(tx, review_id, &text, today()))?)
}
