//! Repository of letter rows. A row holds everything the PDF was made from (`data`), so the
//! same document can be produced again; the PDF file itself is only a copy.
//!
//! Marking an erasure letter sent or acknowledged also moves its listing through the state
//! machine (events `erasure_requested` and `receipt_acknowledged`) in the same transaction.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::listings::record_event;
use erm_domain::listing::{Event, RequestChannel};
use erm_domain::validation::Invalid;
use crate::{Result, StoreError};
use erm_domain::letter::LetterKind;
use crate::now_utc;

/// A stored letter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterRow {
    pub id: i64,
    /// Stored under [`LetterKind::as_str`]; the table's CHECK lists the same names.
    pub kind: LetterKind,
    pub listing_id: Option<i64>,
    /// The case file the letter belongs to, if any.
    pub case_id: Option<i64>,
    /// Recipient as the letter engine takes it (name, address lines…).
    pub recipient: serde_json::Value,
    /// The complete input of the PDF.
    pub data: serde_json::Value,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub sent_on: Option<NaiveDate>,
    pub registered_number: Option<String>,
    pub acknowledged_on: Option<NaiveDate>,
}

/// What to store for a new letter.
#[derive(Debug, Clone)]
pub struct NewLetter {
    pub kind: LetterKind,
    pub listing_id: Option<i64>,
    pub case_id: Option<i64>,
    pub recipient: serde_json::Value,
    pub data: serde_json::Value,
}

const COLUMNS: &str = "id, kind, listing_id, case_id, recipient, data, created_at, sent_on, registered_number, acknowledged_on";

fn from_row(row: &Row<'_>) -> rusqlite::Result<LetterRow> {
    Ok(LetterRow {
        id: row.get(0)?,
        kind: crate::row::named(row, 1, LetterKind::parse)?,
        listing_id: row.get(2)?,
        case_id: row.get(3)?,
        recipient: crate::row::json(row, 4)?,
        data: crate::row::json(row, 5)?,
        created_at: row.get(6)?,
        sent_on: row.get::<_, Option<NaiveDate>>(7)?,
        registered_number: row.get(8)?,
        acknowledged_on: row.get::<_, Option<NaiveDate>>(9)?,
    })
}

fn not_found() -> StoreError {
    StoreError::NotFound("Ce courrier n'existe plus.".into())
}

pub fn insert(conn: &Connection, letter: &NewLetter) -> Result<LetterRow> {
    if let Some(listing) = letter.listing_id {
        crate::listings::get(conn, listing)?;
    }
    if let Some(case) = letter.case_id {
        crate::cases::get(conn, case)?;
    }
    conn.execute(
        "INSERT INTO letter (kind, listing_id, case_id, recipient, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![letter.kind.as_str(), letter.listing_id, letter.case_id, letter.recipient.to_string(), letter.data.to_string(), now_utc()],
    )?;
    get(conn, conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> Result<LetterRow> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM letter WHERE id = ?1"), [id], from_row).optional()?.ok_or_else(not_found)
}

/// Letters about a listing, oldest first.
pub fn for_listing(conn: &Connection, listing_id: i64) -> Result<Vec<LetterRow>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM letter WHERE listing_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([listing_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Letters of a case file, oldest first.
pub fn for_case(conn: &Connection, case_id: i64) -> Result<Vec<LetterRow>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM letter WHERE case_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([case_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every letter, newest first (the « Courriers » register).
pub fn list_all(conn: &Connection) -> Result<Vec<LetterRow>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM letter ORDER BY id DESC"))?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// La Poste numbers are typed with spaces; stored without, in capitals.
fn normalise_number(raw: Option<&str>) -> Option<String> {
    raw.map(|n| n.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()).filter(|n| !n.is_empty())
}

fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Records that the letter was posted on `sent_on`, with its registered-mail number. For an
/// erasure letter about a listing, the listing moves to "demande d'effacement envoyée" (which
/// requires the number).
pub fn mark_sent(conn: &Connection, id: i64, sent_on: NaiveDate, registered_number: Option<&str>, today: NaiveDate) -> Result<LetterRow> {
    let letter = get(conn, id)?;
    if let Some(prev) = letter.sent_on {
        return Err(StoreError::Refused(format!("Ce courrier est déjà enregistré comme envoyé le {}.", fr(prev))));
    }
    if sent_on > today {
        return Err(Invalid::single("sent_on", "La date d'envoi ne peut pas être dans le futur.").into());
    }
    let number = normalise_number(registered_number);
    if let (Some(listing), LetterKind::ErasureRequest) = (letter.listing_id, letter.kind) {
        let event = Event::ErasureRequested {
            sent_on,
            channel: RequestChannel::RegisteredLetter,
            letter_id: Some(id),
            registered_number: number.clone(),
        };
        record_event(conn, listing, &event, "", today)?;
    }
    conn.execute(
        "UPDATE letter SET sent_on = ?2, registered_number = ?3 WHERE id = ?1",
        params![id, sent_on.to_string(), number],
    )?;
    get(conn, id)
}

/// Records the acknowledgement-of-receipt date. For an erasure letter about a listing this starts
/// the publisher's one-month clock.
pub fn mark_acknowledged(conn: &Connection, id: i64, acknowledged_on: NaiveDate, today: NaiveDate) -> Result<LetterRow> {
    mark_received(conn, id, acknowledged_on, erm_domain::listing::ReceiptBasis::Acknowledged, today)
}

/// Records the date the letter reached the recipient: the acknowledgement date, or, when no
/// acknowledgement came back or the letter was returned unclaimed, the date of first
/// presentation (`basis` says which). Either starts the publisher's clock.
pub fn mark_received(
    conn: &Connection,
    id: i64,
    acknowledged_on: NaiveDate,
    basis: erm_domain::listing::ReceiptBasis,
    today: NaiveDate,
) -> Result<LetterRow> {
    let letter = get(conn, id)?;
    let Some(sent) = letter.sent_on else {
        return Err(StoreError::Refused("Enregistrez d'abord l'envoi de ce courrier (date et numéro de recommandé).".into()));
    };
    if let Some(prev) = letter.acknowledged_on {
        return Err(StoreError::Refused(format!("L'accusé de réception est déjà enregistré au {}.", fr(prev))));
    }
    if acknowledged_on > today {
        return Err(Invalid::single("acknowledged_on", "La date de l'accusé de réception ne peut pas être dans le futur.").into());
    }
    if acknowledged_on < sent {
        return Err(Invalid::single(
            "acknowledged_on",
            format!("L'accusé de réception ({}) ne peut pas précéder l'envoi ({}).", fr(acknowledged_on), fr(sent)),
        )
        .into());
    }
    if let (Some(listing), LetterKind::ErasureRequest) = (letter.listing_id, letter.kind) {
        record_event(conn, listing, &Event::ReceiptAcknowledged { acknowledged_on, basis }, "", today)?;
    }
    conn.execute("UPDATE letter SET acknowledged_on = ?2 WHERE id = ?1", params![id, acknowledged_on.to_string()])?;
    get(conn, id)
}
