//! The reply wizard: situations (templates, editable and restorable), the draft filled from the
//! practice profile and kept in the store as the doctor writes, the live medical-secrecy guard,
//! and the two irreversible steps — copying the reply and marking the review answered — which
//! re-run the guard and refuse while a blocking finding is neither fixed nor acknowledged. The
//! page's own check only guides; this one is the rule.

use chrono::NaiveDate;
use serde::Serialize;

use erm_domain::review::{Review, ReviewStatus};
pub use erm_domain::review::AckKey;
use erm_domain::validation::Invalid;
use crate::error::Error;
use crate::handle::Handle;
use erm_replies::templates::PROVENANCE;
use erm_replies::{self as replies, wizard_steps, GuardContext, ReplyContext, Severity, WizardStep};
use erm_store::{practice, reply_templates, reviews as repo, Store};

fn unknown_template() -> Error {
    Error::NotFound("Ce modèle de réponse n'existe pas.".into())
}

#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
pub struct ReplyCatalogue {
    pub templates: Vec<TemplateInfo>,
    pub steps: Vec<WizardStep>,
    pub provenance: &'static str,
}

pub fn catalogue(store: &Store) -> Result<ReplyCatalogue, Error> {
    let edited = reply_templates::edited_ids(store.conn())?;
    let templates = replies::builtin_templates()
        .iter()
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

#[derive(Debug, Serialize)]
pub struct TemplateDetail {
    pub id: String,
    pub label: String,
    pub source: String,
    pub edited: bool,
    /// Names usable as `{{name}}`, filled from the practice profile.
    pub placeholders: Vec<&'static str>,
}

/// Names a template may use as `{{name}}`.
pub const TEMPLATE_FIELDS: [&str; 3] = ["practice_phone", "practice_email", "doctor_name"];

fn label_of(id: &str) -> Result<&'static str, Error> {
    replies::builtin_templates().iter().find(|t| t.id == id).map(|t| t.label).ok_or_else(unknown_template)
}

/// The source used for template `id`: the doctor's version, else the built-in one.
fn source_of(store: &Store, id: &str) -> Result<(String, bool), Error> {
    if let Some(own) = reply_templates::get(store.conn(), id)? {
        return Ok((own, true));
    }
    replies::builtin_template(id).map(|s| (s.to_owned(), false)).ok_or_else(unknown_template)
}

pub fn template(store: &Store, id: &str) -> Result<TemplateDetail, Error> {
    let label = label_of(id)?;
    let (source, edited) = source_of(store, id)?;
    Ok(TemplateDetail { id: id.to_owned(), label: label.to_owned(), source, edited, placeholders: TEMPLATE_FIELDS.to_vec() })
}

/// What the guard allows (the practice's phones, emails, names) and the reviewer's pseudonym.
pub fn guard_context(store: &Store, review: Option<&Review>) -> Result<GuardContext, Error> {
    let mut ctx = GuardContext::from_practitioners(&practice::list(store.conn())?);
    ctx.reviewer = review.map(|r| r.author.clone());
    Ok(ctx)
}

/// The values a template is filled with: the default signer's professional details.
fn reply_context(store: &Store, founded: bool) -> Result<ReplyContext, Error> {
    let signer = practice::default_signer(store.conn())?.ok_or_else(|| {
        Error::Refused("Renseignez d'abord le profil du cabinet (Paramètres) : la réponse utilise son téléphone et son adresse électronique.".into())
    })?;
    Ok(ReplyContext::from_practitioner(&signer, founded))
}

/// Keeps the doctor's version of a template once both its wordings (grievance founded or not)
/// render from the profile and pass the guard with no blocking finding: a template is reused
/// for many replies.
pub fn save_template(store: &mut Store, id: &str, source: &str) -> Result<TemplateDetail, Error> {
    label_of(id)?;
    replies::check_reply_length(source, "source")?;
    replies::check_template_source(source)?;
    let gctx = guard_context(store, None)?;
    let mut blocks: Vec<String> = Vec::new();
    for founded in [true, false] {
        let text = replies::render_reply(source, &reply_context(store, founded)?)
            .map_err(|e| Invalid::single("source", e.to_string()))?;
        blocks.extend(
            replies::check_reply(&text, &gctx)
                .into_iter()
                .filter(|f| f.severity == Severity::Block)
                .map(|f| format!("« {} » ({}) : {}", f.matched, f.category.label(), f.explanation)),
        );
    }
    blocks.dedup();
    if !blocks.is_empty() {
        let msg = format!("Un modèle ne doit contenir aucun passage bloquant. À corriger : {}", blocks.join(" ; "));
        return Err(Invalid::single("source", msg).into());
    }
    store.transaction(|tx| reply_templates::save(tx, id, source))?;
    template(store, id)
}

