//! Repository of case files and their event history. Every status change goes through
//! [`record_event`], which asks `domain::case::machine::apply` first and only then writes the
//! event and the new status: a refused step leaves nothing behind. Evidence rows are in
//! [`evidence`] (the files themselves in [`super::vault`]); letters of a case in
//! `listings::letters::for_case`.

pub mod evidence;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use erm_domain::case::machine::apply;
use erm_domain::case::{CaseEvent, CaseFile, CaseInput, CaseStatus, Outcome};
use erm_domain::validation::Invalid;
use crate::{Result, StoreError};

use super::now_utc;
use super::row::{json, named};

/// One stored step of a case's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredCaseEvent {
    pub id: i64,
    pub case_id: i64,
    pub event: CaseEvent,
    /// UTC, RFC 3339.
    pub recorded_at: String,
    pub from_status: CaseStatus,
    pub to_status: CaseStatus,
    pub note: String,
}

/// A case as the list of cases shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseSummary {
    pub case: CaseFile,
    pub evidence_count: i64,
    pub letter_count: i64,
    /// The date of the latest recorded event, if any.
    pub last_event_on: Option<NaiveDate>,
}

const COLUMNS: &str = "c.id, c.title, c.url, c.site_name, c.author, c.review_id, c.statements, c.parties, \
                       c.first_publication, c.discovered_on, c.opened_on, c.status, c.outcome, c.notes, \
                       c.created_at, c.updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<CaseFile> {
    let outcome: Option<String> = row.get(12)?;
    let outcome = match outcome {
        None => None,
        Some(_) => Some(named(row, 12, Outcome::parse)?),
    };
    Ok(CaseFile {
        id: row.get(0)?,
        title: row.get(1)?,
        url: row.get(2)?,
        site_name: row.get(3)?,
        author: row.get(4)?,
        review_id: row.get(5)?,
        statements: json(row, 6)?,
        parties: json(row, 7)?,
        first_publication: json(row, 8)?,
        discovered_on: row.get::<_, NaiveDate>(9)?,
        opened_on: row.get::<_, NaiveDate>(10)?,
        status: named(row, 11, CaseStatus::parse)?,
        outcome,
        notes: row.get(13)?,
        created_at: row.get(14)?,
        updated_at: row.get(15)?,
    })
}

fn not_found() -> StoreError {
    StoreError::NotFound("Ce dossier n'existe plus.".into())
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("case data serialise")
}

pub fn get(conn: &Connection, id: i64) -> Result<CaseFile> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM case_file c WHERE c.id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(not_found)
}

/// The case opened from `review_id`, if any (at most one per review).
pub fn for_review(conn: &Connection, review_id: i64) -> Result<Option<CaseFile>> {
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM case_file c WHERE c.review_id = ?1"), [review_id], from_row).optional()?)
}

/// Every case in one query: open ones first, most recently changed first, closed ones last.
pub fn list(conn: &Connection) -> Result<Vec<CaseSummary>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS}, \
                (SELECT count(*) FROM evidence e WHERE e.case_id = c.id), \
                (SELECT count(*) FROM letter l WHERE l.case_id = c.id), \
                (SELECT max(occurred_on) FROM case_event v WHERE v.case_id = c.id) \
         FROM case_file c ORDER BY c.status = 'closed', c.updated_at DESC, c.id DESC"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(CaseSummary {
                case: from_row(r)?,
                evidence_count: r.get(16)?,
                letter_count: r.get(17)?,
                last_event_on: r.get::<_, Option<NaiveDate>>(18)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The review must exist and have no other case.
fn check_review(conn: &Connection, review_id: Option<i64>, except: Option<i64>) -> Result<()> {
    let Some(review_id) = review_id else { return Ok(()) };
    let exists: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM review WHERE id = ?1)", [review_id], |r| r.get(0))?;
    if !exists {
        return Err(Invalid::single("review_id", "Cet avis n'existe plus.").into());
    }
    let other: Option<i64> = conn
        .query_row("SELECT id FROM case_file WHERE review_id = ?1 AND id IS NOT ?2", params![review_id, except], |r| r.get(0))
        .optional()?;
    match other {
        Some(_) => Err(Invalid::single("review_id", "Un dossier est déjà ouvert pour cet avis.").into()),
        None => Ok(()),
    }
}

