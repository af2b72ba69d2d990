//! Adapter over `erm_core::replies`: the guard's context from the stored practice profile, its
//! findings in the shape the page needs (offsets in JavaScript string units), and the reply
//! templates. Kept apart so that a change of the core API touches only this file.

use erm_core::domain::review::Review;
use erm_core::replies::{self, GuardContext, ReplyContext};
use erm_core::store::{practice, Store};
use serde::Serialize;

use crate::error::CmdResult;

pub type Context = GuardContext;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Block,
    Warn,
}

/// One finding as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// Span in UTF-16 code units (JavaScript's `String.prototype.slice`).
    pub start: usize,
    pub end: usize,
    /// Span in bytes of the UTF-8 text (the core's own).
    pub byte_start: usize,
    pub byte_end: usize,
    pub matched: String,
    pub category: String,
    pub category_label: String,
    pub severity: Severity,
    pub explanation: String,
    pub suggestion: String,
}

/// What the guard allows (the practice's phones, emails, names) and the reviewer's pseudonym.
pub fn guard_context(store: &Store, review: Option<&Review>) -> CmdResult<Context> {
    let practitioners = practice::list(store.conn())?;
    let mut ctx = GuardContext::from_practitioners(&practitioners);
    ctx.reviewer = review.map(|r| r.author.clone());
    Ok(ctx)
}

fn utf16_at(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    let mut b = byte;
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].encode_utf16().count()
}

pub fn check(text: &str, ctx: &Context) -> Vec<FindingView> {
    replies::check_reply(text, ctx)
        .into_iter()
        .map(|f| FindingView {
            start: utf16_at(text, f.start),
            end: utf16_at(text, f.end),
            byte_start: f.start,
            byte_end: f.end,
            matched: f.matched,
            category: f.category.as_str().to_owned(),
            category_label: f.category.label().to_owned(),
            severity: match f.severity {
                replies::Severity::Block => Severity::Block,
                replies::Severity::Warn => Severity::Warn,
            },
            explanation: f.explanation,
            suggestion: f.suggestion,
        })
        .collect()
}

/// Built-in templates: (id, French situation label, description, has founded/unfounded wordings).
pub fn builtin_list() -> Vec<replies::ReplyTemplate> {
    replies::builtin_templates().to_vec()
}

pub fn builtin_source(id: &str) -> Option<String> {
    replies::builtin_template(id).map(str::to_owned)
}

/// Names a template may use as `{{name}}`.
pub fn placeholders() -> Vec<String> {
    ["practice_phone", "practice_email", "doctor_name"].map(String::from).to_vec()
}

/// The values a template is filled with: the default signer's professional details.
pub fn reply_context(store: &Store, founded: bool) -> CmdResult<ReplyContext> {
    let signer = practice::default_signer(store.conn())?.ok_or_else(|| {
        erm_core::Error::Refused("Renseignez d'abord le profil du cabinet (Paramètres) : la réponse utilise son téléphone et son adresse électronique.".into())
    })?;
    Ok(ReplyContext::from_practitioner(&signer, founded))
}

/// Renders a template source; `Err` is the French reason.
pub fn render(source: &str, ctx: &ReplyContext) -> Result<String, String> {
    replies::render_reply(source, ctx).map_err(|e| e.to_string())
}