pub fn restore_template(store: &mut Store, id: &str) -> Result<TemplateDetail, Error> {
    label_of(id)?;
    store.transaction(|tx| reply_templates::restore(tx, id))?;
    template(store, id)
}

/// The chosen situation's template filled from the practice profile, ready to edit. `founded`:
/// the doctor finds the grievance founded (cause and measures) or not (surprise).
pub fn draft(store: &Store, review_id: i64, template_id: &str, founded: bool) -> Result<String, Error> {
    repo::get(store.conn(), review_id)?;
    let (source, _) = source_of(store, template_id)?;
    replies::render_reply(&source, &reply_context(store, founded)?).map_err(|e| {
        Error::Refused(format!("Le modèle ne peut pas être rempli : {e} Corrigez-le ou restaurez la version d'origine."))
    })
}

/// Keeps the reply being written (an empty text forgets it).
pub fn keep_draft(store: &mut Store, review_id: i64, text: &str) -> Result<(), Error> {
    replies::check_reply_length(text, "reply")?;
    Ok(store.transaction(|tx| repo::save_draft(tx, review_id, text))?)
}

pub fn kept_draft(store: &Store, review_id: i64) -> Result<Option<String>, Error> {
    Ok(repo::draft(store.conn(), review_id)?)
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
    /// What the page sends back to acknowledge it.
    pub ack: AckKey,
    pub category_label: String,
    pub severity: Severity,
    pub explanation: String,
    pub suggestion: String,
}

/// The guard's verdict on a draft.
#[derive(Debug, Serialize)]
pub struct GuardResult {
    pub findings: Vec<FindingView>,
    /// How many findings are blocking.
    pub blocking: usize,
    /// Bracketed passages still to complete (« [mesure prise] »), in UTF-16 units: the reply
    /// cannot be copied while there is one.
    pub placeholders: Vec<Span>,
}

/// A span of the draft in UTF-16 code units (JavaScript's `String.prototype.slice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// UTF-16 spans of byte spans, with the guard's own one-pass conversion.
fn utf16_spans(text: &str, bytes: &[(usize, usize)]) -> Vec<Span> {
    let units = erm_replies::secrecy::utf16_offsets(text, bytes.iter().flat_map(|&(a, b)| [a, b]));
    bytes.iter().map(|&(a, b)| Span { start: units[&a], end: units[&b] }).collect()
}

/// Runs the guard; the core gives each span in UTF-16 units too (computed in one pass).
pub fn findings(text: &str, ctx: &GuardContext) -> Vec<FindingView> {
    replies::check_reply(text, ctx)
        .into_iter()
        .map(|f| FindingView {
            start: f.utf16_start,
            end: f.utf16_end,
            byte_start: f.start,
            byte_end: f.end,
            ack: AckKey { category: f.category.as_str().to_owned(), matched: f.matched },
            category_label: f.category.label().to_owned(),
            severity: f.severity,
            explanation: f.explanation,
            suggestion: f.suggestion,
        })
        .collect()
}

/// The live guard, called as the doctor types. With the review, its author's pseudonym is
/// caught too. It writes nothing, and the guard runs outside the store's lock: only the
/// practice's profile and the review are read under it, so a read-only store still shows the
/// findings. The draft is kept by [`save_draft`].
pub async fn check(h: &impl Handle, review_id: Option<i64>, text: String) -> Result<GuardResult, Error> {
    replies::check_reply_length(&text, "reply")?;
    let ctx = h
        .run(move |store| {
            let review = review_id.map(|id| repo::get(store.conn(), id)).transpose()?;
            guard_context(store, review.as_ref())
        })
        .await?;
    h.off_thread(move || {
        let findings = findings(&text, &ctx);
        let blocking = findings.iter().filter(|f| f.severity == Severity::Block).count();
        let placeholders = utf16_spans(&text, &replies::unfilled_placeholders(&text));
        Ok(GuardResult { findings, blocking, placeholders })
    })
    .await
}

