//! Dossiers: one case file per illicit content, from the first report to court — opening it
//! (from a review qualified as illicit or from any page), recording the steps of the ladder,
//! keeping evidence, and the legal clocks computed from facts on "today" given by the caller.
//! The letters of a case are assembled in `usecases::letters::case`; the exports (lawyer's
//! dossier, calendar) in [`export`].

pub mod evidence;
pub mod export;
pub mod form;
pub mod steps;
pub mod view;

use chrono::NaiveDate;
use serde::Serialize;

use erm_domain::case::{self as rules, clock, CaseEvent, CaseFile, CaseStatus, Ground, PartyRole, PlatformDecision};
use erm_domain::review::published::PublishedDate;
use erm_domain::review::qualification::Qualification;
use crate::error::Error;
use erm_store::cases::{self as repo, StoredCaseEvent};
use erm_store::letters as letter_repo;
use erm_store::versions::{self, Versioned};
use erm_store::{reviews, Store};
use crate::listings::Choice;
use form::{CaseForm, CaseStepInput};
use view::{describe, lapse_view, CaseDetail, CaseRow, EventRow, EvidenceRow};

/// A ground with its label and its plain explanation, for the qualification tick boxes.
#[derive(Debug, Serialize)]
pub struct GroundChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub explanation: &'static str,
}

