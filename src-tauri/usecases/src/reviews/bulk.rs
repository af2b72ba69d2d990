//! Bulk actions on a selection of the inbox (issue 9, point 8): after an import of thirty
//! reviews, qualify the harmless ones as lawful and leave them unanswered, or prepare the
//! thank-you reply of the positive ones — in one transaction, all or nothing.
//!
//! Nothing is copied or marked answered here: a prepared reply is only the review's kept draft,
//! checked by the secrecy guard with the review's context. The doctor still copies each reply
//! through the wizard, which runs the guard again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use erm_domain::review::{Qualification, QualificationKind, Review, ReviewStatus};
use erm_domain::validation::Invalid;
use crate::error::Error;
use erm_replies::{self as replies, Severity};
use erm_store::StoreError;
use erm_store::reviews as repo;
use erm_store::Store;
use crate::replies as reply_uc;

/// The most reviews one bulk action takes (ten pages of the inbox and more).
pub const BULK_MAX: usize = 500;

/// The reply template a thank-you is prepared from.
pub const THANK_YOU_TEMPLATE: &str = "avis_positif";

/// The lowest rating a thank-you is prepared for.
pub const THANK_YOU_MIN_RATING: u8 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    /// Qualify as lawful (if not yet) and deliberately leave unanswered.
    LeaveAlone,
    /// Qualify as lawful, decide to reply, and keep the thank-you reply as the draft.
    ThankYou,
}

/// A selected review the action did not change, and why (a French phrase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub id: i64,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct BulkOutcome {
    /// Reviews changed.
    pub done: usize,
    pub skipped: Vec<Skipped>,
    /// Thank-you drafts to read first: the guard found a blocking passage, or a « […] » is
    /// left to complete. They are kept as drafts like the others.
    pub to_review: Vec<i64>,
    /// What happened, in French, for the page.
    pub summary: String,
}

/// What to write for one review.
struct Plan {
    id: i64,
    qualify: bool,
    to: ReviewStatus,
    draft: Option<String>,
}

/// Why a review is left as it is, or `None` when the action applies to it.
fn skip_reason(review: &Review, action: BulkAction, has_draft: bool) -> Option<String> {
    let illicit = review.qualification.as_ref().map(Qualification::kind) == Some(QualificationKind::Illicit);
    match review.status {
        ReviewStatus::Answered => return Some("déjà répondu".into()),
        ReviewStatus::Escalated => return Some("qualifié de possiblement illicite".into()),
        _ if illicit => return Some("qualifié de possiblement illicite".into()),
        _ => {}
    }
    match action {
        BulkAction::LeaveAlone => match review.status {
            ReviewStatus::LeftAlone => Some("déjà ignoré volontairement".into()),
            _ => None,
        },
        BulkAction::ThankYou => match review.rating {
            None => Some("sans note".into()),
            Some(r) if r < THANK_YOU_MIN_RATING => Some(format!("note de {r} étoile{}", if r > 1 { "s" } else { "" })),
            _ if has_draft => Some("réponse déjà en cours de rédaction".into()),
            _ => None,
        },
    }
}