/// Stores a new case (status « ouvert »). `input` has been validated by the caller
/// (`domain::case::validate::validate_case`); only what needs the database is checked here.
pub fn insert(conn: &Connection, input: &CaseInput, opened_on: NaiveDate) -> Result<CaseFile> {
    check_review(conn, input.review_id, None)?;
    let now = now_utc();
    conn.execute(
        "INSERT INTO case_file (title, url, site_name, author, review_id, statements, parties, first_publication, \
                                discovered_on, opened_on, status, outcome, notes, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'open', NULL, ?11, ?12, ?12)",
        params![input.title, input.url, input.site_name, input.author, input.review_id, to_json(&input.statements),
                to_json(&input.parties), to_json(&input.first_publication), input.discovered_on, opened_on,
                input.notes, now],
    )?;
    get(conn, conn.last_insert_rowid())
}

/// Replaces what the doctor entered (validated by the caller); status, outcome and history stay.
pub fn update(conn: &Connection, id: i64, input: &CaseInput) -> Result<CaseFile> {
    get(conn, id)?;
    check_review(conn, input.review_id, Some(id))?;
    conn.execute(
        "UPDATE case_file SET title=?2, url=?3, site_name=?4, author=?5, review_id=?6, statements=?7, parties=?8, \
                              first_publication=?9, discovered_on=?10, notes=?11, updated_at=?12 WHERE id=?1",
        params![id, input.title, input.url, input.site_name, input.author, input.review_id, to_json(&input.statements),
                to_json(&input.parties), to_json(&input.first_publication), input.discovered_on, input.notes, now_utc()],
    )?;
    get(conn, id)
}

/// Deletes a case and its history, only while it holds no evidence and no letter: those are
/// the doctor's proof and must not disappear with a click.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    get(conn, id)?;
    let (evidence, letters): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM evidence WHERE case_id = ?1), (SELECT count(*) FROM letter WHERE case_id = ?1)",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if evidence > 0 || letters > 0 {
        return Err(StoreError::Refused(format!(
            "Ce dossier ne peut pas être supprimé : il contient {evidence} preuve(s) et {letters} courrier(s), qui doivent être conservés. Vous pouvez le clore à la place."
        )));
    }
    conn.execute("DELETE FROM case_file WHERE id = ?1", [id])?;
    Ok(())
}

/// The case's history, oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<StoredCaseEvent>> {
    get(conn, id)?;
    let mut stmt = conn.prepare(
        "SELECT id, case_id, proof, recorded_at, from_status, to_status, note FROM case_event WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(StoredCaseEvent {
                id: r.get(0)?,
                case_id: r.get(1)?,
                event: json(r, 2)?,
                recorded_at: r.get(3)?,
                from_status: named(r, 4, CaseStatus::parse)?,
                to_status: named(r, 5, CaseStatus::parse)?,
                note: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every case with its history (oldest first), in two queries whatever the number of cases: the
/// list, the dashboard and the calendar compute each case's clocks from it.
pub fn list_with_events(conn: &Connection) -> Result<Vec<(CaseFile, Vec<CaseEvent>)>> {
    let mut by_case: std::collections::HashMap<i64, Vec<CaseEvent>> = std::collections::HashMap::new();
    let mut stmt = conn.prepare("SELECT case_id, proof FROM case_event ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        by_case.entry(r.get(0)?).or_default().push(json(r, 1)?);
    }
    Ok(list(conn)?
        .into_iter()
        .map(|s| {
            let events = by_case.remove(&s.case.id).unwrap_or_default();
            (s.case, events)
        })
        .collect())
}

/// Applies `event` to the case through the state machine (with the case's whole history) and,
/// if accepted, stores the event and the new status and outcome. Writes twice: the caller runs
/// it inside a transaction (`Store::transaction`), together with any other write that belongs to
/// the same step (a letter marked sent…), so a refusal or a failure leaves nothing behind.
pub fn record_event(conn: &Connection, id: i64, event: &CaseEvent, note: &str, today: NaiveDate) -> Result<CaseFile> {
    let current = get(conn, id)?;
    let history: Vec<CaseEvent> = events(conn, id)?.into_iter().map(|e| e.event).collect();
    let next = apply(&current, &history, event, today)?;
    let now = now_utc();
    conn.execute(
        "INSERT INTO case_event (case_id, kind, occurred_on, recorded_at, from_status, to_status, proof, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, event.kind(), event.occurred_on(), now, current.status.as_str(), next.status.as_str(),
                to_json(event), note.trim()],
    )?;
    conn.execute(
        "UPDATE case_file SET status=?2, outcome=?3, updated_at=?4 WHERE id=?1",
        params![id, next.status.as_str(), next.outcome.map(Outcome::as_str), now],
    )?;
    get(conn, id)
}