/// Keeps `text` as the review's draft reply (what the wizard shows when it is opened again).
pub fn save_draft(store: &mut Store, review_id: i64, text: &str) -> Result<(), Error> {
    replies::check_reply_length(text, "reply")?;
    store.transaction(|tx| repo::save_draft(tx, review_id, text))?;
    Ok(())
}

/// Refuses with the list of blocking findings of `text` that `acked` does not cover; returns the
/// blocking findings otherwise (all acknowledged).
fn enforce(text: &str, ctx: &GuardContext, acked: &[AckKey]) -> Result<Vec<AckKey>, Error> {
    let blocks: Vec<FindingView> = findings(text, ctx).into_iter().filter(|f| f.severity == Severity::Block).collect();
    let open: Vec<String> =
        blocks.iter().filter(|f| !acked.contains(&f.ack)).map(|f| format!("« {} » ({})", f.ack.matched, f.category_label)).collect();
    if !open.is_empty() {
        let n = open.len();
        return Err(Error::Refused(format!(
            "La réponse contient {n} passage{s} qui risque{nt} de porter atteinte au secret médical : {}. \
             Corrigez chacun, ou confirmez-le explicitement dans l'assistant.",
            open.join(", "),
            s = if n > 1 { "s" } else { "" },
            nt = if n > 1 { "nt" } else { "" },
        )));
    }
    Ok(blocks.into_iter().map(|f| f.ack).collect())
}

fn check_replying(review: &Review) -> Result<(), Error> {
    match review.status {
        ReviewStatus::ToAnswer | ReviewStatus::Answered => Ok(()),
        _ => Err(Error::Refused(format!(
            "Cet avis est « {} » : qualifiez-le comme critique licite et choisissez d'y répondre avant de copier une réponse.",
            review.status.label()
        ))),
    }
}

/// Checks a reply before it is copied: it must not be empty or too long, the review must be
/// one the doctor chose to answer, and every blocking finding must be acknowledged in `acks`.
/// The acknowledgements are recorded against the review; returns the text to copy and how
/// many findings were kept.
pub fn approve_copy(store: &mut Store, review_id: i64, text: &str, acks: &[AckKey]) -> Result<usize, Error> {
    if text.trim().is_empty() {
        return Err(Invalid::single("reply", "La réponse est vide.").into());
    }
    replies::check_reply_length(text, "reply")?;
    // A bracketed "[mesure prise]" left from a template is not something to publish.
    replies::ready_to_copy(text)?;
    let review = repo::get(store.conn(), review_id)?;
    check_replying(&review)?;
    let kept = enforce(text, &guard_context(store, Some(&review))?, acks)?;
    store.transaction(|tx| {
        kept.iter().try_for_each(|k| repo::record_ack(tx, review_id, k))?;
        repo::save_draft(tx, review_id, text)
    })?;
    Ok(kept.len())
}

/// Marks the review answered on `today`, keeping the reply's text. Refused while a blocking
/// finding of this text was not acknowledged when it was copied.
pub fn mark_answered(store: &mut Store, review_id: i64, text: &str, today: NaiveDate) -> Result<Review, Error> {
    replies::check_reply_length(text, "reply")?;
    let review = repo::get(store.conn(), review_id)?;
    check_replying(&review)?;
    let stored: Vec<AckKey> = repo::acks(store.conn(), review_id)?.into_iter().map(|a| a.key).collect();
    enforce(text, &guard_context(store, Some(&review))?, &stored)?;
    store.transaction(|tx| {
        let answered = repo::set_reply(tx, review_id, text, today)?;
        repo::save_draft(tx, review_id, "")?;
        Ok(answered)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_counted_in_utf16_units_in_one_walk() {
        // é is one unit, 😀 two: "é😀[x]" → the bracket starts at unit 3.
        let text = "é😀[x] et [y]";
        let spans = utf16_spans(text, &replies::unfilled_placeholders(text));
        assert_eq!(spans, vec![Span { start: 3, end: 6 }, Span { start: 10, end: 13 }]);
    }
}