/// The fixed lists and texts the case forms offer.
#[derive(Debug, Serialize)]
pub struct CaseOptions {
    pub grounds: Vec<GroundChoice>,
    pub roles: Vec<Choice>,
    pub decisions: Vec<Choice>,
    pub court_actions: Vec<Choice>,
    pub outcomes: Vec<Choice>,
    pub evidence_kinds: Vec<Choice>,
    pub receipt_choices: Vec<Choice>,
    pub formal_notice_days_min: u32,
    pub formal_notice_days_max: u32,
    pub formal_notice_days_default: u32,
    pub only_a_judge: &'static str,
    pub no_stop_warning: &'static str,
    pub max_evidence_mb: u64,
    /// What the doctor must read (and, for a notice, confirm) before each letter of a case.
    pub letter_warnings: std::collections::BTreeMap<&'static str, &'static [&'static str]>,
    pub today: NaiveDate,
}

pub fn options(today: NaiveDate) -> CaseOptions {
    use erm_domain::deadline::{FORMAL_NOTICE_DAYS_RANGE, FORMAL_NOTICE_DEFAULT_DAYS};
    fn choices<T: Copy>(all: &[T], name: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<Choice> {
        all.iter().map(|v| Choice { value: name(*v), label: label(*v) }).collect()
    }
    CaseOptions {
        grounds: Ground::ALL.iter().map(|g| GroundChoice { value: g.as_str(), label: g.label(), explanation: g.explanation() }).collect(),
        roles: choices(&PartyRole::ALL, PartyRole::as_str, PartyRole::label),
        decisions: choices(&PlatformDecision::ALL, PlatformDecision::as_str, PlatformDecision::label),
        court_actions: choices(&rules::CourtAction::ALL, rules::CourtAction::as_str, rules::CourtAction::label),
        outcomes: choices(&rules::Outcome::ALL, rules::Outcome::as_str, rules::Outcome::label),
        evidence_kinds: choices(&rules::EvidenceKind::ALL, rules::EvidenceKind::as_str, rules::EvidenceKind::label),
        receipt_choices: erm_domain::listing::ReceiptBasis::ALL
            .iter()
            .map(|b| Choice { value: b.as_str(), label: b.label() })
            .collect(),
        formal_notice_days_min: *FORMAL_NOTICE_DAYS_RANGE.start(),
        formal_notice_days_max: *FORMAL_NOTICE_DAYS_RANGE.end(),
        formal_notice_days_default: FORMAL_NOTICE_DEFAULT_DAYS,
        only_a_judge: rules::ONLY_A_JUDGE,
        no_stop_warning: clock::NO_STOP_WARNING,
        max_evidence_mb: erm_store::vault::MAX_EVIDENCE_BYTES / (1024 * 1024),
        letter_warnings: [
            crate::letters::case::CaseLetterKind::HostNotice,
            crate::letters::case::CaseLetterKind::FormalNotice,
            crate::letters::case::CaseLetterKind::FollowUp,
        ]
        .into_iter()
        .map(|k| (k.letter_kind().as_str(), erm_documents::letters::export_warnings(k.letter_kind())))
        .collect(),
        today,
    }
}

/// The form recording step `kind` on case `id` (fields and what is required, from Rust).
pub fn step_form(store: &Store, id: i64, kind: &str, today: NaiveDate) -> Result<steps::StepForm, Error> {
    let case = repo::get(store.conn(), id)?;
    steps::step_form(&case.parties, kind, today)
}

fn history(events: &[StoredCaseEvent]) -> Vec<CaseEvent> {
    events.iter().map(|e| e.event.clone()).collect()
}

fn row(case: &CaseFile, events: &[CaseEvent], today: NaiveDate) -> CaseRow {
    let open = !matches!(case.status, CaseStatus::Closed);
    CaseRow {
        id: case.id,
        title: case.title.clone(),
        site_name: case.site_name.clone(),
        url: case.url.clone(),
        status: case.status,
        status_label: case.status.label(),
        open,
        nearest_lapse: if open { clock::nearest_lapse(case, events, today).map(|c| lapse_view(&c, today)) } else { None },
    }
}

/// Every case, the open ones with the nearest lapse first, then the closed ones.
pub fn list(store: &Store, today: NaiveDate) -> Result<Vec<CaseRow>, Error> {
    let conn = store.conn();
    let mut rows: Vec<CaseRow> = repo::list_with_events(conn)?
        .iter()
        .map(|(case, events)| row(case, events, today))
        .collect();
    rows.sort_by_key(|r| (!r.open, r.nearest_lapse.as_ref().map_or(NaiveDate::MAX, |l| l.lapses_on), r.id));
    Ok(rows)
}

/// Issue 20: a prepared letter waiting to be posted comes first, and the rung it stands for is
/// not offered again meanwhile (a generated follow-up still showed « Envoyer une relance »).
fn posting_first(actions: Vec<rules::NextAction>, letters: &[crate::letters::LetterItem]) -> Vec<rules::NextAction> {
    let waiting: Vec<&crate::letters::LetterItem> = letters.iter().filter(|l| l.can_mark_sent).collect();
    let posts = waiting.iter().map(|l| rules::NextAction::post_letter(l.id, l.kind_label, l.dated));
    let rest = actions.into_iter().filter(|a| !waiting.iter().any(|l| a.letter == Some(l.kind.as_str())));
    posts.chain(rest).collect()
}

/// The case screen's data on `today`.
pub fn detail(store: &Store, id: i64, today: NaiveDate) -> Result<CaseDetail, Error> {
    let conn = store.conn();
    let case = repo::get(conn, id)?;
    let stored = repo::events(conn, id)?;
    let events = history(&stored);
    let clocks = clock::clocks(&case, &events);
    let nearest = if case.status == CaseStatus::Closed { None } else { clock::nearest_lapse(&case, &events, today) };
    let evidence = repo::evidence::list(conn, id)?
        .into_iter()
        .map(|e| EvidenceRow { kind_label: e.kind.label(), evidence: e })
        .collect();
    let letters: Vec<crate::letters::LetterItem> = letter_repo::for_case(conn, id)?.iter().map(|l| crate::letters::letter_item(l, None)).collect();
    let next_actions = posting_first(rules::actions::next_actions(&case, &events, today), &letters);
    Ok(CaseDetail {
        row_version: versions::current(conn, Versioned::CaseFile, id)?,
        status_label: case.status.label(),
        statements: view::statements(&case),
        publication_text: view::publication_text(&case.first_publication),
        nearest_lapse: nearest.map(|c| lapse_view(&c, today)),
        next_actions,
        clocks,
        events: stored
            .iter()
            .map(|e| {
                let (label, details) = describe(&e.event);
                EventRow { id: e.id, on: e.event.occurred_on(), label, details, note: e.note.clone(), recorded_at: e.recorded_at.clone() }
            })
            .collect(),
        evidence,
        letters,
        only_a_judge: rules::ONLY_A_JUDGE,
        no_stop_warning: clock::NO_STOP_WARNING,
        case,
    })
}

/// Opens a case from its form. A case opened from a review is refused when that review already
/// has one (the doctor is sent to it instead).
/// « Enregistrer » on the case form: a new case (`id` none) or the case `id` updated.
pub fn save(store: &mut Store, id: Option<i64>, form: &CaseForm, today: NaiveDate) -> Result<CaseDetail, Error> {
    match id {
        Some(id) => update(store, id, form, today),
        None => open(store, form, today),
    }
}

pub fn open(store: &mut Store, form: &CaseForm, today: NaiveDate) -> Result<CaseDetail, Error> {
    let input = form.validate(today)?;
    if let Some(review_id) = input.review_id {
        reviews::get(store.conn(), review_id)?;
        if let Some(existing) = repo::for_review(store.conn(), review_id)? {
            return Err(Error::Refused(format!("Un dossier est déjà ouvert pour cet avis : « {} ».", existing.title)));
        }
    }
    let case = store.transaction(|tx| repo::insert(tx, &input, today))?;
    detail(store, case.id, today)
}

pub fn update(store: &mut Store, id: i64, form: &CaseForm, today: NaiveDate) -> Result<CaseDetail, Error> {
    let input = form.validate(today)?;
    let expected = versions::required(form.row_version)?;
    store.transaction(|tx| {
        let current = repo::get(tx, id)?;
        versions::claim(tx, Versioned::CaseFile, id, expected, || case_differs(&current, &input))?;
        repo::update(tx, id, &input)
    })?;
    detail(store, id, today)
}

/// The case form's fields whose saved value differs from the form's, in French.
fn case_differs(saved: &CaseFile, form: &rules::CaseInput) -> Vec<&'static str> {
    versions::differing([
        (saved.title != form.title, "titre"),
        (saved.url != form.url, "adresse du contenu"),
        (saved.site_name != form.site_name, "site"),
        (saved.author != form.author, "auteur"),
        (saved.statements != form.statements, "propos cités"),
        (saved.parties != form.parties, "intervenants"),
        (saved.first_publication != form.first_publication, "date de première publication"),
        (saved.discovered_on != form.discovered_on, "date de découverte"),
        (saved.notes != form.notes, "notes"),
    ])
}

pub fn delete(store: &mut Store, id: i64) -> Result<(), Error> {
    Ok(store.transaction(|tx| repo::delete(tx, id))?)
}

/// Records one step of the ladder; the state machine refuses an illegal one in French.
pub fn record_step(store: &mut Store, id: i64, input: &CaseStepInput, today: NaiveDate) -> Result<CaseDetail, Error> {
    let event = input.to_event()?;
    store.transaction(|tx| repo::record_event(tx, id, &event, input.side_note(&event), today))?;
    detail(store, id, today)
}

/// The case form filled from a review qualified as illicit: its address, platform, author, the
/// quoted statements with their grounds, and its publication date (an approximate one becomes
/// the window it may fall in).
#[derive(Debug, Serialize)]
pub struct CaseDraft {
    pub title: String,
    pub url: String,
    pub site_name: String,
    pub author: String,
    pub review_id: i64,
    pub statements: Vec<erm_domain::case::QuotedStatement>,
    pub publication: serde_json::Value,
    pub discovered_on: NaiveDate,
    /// The case already opened for this review, if any.
    pub existing_case_id: Option<i64>,
}

pub fn draft_from_review(store: &Store, review_id: i64, today: NaiveDate) -> Result<CaseDraft, Error> {
    let conn = store.conn();
    let review = reviews::get(conn, review_id)?;
    let statements = match &review.qualification {
        Some(Qualification::Illicit { statements }) => statements.clone(),
        _ => return Err(Error::Refused("Qualifiez d'abord cet avis comme peut-être illicite, en citant chaque propos contesté : le dossier reprend ces citations.".into())),
    };
    let publication = match &review.published {
        PublishedDate::Exact { on } => serde_json::json!({ "kind": "exact", "on": on }),
        PublishedDate::Approximate { seen_text, seen_on, estimated_on } => {
            match rules::validate::approximate_from_age(seen_text, *seen_on) {
                Some(rules::FirstPublication::Approximate { earliest_on, latest_on, .. }) => serde_json::json!({
                    "kind": "approximate", "earliest_on": earliest_on, "latest_on": latest_on, "seen_text": seen_text, "seen_on": seen_on }),
                _ => serde_json::json!({ "kind": "approximate", "earliest_on": estimated_on, "latest_on": estimated_on, "seen_text": seen_text, "seen_on": seen_on }),
            }
        }
    };
    let existing_case_id = repo::for_review(conn, review_id)?.map(|c| c.id);
    Ok(CaseDraft {
        title: format!("Avis {} de {}", review.platform, review.author),
        url: review.url.clone().unwrap_or_default(),
        site_name: review.platform.clone(),
        author: review.author.clone(),
        review_id,
        statements,
        publication,
        discovered_on: today.min(review.created_at.get(..10).and_then(|d| d.parse().ok()).unwrap_or(today)),
        existing_case_id,
    })
}