/// The selection checked: not empty, not above [`BULK_MAX`], each id once (first order kept).
fn checked_ids(ids: &[i64]) -> Result<Vec<i64>, Error> {
    if ids.is_empty() {
        return Err(Invalid::single("ids", "Sélectionnez au moins un avis.").into());
    }
    let mut unique: Vec<i64> = Vec::with_capacity(ids.len());
    for &id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    if unique.len() > BULK_MAX {
        return Err(Invalid::single(
            "ids",
            format!("Sélectionnez au plus {BULK_MAX} avis à la fois ({} sélectionnés).", unique.len()),
        )
        .into());
    }
    Ok(unique)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

fn summary(action: BulkAction, done: usize, skipped: &[Skipped], to_review: usize) -> String {
    let mut out = match action {
        BulkAction::LeaveAlone => {
            format!("{} comme licite{} et ignoré{} volontairement.", plural(done, "avis qualifié", "avis qualifiés"),
                if done > 1 { "s" } else { "" }, if done > 1 { "s" } else { "" })
        }
        BulkAction::ThankYou => {
            let mut s = format!(
                "{} : relisez et copiez chacune depuis l'avis (« Ouvrir »), l'assistant la contrôle à nouveau.",
                plural(done, "réponse de remerciement préparée", "réponses de remerciement préparées")
            );
            if to_review > 0 {
                s.push_str(&format!(
                    " {} à relire avant tout (passage signalé par le contrôle du secret médical ou texte [entre crochets] à compléter).",
                    plural(to_review, "réponse", "réponses")
                ));
            }
            s
        }
    };
    if !skipped.is_empty() {
        // Reasons grouped, in the order first met.
        let mut groups: Vec<(&str, usize)> = Vec::new();
        for s in skipped {
            match groups.iter_mut().find(|(r, _)| *r == s.reason) {
                Some((_, n)) => *n += 1,
                None => groups.push((&s.reason, 1)),
            }
        }
        let list: Vec<String> = groups.iter().map(|(r, n)| format!("{r} ({n})")).collect();
        out.push_str(&format!(
            " {} tel{} quel{} : {}.",
            plural(skipped.len(), "avis laissé", "avis laissés"),
            if skipped.len() > 1 { "s" } else { "" },
            if skipped.len() > 1 { "s" } else { "" },
            list.join(", ")
        ));
    }
    out
}

/// Applies `action` to the selected reviews, in one transaction: a refusal leaves every review
/// as it was. Reviews the action does not fit are reported in `skipped`, not refused; an id
/// that no longer exists refuses the whole action.
pub fn bulk(store: &mut Store, ids: &[i64], action: BulkAction, today: NaiveDate) -> Result<BulkOutcome, Error> {
    let ids = checked_ids(ids)?;
    let mut plans = Vec::new();
    let mut skipped = Vec::new();
    let mut to_review = Vec::new();
    for id in ids {
        let review = repo::get(store.conn(), id).map_err(|e| match e {
            StoreError::NotFound(_) => Error::NotFound(format!("L'avis n° {id} n'existe plus : actualisez la liste et recommencez.")),
            other => Error::from(other),
        })?;
        let has_draft = repo::draft(store.conn(), id)?.is_some();
        if let Some(reason) = skip_reason(&review, action, has_draft) {
            skipped.push(Skipped { id, reason });
            continue;
        }
        let qualify = review.qualification.is_none();
        let plan = match action {
            BulkAction::LeaveAlone => Plan { id, qualify, to: ReviewStatus::LeftAlone, draft: None },
            BulkAction::ThankYou => {
                let text = reply_uc::draft(store, id, THANK_YOU_TEMPLATE, false)?;
                replies::check_reply_length(&text, "reply")?;
                let ctx = reply_uc::guard_context(store, Some(&review))?;
                let blocking = reply_uc::findings(&text, &ctx).iter().any(|f| f.severity == Severity::Block);
                if blocking || !replies::unfilled_placeholders(&text).is_empty() {
                    to_review.push(id);
                }
                Plan { id, qualify, to: ReviewStatus::ToAnswer, draft: Some(text) }
            }
        };
        plans.push((plan, review.status));
    }
    store.transaction(|tx| {
        for (plan, from) in &plans {
            if plan.qualify {
                repo::set_qualification(tx, plan.id, &Qualification::Lawful, today)?;
            }
            if *from != plan.to {
                repo::set_status(tx, plan.id, plan.to, today)?;
            }
            if let Some(text) = &plan.draft {
                repo::save_draft(tx, plan.id, text)?;
            }
        }
        Ok::<_, Error>(())
    })?;
    let done = plans.len();
    let summary = summary(action, done, &skipped, to_review.len());
    log::info!("bulk {action:?}: {done} done, {} skipped, {} to review", skipped.len(), to_review.len());
    Ok(BulkOutcome { done, skipped, to_review, summary })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_is_checked_and_deduplicated() {
        assert!(checked_ids(&[]).unwrap_err().to_string().contains("au moins un avis"));
        assert_eq!(checked_ids(&[3, 1, 3, 2, 1]).unwrap(), vec![3, 1, 2]);
        let many: Vec<i64> = (1..=(BULK_MAX as i64 + 1)).collect();
        assert!(checked_ids(&many).unwrap_err().to_string().contains("au plus 500 avis"));
        let twice: Vec<i64> = (1..=BULK_MAX as i64).chain(1..=10).collect();
        assert_eq!(checked_ids(&twice).unwrap().len(), BULK_MAX, "a repeated id counts once");
    }

    #[test]
    fn the_summary_groups_the_reasons() {
        let skipped = vec![
            Skipped { id: 1, reason: "déjà répondu".into() },
            Skipped { id: 2, reason: "qualifié de possiblement illicite".into() },
            Skipped { id: 3, reason: "déjà répondu".into() },
        ];
        let s = summary(BulkAction::LeaveAlone, 2, &skipped, 0);
        assert_eq!(
            s,
            "2 avis qualifiés comme licites et ignorés volontairement. 3 avis laissés tels quels : \
             déjà répondu (2), qualifié de possiblement illicite (1)."
        );
        assert_eq!(summary(BulkAction::LeaveAlone, 1, &[], 0), "1 avis qualifié comme licite et ignoré volontairement.");
        assert!(summary(BulkAction::ThankYou, 3, &[], 1).contains("1 réponse à relire avant tout"));
    }
}
